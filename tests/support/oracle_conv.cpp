// The Eigen Tensor reference convolution; see oracle_conv.hpp for the conventions.
#include "support/oracle_conv.hpp"

namespace cnn::test {

namespace {
using Pair = Eigen::IndexPair<Index>;

// (N,C,H,W) -> patches (N*OH*OW, FH*FW*C): rows (n, oh, ow), columns (kh, kw, c), which is NOT
// im2col's (c, kh, kw); the filters are shuffled to match below.
Tensor<2> patches(const Tensor4& x, Index FH, Index FW, int stride, int pad, Index& OH, Index& OW) {
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    OH = (H + 2 * pad - FH) / stride + 1;
    OW = (W + 2 * pad - FW) / stride + 1;
    const Tensor4 nhwc = x.shuffle(Eigen::array<Index, 4>{0, 2, 3, 1});
    const Tensor<5> p = nhwc.extract_image_patches(FW, FH, stride, stride, 1, 1, 1, 1, pad, pad, pad, pad,
                                                   Scalar(0));
    // p is [N, patches, FH, FW, C]; Eigen may return more patches than the rule when the stride
    // does not fit, so keep the first OH*OW only if they agree.
    eigen_assert(p.dimension(1) == OH * OW);
    return p.reshape(Eigen::array<Index, 2>{N * OH * OW, FH * FW * C});
}

// (FN,C,FH,FW) -> (FN, FH*FW*C), the patches' column order.
Tensor<2> filters_as_rows(const Tensor4& w) {
    const Tensor4 hwc = w.shuffle(Eigen::array<Index, 4>{0, 2, 3, 1});
    return hwc.reshape(Eigen::array<Index, 2>{w.dimension(0), w.dimension(1) * w.dimension(2) * w.dimension(3)});
}
}  // namespace

Tensor4 oracle_conv_forward(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad) {
    const Index N = x.dimension(0), FN = w.dimension(0);
    Index OH = 0, OW = 0;
    const Tensor<2> cols = patches(x, w.dimension(2), w.dimension(3), stride, pad, OH, OW);
    // (M, K) x (FN, K) over K -> (M, FN)
    Tensor<2> y = cols.contract(filters_as_rows(w), Eigen::array<Pair, 1>{Pair(1, 1)});
    const Eigen::TensorMap<const Tensor<2>> bias(b.data(), 1, FN);
    y += bias.broadcast(Eigen::array<Index, 2>{N * OH * OW, 1});
    const Tensor4 nhwf = y.reshape(Eigen::array<Index, 4>{N, OH, OW, FN});
    return nhwf.shuffle(Eigen::array<Index, 4>{0, 3, 1, 2});
}

ConvGradients oracle_conv_backward(const Tensor4& x, const Tensor4& w, const Tensor4& dout, int stride,
                                   int pad) {
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index FN = w.dimension(0), FH = w.dimension(2), FW = w.dimension(3);
    Index OH = 0, OW = 0;
    const Tensor<2> cols = patches(x, FH, FW, stride, pad, OH, OW);
    const Tensor4 d_nhwf = dout.shuffle(Eigen::array<Index, 4>{0, 2, 3, 1});
    const Tensor<2> d = d_nhwf.reshape(Eigen::array<Index, 2>{N * OH * OW, FN});

    ConvGradients g;
    // dW as (FN, FH*FW*C) = d^T cols, then back to (FN,C,FH,FW).
    const Tensor<2> dw_rows = d.contract(cols, Eigen::array<Pair, 1>{Pair(0, 0)});
    const Tensor4 dw_hwc = dw_rows.reshape(Eigen::array<Index, 4>{FN, FH, FW, C});
    g.dW = dw_hwc.shuffle(Eigen::array<Index, 4>{0, 3, 1, 2});
    const Tensor<1> db = dout.sum(Eigen::array<Index, 3>{0, 2, 3});
    g.db = Eigen::Map<const Vector>(db.data(), FN);

    // dx: every output element sends dout * w back to each input pixel its window covered.
    g.dx = Tensor4(N, C, H, W);
    g.dx.setZero();
    for (Index n = 0; n < N; ++n)
        for (Index fn = 0; fn < FN; ++fn)
            for (Index oh = 0; oh < OH; ++oh)
                for (Index ow = 0; ow < OW; ++ow)
                    for (Index c = 0; c < C; ++c)
                        for (Index kh = 0; kh < FH; ++kh)
                            for (Index kw = 0; kw < FW; ++kw) {
                                const Index h = oh * stride + kh - pad, w_ = ow * stride + kw - pad;
                                if (h >= 0 && h < H && w_ >= 0 && w_ < W)
                                    g.dx(n, c, h, w_) += dout(n, fn, oh, ow) * w(fn, c, kh, kw);
                            }
    return g;
}

}  // namespace cnn::test
