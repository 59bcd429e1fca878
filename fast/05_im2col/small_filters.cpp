// Fast side: the Convolution layer for small filters (see small_filters.hpp).
#include "05_im2col/small_filters.hpp"

#include "common/block_product.hpp"

#include "02_stride/stride.hpp"
#include "common/parallel.hpp"
#include "common/shape.hpp"

#include <algorithm>
#include <cstring>
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

struct Workspace {
    std::vector<Matrix> dW_parts, colT, dcolT;  // one per thread
    std::vector<Vector> db_parts;
};
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
    std::vector<Matrix>& columns = columns_per_thread(ws, K, P);
    ws.dW_parts.resize(T);
    ws.db_parts.resize(T);
    ws.dcolT.resize(T);
    for (int t = 0; t < T; ++t) {
        ws.dW_parts[t].setZero(FN, K);
        ws.db_parts[t].setZero(FN);
        if (need_dx) ws.dcolT[t].resize(K, P);
    }
    if (need_dx) dx.resize(x_shape);
    // Each thread adds its images' share of dW and db into its own part; the parts are summed after.
    CNN_PARALLEL_FOR_IF(N > 1)
    for (Index n = 0; n < N; ++n) {
        const int t = thread_id();
        const ConstMatrixView d(dout.data() + n * FN * P, FN, P);  // dout(n) as (FN, OH*OW)
        image_to_columns(kept_x.data() + n * image, g, columns[t].data());
        add_row_products(d.data(), FN, columns[t].data(), K, P, ws.dW_parts[t].data());
        ws.db_parts[t] += d.rowwise().sum();
        if (!need_dx) continue;
        // dcol = W_col^T dout(n): W_col read transposed, (k, f) at W[f*K + k]
        block_product(w.data(), 1, K, K, FN, d.data(), P, P, ws.dcolT[t].data(), P);
        columns_to_image(ws.dcolT[t].data(), g, dx.data() + n * image);
    }
    dW.resize(w.dimensions());
    MatrixView dW_col(dW.data(), FN, K);
    dW_col = ws.dW_parts[0];
    db = ws.db_parts[0];
    for (int t = 1; t < T; ++t) {
        dW_col += ws.dW_parts[t];
        db += ws.db_parts[t];
    }
}

}  // namespace cnn
