// Chapter 06, fast side.
//
// The model answer follows the book (7.4.4): im2col, one window of one channel per row, a
// row-wise max, a reshape; backward builds the matching matrix and calls col2im. This side reads
// every window in place in the (H,W) map it lies in instead. Same numbers, but for SimpleConvNet's
// (100,30,24,24) with 2x2 windows the book's way copies all 1.7M inputs into a column matrix,
// builds a second one of the same size in backward and adds it back with col2im: three extra
// passes over 7 MB per step, on a machine where fresh memory costs ~10 us per 4 KiB page to touch.
// Here forward reads x once and backward writes dx once. argmax_ holds, per output element, the
// position h*W + w of its maximum in its input map (-1 when the maximum was a padding zero).
#include "06_pooling/pooling.hpp"

#include "common/checks.hpp"
#include "common/parallel.hpp"

#include <algorithm>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif
#include <limits>

// The N*C maps read and write disjoint parts of every tensor, so they can share the cores.
#define FOR_EACH_MAP_IN_PARALLEL CNN_PARALLEL_FOR_IF(maps > 1)

namespace cnn {

namespace {
// The sizes of one pooling problem, copied into locals so that the inner loops keep them in
// registers (written through int and float pointers, the layer's members could alias them).
struct Window {
    Index FH, FW, S, P, H, W, OH, OW;
};

// Max pooling of one (H,W) map: ym(oh,ow) is the largest cell of the window, am(oh,ow) its
// position h*W + w in the map, or -1 when the largest cell is a padding zero (no gradient then).
// FHc, FWc: the window size when it is known at compile time, 0 to read it from k. The 2x2 of
// SimpleConvNet gets its own copy, which the compiler unrolls: 2.5x faster than the loops.
template <int FHc, int FWc>
void max_pool_map(const Window& k, const Scalar* xm, Scalar* ym, int* am) {
    const Index FH = FHc ? FHc : k.FH, FW = FWc ? FWc : k.FW;
    for (Index oh = 0; oh < k.OH; ++oh)
        for (Index ow = 0; ow < k.OW; ++ow) {
            Scalar best = std::numeric_limits<Scalar>::lowest();
            int where = -1;
            // Strictly greater: on a tie the first maximum in window order (kh, then kw) stays.
            // The update is arithmetic on purpose: which cell wins is a coin toss on real data,
            // and as a branch (what the compiler makes of ?: here) it mispredicts, 3x slower.
            const auto fold = [&](Scalar v, int at) {
                const int better = v > best;
                where += better * (at - where);
                best = std::max(best, v);
            };
            const Index h0 = oh * k.S - k.P, w0 = ow * k.S - k.P;
            if (h0 >= 0 && w0 >= 0 && h0 + FH <= k.H && w0 + FW <= k.W) {
                // The window lies inside the map (always, without padding): no check per cell.
                for (Index kh = 0; kh < FH; ++kh)
                    for (Index kw = 0; kw < FW; ++kw) {
                        const Index at = (h0 + kh) * k.W + w0 + kw;
                        fold(xm[at], static_cast<int>(at));
                    }
            } else {
                for (Index kh = 0; kh < FH; ++kh)
                    for (Index kw = 0; kw < FW; ++kw) {
                        const Index h = h0 + kh, w = w0 + kw;
                        const bool inside = h >= 0 && h < k.H && w >= 0 && w < k.W;
                        fold(inside ? xm[h * k.W + w] : Scalar(0), inside ? static_cast<int>(h * k.W + w) : -1);
                    }
            }
            ym[oh * k.OW + ow] = best;
            am[oh * k.OW + ow] = where;
        }
}

// The book's 2x2 windows with stride 2 and no padding (SimpleConvNet's pool), every window inside
// the map: one output row reads two input rows side by side, 16 outputs at a time with AVX-512
// (a row of 12 is one masked step, so no scalar remainder with its unpredictable branches).
// Window order (kh, then kw) and strictly greater: on a tie the first maximum stays.
#if defined(__AVX512F__)
// The first n of 16 lanes, all of them when n >= 16: a row's last step is a partial one.
__mmask16 lanes(Index n) { return static_cast<__mmask16>(n >= 16 ? 0xFFFF : (1u << n) - 1); }

// Lane i of a step over 16 windows: its window's top-left cell is 2i columns right of the step's
// first, and the window's other cells are 1, W and W+1 further in the map.
struct Steps2x2 {
    __m512i evens = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    __m512i right = _mm512_set1_epi32(1), below, below_right;
    explicit Steps2x2(Index W)
        : below(_mm512_set1_epi32(static_cast<int>(W))), below_right(_mm512_set1_epi32(static_cast<int>(W) + 1)) {}
};

void max_pool_2x2_stride2(const Window& k, const Scalar* xm, Scalar* ym, int* am) {
    const Steps2x2 step(k.W);
    const __m512i evens = step.evens, right = step.right, below = step.below, below_right = step.below_right;
    const __m512i odds = _mm512_add_epi32(evens, right);
    for (Index oh = 0; oh < k.OH; ++oh) {
        const Scalar* top = xm + 2 * oh * k.W;
        const Scalar* bottom = top + k.W;
        for (Index ow = 0; ow < k.OW; ow += 16) {
            const Index n = std::min<Index>(16, k.OW - ow);
            const __mmask16 out = lanes(n), first = lanes(2 * n), second = lanes(std::max<Index>(0, 2 * n - 16));
            const auto pairs = [&](const Scalar* row, __m512& left_cells, __m512& right_cells) {
                const __m512 a = _mm512_maskz_loadu_ps(first, row + 2 * ow);
                const __m512 b = _mm512_maskz_loadu_ps(second, row + 2 * ow + 16);
                left_cells = _mm512_permutex2var_ps(a, evens, b);
                right_cells = _mm512_permutex2var_ps(a, odds, b);
            };
            __m512 v0, v1, v2, v3;
            pairs(top, v0, v1);
            pairs(bottom, v2, v3);
            const __m512i at = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(2 * oh * k.W + 2 * ow)),
                                                evens);
            __m512 best = v0;
            __m512i where = at;
            __mmask16 gt = _mm512_cmp_ps_mask(v1, best, _CMP_GT_OQ);
            best = _mm512_mask_mov_ps(best, gt, v1);
            where = _mm512_mask_add_epi32(where, gt, at, right);
            gt = _mm512_cmp_ps_mask(v2, best, _CMP_GT_OQ);
            best = _mm512_mask_mov_ps(best, gt, v2);
            where = _mm512_mask_add_epi32(where, gt, at, below);
            gt = _mm512_cmp_ps_mask(v3, best, _CMP_GT_OQ);
            best = _mm512_mask_mov_ps(best, gt, v3);
            where = _mm512_mask_add_epi32(where, gt, at, below_right);
            _mm512_mask_storeu_ps(ym + oh * k.OW + ow, out, best);
            _mm512_mask_storeu_epi32(am + oh * k.OW + ow, out, where);
        }
    }
}
#else
void max_pool_2x2_stride2(const Window& k, const Scalar* xm, Scalar* ym, int* am) { max_pool_map<2, 2>(k, xm, ym, am); }
#endif

// Backward of one map for the windows above: the windows tile the map, so each cell of dx is
// written once, d where it won and 0 elsewhere, instead of zeroing the map and then adding the
// winners (two passes over the largest tensor of the step). The windows cover the whole map: the
// output-size rule refuses an odd H or W here.
#if defined(__AVX512F__)
void max_pool_2x2_stride2_backward(const Window& k, const Scalar* dm, const int* am, Scalar* dxm) {
    const Steps2x2 step(k.W);
    // Interleaving two windows' columns: first_half = (a0,b0,a1,b1,...,a7,b7), second_half from a8..b15.
    const __m512i first_half = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    const __m512i second_half = _mm512_add_epi32(first_half, _mm512_set1_epi32(8));
    for (Index oh = 0; oh < k.OH; ++oh) {
        Scalar* top = dxm + 2 * oh * k.W;
        Scalar* bottom = top + k.W;
        for (Index ow = 0; ow < k.OW; ow += 16) {
            const Index n = std::min<Index>(16, k.OW - ow);
            const __mmask16 out = lanes(n), first = lanes(2 * n), second = lanes(std::max<Index>(0, 2 * n - 16));
            const __m512 d = _mm512_maskz_loadu_ps(out, dm + oh * k.OW + ow);
            const __m512i at = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(2 * oh * k.W + 2 * ow)), step.evens);
            const __m512i r = _mm512_sub_epi32(_mm512_maskz_loadu_epi32(out, am + oh * k.OW + ow), at);
            const auto row = [&](Scalar* dst, __m512i left_at, __m512i right_at) {
                const __m512 left = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(r, left_at), d);
                const __m512 right = _mm512_maskz_mov_ps(_mm512_cmpeq_epi32_mask(r, right_at), d);
                _mm512_mask_storeu_ps(dst + 2 * ow, first, _mm512_permutex2var_ps(left, first_half, right));
                _mm512_mask_storeu_ps(dst + 2 * ow + 16, second, _mm512_permutex2var_ps(left, second_half, right));
            };
            row(top, _mm512_setzero_si512(), step.right);
            row(bottom, step.below, step.below_right);
        }
    }
}
#endif
}  // namespace

int pool_output_size(int input, int filter, int stride, Rounding rounding) {
    return conv_output_size(input, filter, Stride{stride}, Pad{0}, rounding);
}

Tensor4 MaxPooling::forward(const Tensor4& x) {
    const Shape2 out = conv_output_shape(shape4(x), pool_h_, pool_w_, Stride{stride_}, Pad{pad_});
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index maps = N * C;
    x_shape_ = shape4(x);
    out_shape_ = {N, C, out.H, out.W};
    Tensor4 y(N, C, out.H, out.W);
    argmax_.resize(static_cast<std::size_t>(y.size()));
    const Window window{pool_h_, pool_w_, stride_, pad_, H, W, out.H, out.W};
    const bool book_2x2 = pool_h_ == 2 && pool_w_ == 2 && stride_ == 2 && pad_ == 0 && 2 * out.H <= H && 2 * out.W <= W;
    const auto pool_map = book_2x2 ? max_pool_2x2_stride2 : pool_h_ == 2 && pool_w_ == 2 ? max_pool_map<2, 2> : max_pool_map<0, 0>;
    // Channels never mix (§7.3.1): each of the N*C maps is pooled on its own.
    FOR_EACH_MAP_IN_PARALLEL
    for (Index m = 0; m < maps; ++m)
        pool_map(window, x.data() + m * H * W, y.data() + m * out.H * out.W,
                     argmax_.data() + m * out.H * out.W);
    return y;
}

Tensor4 MaxPooling::backward(const Tensor4& dout) {
    check_dout("MaxPooling::backward", dout, out_shape_);
    const Index HW = x_shape_[2] * x_shape_[3], OHW = out_shape_[2] * out_shape_[3];
    const Index maps = x_shape_[0] * x_shape_[1];
    Tensor4 dx(x_shape_);
#if defined(__AVX512F__)
    const Index H = x_shape_[2], W = x_shape_[3], OH = out_shape_[2], OW = out_shape_[3];
    if (pool_h_ == 2 && pool_w_ == 2 && stride_ == 2 && pad_ == 0 && 2 * OH == H && 2 * OW == W) {
        const Window window{2, 2, 2, 0, H, W, OH, OW};
        FOR_EACH_MAP_IN_PARALLEL
        for (Index m = 0; m < maps; ++m)
            max_pool_2x2_stride2_backward(window, dout.data() + m * OHW, argmax_.data() + m * OHW, dx.data() + m * HW);
        return dx;
    }
#endif
    FOR_EACH_MAP_IN_PARALLEL
    for (Index m = 0; m < maps; ++m) {
        Scalar* dxm = dx.data() + m * HW;
        const Scalar* dm = dout.data() + m * OHW;
        const int* am = argmax_.data() + m * OHW;
        std::fill(dxm, dxm + HW, Scalar(0));
        // The max node passes its gradient to the winner only (book 5.5.1); += because
        // overlapping windows can share one winner.
        for (Index i = 0; i < OHW; ++i)
            if (am[i] >= 0) dxm[am[i]] += dm[i];
    }
    return dx;
}

Tensor4 AvgPooling::forward(const Tensor4& x) {
    const Shape2 out = conv_output_shape(shape4(x), pool_h_, pool_w_, Stride{stride_}, Pad{pad_});
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index OH = out.H, OW = out.W, maps = N * C;
    x_shape_ = shape4(x);
    out_shape_ = {N, C, OH, OW};
    Tensor4 y(N, C, OH, OW);
    // Padding cells add zero to the sum but still count in the divisor FH*FW.
    const Scalar scale = Scalar(1) / static_cast<Scalar>(pool_h_ * pool_w_);
    FOR_EACH_MAP_IN_PARALLEL
    for (Index m = 0; m < maps; ++m) {
        const Scalar* xm = x.data() + m * H * W;
        Scalar* ym = y.data() + m * OH * OW;
        for (Index oh = 0; oh < OH; ++oh)
            for (Index ow = 0; ow < OW; ++ow) {
                Scalar sum = 0;
                for (Index kh = 0; kh < pool_h_; ++kh) {
                    const Index h = oh * stride_ + kh - pad_;
                    if (h < 0 || h >= H) continue;
                    for (Index kw = 0; kw < pool_w_; ++kw) {
                        const Index w = ow * stride_ + kw - pad_;
                        if (w >= 0 && w < W) sum += xm[h * W + w];
                    }
                }
                ym[oh * OW + ow] = sum * scale;
            }
    }
    return y;
}

Tensor4 AvgPooling::backward(const Tensor4& dout) {
    check_dout("AvgPooling::backward", dout, out_shape_);
    const Index H = x_shape_[2], W = x_shape_[3], OH = out_shape_[2], OW = out_shape_[3];
    const Index maps = x_shape_[0] * x_shape_[1];
    const Scalar scale = Scalar(1) / static_cast<Scalar>(pool_h_ * pool_w_);
    Tensor4 dx(x_shape_);
    FOR_EACH_MAP_IN_PARALLEL
    for (Index m = 0; m < maps; ++m) {
        Scalar* dxm = dx.data() + m * H * W;
        const Scalar* dm = dout.data() + m * OH * OW;
        std::fill(dxm, dxm + H * W, Scalar(0));
        for (Index oh = 0; oh < OH; ++oh)
            for (Index ow = 0; ow < OW; ++ow) {
                // Every cell of the window had the same weight 1/(FH*FW) in the mean.
                const Scalar share = dm[oh * OW + ow] * scale;
                for (Index kh = 0; kh < pool_h_; ++kh) {
                    const Index h = oh * stride_ + kh - pad_;
                    if (h < 0 || h >= H) continue;
                    for (Index kw = 0; kw < pool_w_; ++kw) {
                        const Index w = ow * stride_ + kw - pad_;
                        if (w >= 0 && w < W) dxm[h * W + w] += share;
                    }
                }
            }
    }
    return dx;
}

}  // namespace cnn
