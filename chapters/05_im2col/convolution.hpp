// Chapter 05 — the Convolution layer on im2col (notes: 001 §7.4.3, and 001 §5.6 for the Affine
// layer whose backward pass it copies).
#pragma once

#include "05_im2col/im2col.hpp"
#include "common/shape.hpp"

#include <utility>
#include <vector>

namespace cnn {

/// The book's Convolution class (001 §7.4.3): filters W:(FN,C,FH,FW), bias b:(FN), stride S and
/// padding P. forward keeps what backward needs; backward fills dW and db, which an optimizer
/// reads to update W and b in place (chapter 07).
class Convolution {
public:
    /// Provided: the book's __init__ keeps its arguments; we also check that they fit together.
    /// Throws ShapeError when b does not hold one value per filter, or when stride < 1 or pad < 0.
    Convolution(Tensor4 W_, Vector b_, int stride_ = 1, int pad_ = 0)
        : W(std::move(W_)), b(std::move(b_)), stride(stride_), pad(pad_) {
        if (b.size() != W.dimension(0)) {
            throw ShapeError(fmt::format("Convolution: b has {} values but W {} has {} filters", b.size(),
                                         shape_of(W), W.dimension(0)));
        }
        if (stride < 1 || pad < 0) {
            throw ShapeError(fmt::format(
                "Convolution: stride must be >= 1 and pad >= 0, got S = {}, P = {}", stride, pad));
        }
    }

    /// 05.3 Forward pass (001 §7.4.3, fig 7-19; WE-25):
    /// x:(N,C,H,W) -> out:(N,FN,OH,OW), OH=(H+2P-FH)/S+1, OW=(W+2P-FW)/S+1:
    ///   col = im2col(x, FH, FW, S, P)            (N*OH*OW, C*FH*FW)
    ///   out = col * W.reshape(FN, -1)^T + b      (N*OH*OW, FN)
    ///   reshape to (N,OH,OW,FN), transpose to (N,FN,OH,OW)
    /// Remembers x's shape and col for backward.
    /// Throws ShapeError when x's channel count differs from the filters', e.g.
    ///   "Convolution::forward: input has 3 channels but the filters have 4 (x (2,3,7,7), W (2,4,3,3))"
    /// and as im2col when the output-size rule refuses the shapes.
    Tensor4 forward(const Tensor4& x);

    /// 05.4 Backward pass (001 §7.4.3: the Affine layer's rules, then col2im):
    /// dout:(N,FN,OH,OW) -> dx:(N,C,H,W). With D = dout transposed to (N,OH,OW,FN) and reshaped
    /// to (N*OH*OW, FN):
    ///   db   = sum of D over its rows                                  (FN)
    ///   dW   = (D^T * col), reshaped to (FN,C,FH,FW)                   same shape as W
    ///   dcol = D * W.reshape(FN, -1)                                   (N*OH*OW, C*FH*FW)
    ///   dx   = col2im(dcol, x's shape, FH, FW, S, P)
    /// Stores dW and db in the members below and returns dx.
    /// Throws ShapeError when called before forward, or when dout's shape is not the shape the
    /// last forward returned, e.g. "Convolution::backward: dout is (2,4,5,5) but forward returned
    /// (2,4,3,3)".
    Tensor4 backward(const Tensor4& dout);

    Tensor4 W;   ///< filters (FN,C,FH,FW)
    Vector b;    ///< one bias per filter (FN)
    Tensor4 dW;  ///< after backward: dL/dW, same shape as W
    Vector db;   ///< after backward: dL/db, same shape as b
    int stride;
    int pad;

private:
    // Kept by forward for backward (the book keeps self.x and self.col).
    Shape4 x_shape_{};
    Shape4 out_shape_{};
    Matrix col_;
    // Workspaces kept across calls so that their memory is touched once, not once per call.
    Matrix rows_by_filter_;         // forward's product, then backward's dout, as (N*OH*OW, FN)
    Matrix dcol_;                   // dcol of one group of images
    std::vector<Matrix> dW_parts_;  // one part of dW per thread
};

}  // namespace cnn
