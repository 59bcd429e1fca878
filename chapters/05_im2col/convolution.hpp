// Chapter 05 — the Convolution layer on im2col (『밑바닥부터 시작하는 딥러닝』 7.4.3 합성곱 계층 구현하기, and
// 5.6 for the Affine layer whose backward pass it copies).
#pragma once

#include "05_im2col/im2col.hpp"
#include "common/checks.hpp"

#include <utility>

namespace cnn {

/// The book's Convolution class (book 7.4.3): filters W:(FN,C,FH,FW), bias b:(FN), stride S and
/// padding P. forward keeps what backward needs; backward fills dW and db, which an optimizer
/// reads to update W and b in place (chapter 07).
class Convolution {
public:
    /// Provided: the book's __init__ keeps its arguments; we also check that they fit together.
    /// Throws ShapeError when b does not hold one value per filter, or when stride < 1 or pad < 0.
    Convolution(Tensor4 W_, Vector b_, int stride_ = 1, int pad_ = 0)
        : W(std::move(W_)), b(std::move(b_)), stride(stride_), pad(pad_) {
        check_bias("Convolution", b, W);
        if (stride < 1 || pad < 0) {
            throw ShapeError(fmt::format(
                "Convolution: stride must be >= 1 and pad >= 0, got S = {}, P = {}", stride, pad));
        }
    }

    /// 05.3 Forward pass (book 7.4.3, fig 7-19; WE-25):
    /// x:(N,C,H,W) -> out:(N,FN,OH,OW), OH=(H+2P-FH)/S+1, OW=(W+2P-FW)/S+1:
    ///   col   = im2col(x, FH, FW, S, P)          (N*OH*OW, C*FH*FW)
    ///   col_W = W.reshape(FN, -1).T              (C*FH*FW, FN): one filter per column
    ///   out   = col * col_W + b                  (N*OH*OW, FN)
    ///   out.reshape(N, OH, OW, FN).transpose(0, 3, 1, 2)
    /// Keeps x's shape, col and col_W for backward, as the book's code keeps x, col and col_W.
    /// Throws ShapeError when x's channel count differs from the filters', e.g.
    ///   "Convolution::forward: input has 3 channels but the filters have 4 (x (2,3,7,7), w (2,4,3,3))"
    /// and as im2col when the output-size rule refuses the shapes.
    Tensor4 forward(const Tensor4& x);

    /// 05.4 Backward pass (book 7.4.3 and the book's published code: the Affine layer's rules,
    /// then col2im):
    /// dout:(N,FN,OH,OW) -> dx:(N,C,H,W). With D = dout.transpose(0, 2, 3, 1).reshape(-1, FN),
    /// which is (N*OH*OW, FN):
    ///   db   = sum of D over its rows                                  (FN)
    ///   dW   = col^T * D, transposed to (FN, C*FH*FW), reshaped to W's shape (FN,C,FH,FW)
    ///   dcol = D * col_W^T                                             (N*OH*OW, C*FH*FW)
    ///   dx   = col2im(dcol, x's shape, FH, FW, S, P)
    /// Stores dW and db in the members below and returns dx.
    /// Throws ShapeError when called before forward ("Convolution::backward: called before
    /// forward"), or when dout's shape is not the shape the last forward returned, e.g.
    ///   "Convolution::backward: dout has shape (2,4,5,5) but forward returned (2,4,3,3)".
    Tensor4 backward(const Tensor4& dout);

    Tensor4 W;   ///< filters (FN,C,FH,FW)
    Vector b;    ///< one bias per filter (FN)
    Tensor4 dW;  ///< after backward: dL/dW, same shape as W
    Vector db;   ///< after backward: dL/db, same shape as b
    int stride;
    int pad;
    /// Provided, not part of an exercise: a network sets it to false on its first layer, whose
    /// input is the data, so nobody reads that layer's dx. The book's backward always computes dx
    /// and may ignore this; a faster implementation may then skip dcol and col2im and return an
    /// empty dx, as PyTorch skips the gradient of an input that does not require one.
    bool need_dx = true;

private:
    // What forward keeps for backward. The book's code keeps x itself; col2im needs only its shape.
    Shape4 x_shape_{};
    Shape4 out_shape_{};  // what forward returned: dout must have this shape
    Matrix col_;          // im2col(x)               (N*OH*OW, C*FH*FW)
    Matrix col_W_;        // W.reshape(FN, -1).T     (C*FH*FW, FN)
};

}  // namespace cnn
