// Fast side: the Convolution layer for small filters (see small_filters.hpp).
#include "05_im2col/small_filters.hpp"

#include "common/block_product.hpp"

#include "02_stride/stride.hpp"
#include "common/parallel.hpp"
#include "common/shape.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <vector>

namespace cnn {

namespace {

constexpr Index kSmallK = 160;

struct Geometry {
    Index C, H, W, FH, FW, S, P, OH, OW;
};

/// The outputs ow whose window cell kw falls inside the image's width, [first, last): the others
/// read padding. Computed once per (kw), so the loops below have no test per cell and vectorize.
struct Inside {
    Index first, last;
};
Inside inside_columns(const Geometry& g, Index kw) {
    // w = ow*S + kw - P must satisfy 0 <= w < W.
    const Index lo = g.P - kw, hi = g.W + g.P - kw;  // ow*S in [lo, hi)
    const Index first = lo <= 0 ? 0 : (lo + g.S - 1) / g.S;
    const Index last = hi <= 0 ? 0 : std::min(g.OW, (hi + g.S - 1) / g.S);
    return {std::min(first, last), last};
}

// Short rows (a window row is OW values): plain loops the compiler inlines and vectorizes; a call to
// memcpy per row cost more than the copy.
void copy_into(Scalar* __restrict dst, const Scalar* __restrict src, Index count) {
    for (Index i = 0; i < count; ++i) dst[i] = src[i];
}
void add_into(Scalar* __restrict dst, const Scalar* __restrict src, Index count) {
    for (Index i = 0; i < count; ++i) dst[i] += src[i];
}

/// colT(k, oh*OW + ow) = xp(n, c, oh*S + kh, ow*S + kw) for k = (c*FH + kh)*FW + kw: im2col's matrix
/// of one image, transposed.
void image_to_columns(const Scalar* x, const Geometry& g, Scalar* colT) {
    for (Index c = 0; c < g.C; ++c)
        for (Index kh = 0; kh < g.FH; ++kh)
            for (Index kw = 0; kw < g.FW; ++kw) {
                Scalar* row = colT + ((c * g.FH + kh) * g.FW + kw) * g.OH * g.OW;
                const Inside in = inside_columns(g, kw);
                for (Index oh = 0; oh < g.OH; ++oh) {
                    Scalar* dst = row + oh * g.OW;
                    const Index h = oh * g.S + kh - g.P;
                    if (h < 0 || h >= g.H) {
                        std::fill(dst, dst + g.OW, Scalar(0));
                        continue;
                    }
                    const Scalar* src = x + (c * g.H + h) * g.W;
                    const Index shift = kw - g.P;
                    std::fill(dst, dst + in.first, Scalar(0));
                    if (g.S == 1) {  // a window row is a piece of the image row: one copy
                        copy_into(dst + in.first, src + in.first + shift, in.last - in.first);
                    } else {
                        for (Index ow = in.first; ow < in.last; ++ow) dst[ow] = src[ow * g.S + shift];
                    }
                    std::fill(dst + in.last, dst + g.OW, Scalar(0));
                }
            }
}

/// The reverse: dx(c, h, w) += dcolT(k, oh*OW + ow) for every window cell inside the image.
void columns_to_image(const Scalar* dcolT, const Geometry& g, Scalar* dx) {
    std::fill(dx, dx + g.C * g.H * g.W, Scalar(0));
    for (Index c = 0; c < g.C; ++c)
        for (Index kh = 0; kh < g.FH; ++kh)
            for (Index kw = 0; kw < g.FW; ++kw) {
                const Scalar* row = dcolT + ((c * g.FH + kh) * g.FW + kw) * g.OH * g.OW;
                const Inside in = inside_columns(g, kw);
                for (Index oh = 0; oh < g.OH; ++oh) {
                    const Index h = oh * g.S + kh - g.P;
                    if (h < 0 || h >= g.H) continue;
                    const Index shift = kw - g.P;
                    if (g.S == 1) {  // contiguous on both sides: a vector add
                        add_into(dx + (c * g.H + h) * g.W + in.first + shift, row + oh * g.OW + in.first,
                                 in.last - in.first);
                        continue;
                    }
                    Scalar* __restrict dst = dx + (c * g.H + h) * g.W;
                    const Scalar* __restrict src = row + oh * g.OW;
                    for (Index ow = in.first; ow < in.last; ++ow) dst[ow * g.S + shift] += src[ow];
                }
            }
}

Geometry geometry(const Shape4& x, const Tensor4& w, int stride, int pad) {
    const Shape2 o = conv_output_shape(x, static_cast<int>(w.dimension(2)), static_cast<int>(w.dimension(3)),
                                       Stride{stride}, Pad{pad});
    return {x[1], x[2], x[3], w.dimension(2), w.dimension(3), stride, pad, o.H, o.W};
}

// The filter path: between 9 and 16 filters (one vector register holds a number of each, at least
// half of it used), stride 1 and windows of at most 5x5, as LeNet-5's second layer (16 filters 5x5
// on 6 channels). With so few filters a column matrix is mostly copying: here every multiply-add
// does FN useful products, and forward and dW read the (padded) image itself instead of its
// columns. With 8 filters or fewer (LeNet-5's first layer has 6) half a vector or more would sit
// idle; the row path below serves them.

constexpr int kMaxBlock = 28;  // output columns per register block: 28 sums + 1 filter vector fit in 32

bool by_filters(const Geometry& g, Index FN) {
    return 2 * FN > kLanes && FN <= kLanes && g.S == 1 && g.FH <= 5 && g.FW <= 5;
}

/// The image n, padded by P on every side, rows Wp = W + 2P apart, into xp; with zeros after it
/// for the blocks that compute past the last column (their sums are not stored or are multiplied
/// by zero).
void pad_image(const Scalar* x, const Geometry& g, std::vector<Scalar>& xp) {
    const Index Hp = g.H + 2 * g.P, Wp = g.W + 2 * g.P;
    xp.assign(g.C * Hp * Wp + kMaxBlock + 2 * kLanes + 8, Scalar(0));
    for (Index c = 0; c < g.C; ++c)
        for (Index h = 0; h < g.H; ++h)
            std::copy_n(x + (c * g.H + h) * g.W, g.W, xp.data() + (c * Hp + h + g.P) * Wp + g.P);
}

/// One vector of FN filter values (zero past FN) per window cell k: by_cell(k, f) = w(f, k).
void filters_by_cell(const Tensor4& w, std::vector<Scalar>& by_cell) {
    const Index FN = w.dimension(0), K = w.size() / FN;
    by_cell.assign(K * kLanes, Scalar(0));
    for (Index f = 0; f < FN; ++f)
        for (Index k = 0; k < K; ++k) by_cell[k * kLanes + f] = w.data()[f * K + k];
}

/// tile(j, f) = b(f) + sum over (c, kh, kw) of xp(c, oh + kh, ow0 + j + kw) * w(f, c, kh, kw), for
/// j < B: B sums of FN filters in B registers while the window runs.
template <int B>
void output_block(const Scalar* xp, const Geometry& g, const Scalar* by_cell, Lanes bias, Index oh, Index ow0,
                  Scalar* tile) {
    const Index Hp = g.H + 2 * g.P, Wp = g.W + 2 * g.P;
    Lanes acc[B];
    for (int j = 0; j < B; ++j) acc[j] = bias;
    for (Index c = 0; c < g.C; ++c)
        for (Index kh = 0; kh < g.FH; ++kh) {
            const Scalar* row = xp + (c * Hp + oh + kh) * Wp + ow0;
            const Scalar* cells = by_cell + (c * g.FH + kh) * g.FW * kLanes;
            for (Index kw = 0; kw < g.FW; ++kw) {
                const Lanes filters = load_lanes(cells + kw * kLanes);
                for (int j = 0; j < B; ++j) acc[j] += row[j + kw] * filters;
            }
        }
    for (int j = 0; j < B; ++j) store_lanes(tile + j * kLanes, acc[j]);
}

using OutputBlock = void (*)(const Scalar*, const Geometry&, const Scalar*, Lanes, Index, Index, Scalar*);
template <int... B>
constexpr std::array<OutputBlock, sizeof...(B)> output_blocks(std::integer_sequence<int, B...>) {
    return {&output_block<B + 1>...};
}
/// output_block<B> for B = 1 .. kMaxBlock, chosen at run time by the map's width.
constexpr auto kOutputBlocks = output_blocks(std::make_integer_sequence<int, kMaxBlock>{});

/// out(n) as (FN, OH*OW) from the padded image: each output row in equal blocks of at most kMaxBlock.
void direct_forward_image(const Scalar* xp, const Geometry& g, Index FN, const Scalar* by_cell, Lanes bias,
                          Scalar* out) {
    const Index blocks = (g.OW + kMaxBlock - 1) / kMaxBlock, B = (g.OW + blocks - 1) / blocks;
    const OutputBlock block = kOutputBlocks[static_cast<std::size_t>(B - 1)];
    Scalar tile[kMaxBlock * kLanes];
    for (Index oh = 0; oh < g.OH; ++oh)
        for (Index ow0 = 0; ow0 < g.OW; ow0 += B) {
            block(xp, g, by_cell, bias, oh, ow0, tile);
            const Index width = std::min(B, g.OW - ow0);
            for (Index f = 0; f < FN; ++f)
                for (Index j = 0; j < width; ++j) out[(f * g.OH + oh) * g.OW + ow0 + j] = tile[j * kLanes + f];
        }
}

/// dW_by_cell(k, f) += sum over positions (oh, ow) of xp(c, oh + kh, ow + kw) * dout(f, oh, ow) for
/// k = (c, kh, kw), with dout_by_position(p, f) = dout(f, p): one register per window cell.
template <int FH, int FW>
void add_filter_gradients(const Scalar* xp, const Geometry& g, const Scalar* dout_by_position, Scalar* dW_by_cell) {
    const Index Hp = g.H + 2 * g.P, Wp = g.W + 2 * g.P;
    for (Index c = 0; c < g.C; ++c) {
        Lanes acc[FH * FW] = {};
        for (Index oh = 0; oh < g.OH; ++oh)
            for (Index ow = 0; ow < g.OW; ++ow) {
                const Lanes d = load_lanes(dout_by_position + (oh * g.OW + ow) * kLanes);
                const Scalar* window = xp + (c * Hp + oh) * Wp + ow;
                for (int kh = 0; kh < FH; ++kh)
                    for (int kw = 0; kw < FW; ++kw) acc[kh * FW + kw] += window[kh * Wp + kw] * d;
            }
        Scalar* cells = dW_by_cell + c * FH * FW * kLanes;
        for (int k = 0; k < FH * FW; ++k) store_lanes(cells + k * kLanes, load_lanes(cells + k * kLanes) + acc[k]);
    }
}

using FilterGradients = void (*)(const Scalar*, const Geometry&, const Scalar*, Scalar*);
template <int... I>
constexpr std::array<FilterGradients, sizeof...(I)> filter_gradients(std::integer_sequence<int, I...>) {
    return {&add_filter_gradients<I / 5 + 1, I % 5 + 1>...};
}
/// add_filter_gradients<FH, FW> for FH, FW = 1 .. 5, at index (FH - 1) * 5 + FW - 1.
constexpr auto kFilterGradients = filter_gradients(std::make_integer_sequence<int, 25>{});

// The row path: at most 8 filters (LeNet-5's first layer has 6), stride 1, square 3x3 or 5x5 windows
// and output maps at most 32 wide. One or two vectors hold a whole row of one output map, as in
// block_product, but read from the padded image itself: no column matrix is built, and each number
// of the image loaded feeds every filter.

constexpr Index kRowFilters = 8;

bool by_rows(const Geometry& g, Index FN) {
    return FN <= kRowFilters && g.S == 1 && g.OW <= 2 * kLanes && g.FH == g.FW && (g.FH == 3 || g.FH == 5);
}

/// out(f, oh, :) = b(f) + sum over (c, kh, kw) of w(f, c, kh, kw) xp(c, oh + kh, kw + :), for all F
/// filters and every row oh: F x V sums in registers while the window runs.
template <int F, int V>
void output_rows(const Scalar* xp, const Geometry& g, const Scalar* w, const Scalar* b, Scalar* out) {
    const Index Hp = g.H + 2 * g.P, Wp = g.W + 2 * g.P, K = g.C * g.FH * g.FW;
    for (Index oh = 0; oh < g.OH; ++oh) {
        Lanes acc[F][V];
        for (int f = 0; f < F; ++f)
            for (int v = 0; v < V; ++v) acc[f][v] = Lanes{} + b[f];
        for (Index c = 0; c < g.C; ++c)
            for (Index kh = 0; kh < g.FH; ++kh) {
                const Scalar* row = xp + (c * Hp + oh + kh) * Wp;
                for (Index kw = 0; kw < g.FW; ++kw) {
                    Lanes x[V];
                    for (int v = 0; v < V; ++v) x[v] = load_lanes(row + kw + v * kLanes);
                    const Index k = (c * g.FH + kh) * g.FW + kw;
                    for (int f = 0; f < F; ++f)
                        for (int v = 0; v < V; ++v) acc[f][v] += w[f * K + k] * x[v];
                }
            }
        for (int f = 0; f < F; ++f) {
            Scalar* dst = out + (f * g.OH + oh) * g.OW;
            for (int v = 0; v < V; ++v) {
                const Index count = std::min<Index>(kLanes, g.OW - v * kLanes);
                if (count == kLanes) {
                    store_lanes(dst + v * kLanes, acc[f][v]);
                } else {
                    Scalar lanes[kLanes];
                    store_lanes(lanes, acc[f][v]);
                    std::copy_n(lanes, count, dst + v * kLanes);
                }
            }
        }
    }
}

using OutputRows = void (*)(const Scalar*, const Geometry&, const Scalar*, const Scalar*, Scalar*);
template <int... I>
constexpr std::array<OutputRows, sizeof...(I)> output_rows_table(std::integer_sequence<int, I...>) {
    return {&output_rows<I / 2 + 1, I % 2 + 1>...};
}
/// output_rows<F, V> for F = 1 .. 8 and V = 1, 2, at index (F - 1) * 2 + V - 1.
constexpr auto kOutputRows = output_rows_table(std::make_integer_sequence<int, 2 * kRowFilters>{});

/// dW_lanes((f*C + c)*KS*KS + kh*KS + kw) += xp(c, oh + kh, kw + :) * dout(f, oh, :) summed over rows oh,
/// lane by lane (the lanes are added up at the end), with dout's rows padded by zeros to V vectors.
template <int KS, int V>
void add_row_gradients(const Scalar* xp, const Geometry& g, const Scalar* dout_rows, Index FN, Scalar* dW_lanes) {
    const Index Hp = g.H + 2 * g.P, Wp = g.W + 2 * g.P;
    for (Index f = 0; f < FN; ++f)
        for (Index c = 0; c < g.C; ++c) {
            Lanes acc[KS * KS] = {};
            for (Index oh = 0; oh < g.OH; ++oh)
                for (int v = 0; v < V; ++v) {
                    const Lanes d = load_lanes(dout_rows + ((f * g.OH + oh) * V + v) * kLanes);
                    const Scalar* window = xp + (c * Hp + oh) * Wp + v * kLanes;
                    for (int kh = 0; kh < KS; ++kh)
                        for (int kw = 0; kw < KS; ++kw) acc[kh * KS + kw] += load_lanes(window + kh * Wp + kw) * d;
                }
            Scalar* cells = dW_lanes + (f * g.C + c) * KS * KS * kLanes;
            for (int k = 0; k < KS * KS; ++k) store_lanes(cells + k * kLanes, load_lanes(cells + k * kLanes) + acc[k]);
        }
}

using RowGradients = void (*)(const Scalar*, const Geometry&, const Scalar*, Index, Scalar*);
/// add_row_gradients<KS, V> for KS = 3, 5 and V = 1, 2, at index (KS == 5) * 2 + V - 1.
constexpr std::array<RowGradients, 4> kRowGradients{&add_row_gradients<3, 1>, &add_row_gradients<3, 2>,
                                                    &add_row_gradients<5, 1>, &add_row_gradients<5, 2>};

Index row_vectors(const Geometry& g) { return (g.OW + kLanes - 1) / kLanes; }

// dx of the filter path as a forward pass of the row path: dx(c) = sum over f of dout(f), padded by
// FH-1-P on every side, correlated with filter (f, c) turned half round. The geometry of that pass:
// FN input channels of OH x OW, C outputs of H x W.
bool dx_by_rows(const Geometry& g) {
    return g.FH == g.FW && g.P <= g.FH - 1 && g.C <= kRowFilters && g.W <= 2 * kLanes;
}
Geometry dx_geometry(const Geometry& g, Index FN) {
    return {FN, g.OH, g.OW, g.FH, g.FW, 1, g.FH - 1 - g.P, g.H, g.W};
}
/// turned(c, f, kh, kw) = w(f, c, FH-1-kh, FW-1-kw): the filters of dx's pass, one per channel c.
void turned_filters(const Tensor4& w, std::vector<Scalar>& turned) {
    const Index FN = w.dimension(0), C = w.dimension(1), FH = w.dimension(2), FW = w.dimension(3);
    turned.resize(static_cast<std::size_t>(w.size()));
    for (Index c = 0; c < C; ++c)
        for (Index f = 0; f < FN; ++f)
            for (Index kh = 0; kh < FH; ++kh)
                for (Index kw = 0; kw < FW; ++kw)
                    turned[static_cast<std::size_t>(((c * FN + f) * FH + kh) * FW + kw)] = w(f, c, FH - 1 - kh, FW - 1 - kw);
}

struct Workspace {
    std::vector<Matrix> dW_parts, colT, dcolT;  // one per thread
    std::vector<Vector> db_parts;
    std::vector<Scalar> by_cell;  // the filter path's filters, one vector per window cell
    std::vector<Scalar> turned;   // the filter path's filters for dx (dx_by_rows)
};

/// The per-thread buffers of the row and filter paths.
struct DirectBuffers {
    std::vector<Scalar> xp, dout_by_position, dout_padded;
};
DirectBuffers& direct_buffers() {
    thread_local DirectBuffers buffers;
    return buffers;
}
Workspace& workspace() {
    thread_local Workspace w;
    return w;
}

/// One (K, OH*OW) matrix of columns per thread, each image's turn: it stays in the core's cache.
std::vector<Matrix>& columns_per_thread(Workspace& ws, Index K, Index P) {
    ws.colT.resize(thread_count());
    for (Matrix& m : ws.colT) m.resize(K, P);
    return ws.colT;
}

}  // namespace

bool small_filters(const Tensor4& w) { return w.dimension(1) * w.dimension(2) * w.dimension(3) <= kSmallK; }

void small_forward(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad, Matrix& kept_x,
                   Tensor4& out) {
    const Geometry g = geometry(shape4(x), w, stride, pad);
    const Index N = x.dimension(0), FN = w.dimension(0), K = g.C * g.FH * g.FW, P = g.OH * g.OW;
    const Index image = g.C * g.H * g.W;
    // Backward expands each image again from x: a copy of x is K*OH*OW / (C*H*W) times smaller
    // than all the columns (23x for SimpleConvNet's layer), and reading the columns back from memory
    // costs more than writing them anew into a cache-sized buffer.
    kept_x = ConstMatrixView(x.data(), N, image);
    out.resize(N, FN, g.OH, g.OW);
    if (by_rows(g, FN)) {
        const OutputRows rows = kOutputRows[static_cast<std::size_t>((FN - 1) * 2 + row_vectors(g) - 1)];
        CNN_PARALLEL_FOR_IF(N > 1)
        for (Index n = 0; n < N; ++n) {
            std::vector<Scalar>& xp = direct_buffers().xp;
            pad_image(x.data() + n * image, g, xp);
            rows(xp.data(), g, w.data(), b.data(), out.data() + n * FN * P);
        }
        return;
    }
    if (by_filters(g, FN)) {
        std::vector<Scalar>& by_cell = workspace().by_cell;
        filters_by_cell(w, by_cell);
        Lanes bias{};
        for (Index f = 0; f < FN; ++f) bias[f] = b(f);
        CNN_PARALLEL_FOR_IF(N > 1)
        for (Index n = 0; n < N; ++n) {
            std::vector<Scalar>& xp = direct_buffers().xp;
            pad_image(x.data() + n * image, g, xp);
            direct_forward_image(xp.data(), g, FN, by_cell.data(), bias, out.data() + n * FN * P);
        }
        return;
    }
    std::vector<Matrix>& columns = columns_per_thread(workspace(), K, P);
    // Images are independent: each thread expands and multiplies its own.
    CNN_PARALLEL_FOR_IF(N > 1)
    for (Index n = 0; n < N; ++n) {
        Scalar* colT = columns[thread_id()].data();
        image_to_columns(x.data() + n * image, g, colT);
        block_product(w.data(), K, 1, FN, K, colT, P, P, out.data() + n * FN * P, P, b.data());
    }
}

void small_backward(const Tensor4& dout, const Tensor4& w, const Matrix& kept_x, const Shape4& x_shape, int stride,
                    int pad, bool need_dx, Tensor4& dW, Vector& db, Tensor4& dx) {
    const Geometry g = geometry(x_shape, w, stride, pad);
    const Index N = x_shape[0], FN = w.dimension(0), K = g.C * g.FH * g.FW, P = g.OH * g.OW;
    const Index image = g.C * g.H * g.W;
    Workspace& ws = workspace();
    const int T = thread_count();
    // Each thread's part of dW: (FN, K) on the columns' path; on the filter path (K, 16), one vector
    // of filters per cell; on the row path (FN*K, 16), one vector of lanes to add up per entry.
    const bool by_cell = by_filters(g, FN), rows = by_rows(g, FN);
    const bool dx_rows = need_dx && by_cell && dx_by_rows(g);
    const Geometry gd = dx_geometry(g, FN);
    const Vector no_bias = Vector::Zero(g.C);
    OutputRows dx_pass = nullptr;
    if (dx_rows) {
        turned_filters(w, ws.turned);
        dx_pass = kOutputRows[static_cast<std::size_t>((g.C - 1) * 2 + row_vectors(gd) - 1)];
    }
    std::vector<Matrix>* columns = by_cell || rows ? nullptr : &columns_per_thread(ws, K, P);
    ws.dW_parts.resize(T);
    ws.db_parts.resize(T);
    ws.dcolT.resize(T);
    for (int t = 0; t < T; ++t) {
        if (rows) {
            ws.dW_parts[t].setZero(FN * K, kLanes);
        } else {
            ws.dW_parts[t].setZero(by_cell ? K : FN, by_cell ? kLanes : K);
        }
        ws.db_parts[t].setZero(FN);
        if (need_dx && !dx_rows) ws.dcolT[t].resize(K, P);
    }
    if (need_dx) dx.resize(x_shape);
    // Each thread adds its images' share of dW and db into its own part; the parts are summed after.
    CNN_PARALLEL_FOR_IF(N > 1)
    for (Index n = 0; n < N; ++n) {
        const int t = thread_id();
        const ConstMatrixView d(dout.data() + n * FN * P, FN, P);  // dout(n) as (FN, OH*OW)
        if (rows) {
            DirectBuffers& buf = direct_buffers();
            pad_image(kept_x.data() + n * image, g, buf.xp);
            const Index V = row_vectors(g);
            buf.dout_by_position.assign(FN * g.OH * V * kLanes, Scalar(0));  // dout's rows, padded to V vectors
            for (Index r = 0; r < FN * g.OH; ++r)
                std::copy_n(d.data() + r * g.OW, g.OW, buf.dout_by_position.data() + r * V * kLanes);
            kRowGradients[static_cast<std::size_t>((g.FH == 5) * 2 + V - 1)](
                buf.xp.data(), g, buf.dout_by_position.data(), FN, ws.dW_parts[t].data());
        } else if (by_cell) {
            DirectBuffers& buf = direct_buffers();
            pad_image(kept_x.data() + n * image, g, buf.xp);
            buf.dout_by_position.assign(P * kLanes, Scalar(0));
            for (Index f = 0; f < FN; ++f)
                for (Index p = 0; p < P; ++p) buf.dout_by_position[p * kLanes + f] = d(f, p);
            kFilterGradients[static_cast<std::size_t>((g.FH - 1) * 5 + g.FW - 1)](
                buf.xp.data(), g, buf.dout_by_position.data(), ws.dW_parts[t].data());
        } else {
            Scalar* colT = (*columns)[static_cast<std::size_t>(t)].data();
            image_to_columns(kept_x.data() + n * image, g, colT);
            add_row_products(d.data(), FN, colT, K, P, ws.dW_parts[t].data());
        }
        ws.db_parts[t] += d.rowwise().sum();
        if (!need_dx) continue;
        if (dx_rows) {
            std::vector<Scalar>& padded = direct_buffers().dout_padded;
            pad_image(d.data(), gd, padded);
            dx_pass(padded.data(), gd, ws.turned.data(), no_bias.data(), dx.data() + n * image);
            continue;
        }
        // dcol = W_col^T dout(n): W_col read transposed, (k, f) at W[f*K + k]
        block_product(w.data(), 1, K, K, FN, d.data(), P, P, ws.dcolT[t].data(), P);
        columns_to_image(ws.dcolT[t].data(), g, dx.data() + n * image);
    }
    dW.resize(w.dimensions());
    MatrixView dW_col(dW.data(), FN, K);
    const auto part = [&](int t) -> Matrix {
        if (rows) return Matrix(ws.dW_parts[t].rowwise().sum()).reshaped<Eigen::RowMajor>(FN, K);
        return by_cell ? Matrix(ws.dW_parts[t].leftCols(FN).transpose()) : ws.dW_parts[t];
    };
    dW_col = part(0);
    db = ws.db_parts[0];
    for (int t = 1; t < T; ++t) {
        dW_col += part(t);
        db += ws.db_parts[t];
    }
}

}  // namespace cnn
