// Layers from the book's earlier chapters that SimpleConvNet needs besides Convolution and
// MaxPooling: Relu (『밑바닥부터 시작하는 딥러닝』 5.5.1), Affine (5.6.2, with the 4D input of 7.5)
// and SoftmaxWithLoss (5.6.3). Provided code, not exercises: chapter 07 builds on them.
//
// Every layer is the book's class: forward keeps what backward needs, backward returns the
// gradient for the layer below and, for Affine, leaves dW and db for an optimizer.
#pragma once

#include "common/tensor.hpp"

#include <cstdint>
#include <vector>

namespace cnn {

/// An (N,C,H,W) batch seen as an (N, C*H*W) matrix, the book's x.reshape(N, -1) before an
/// Affine layer (7.5). Row-major, so the order of the values is the tensor's own.
Matrix flatten(const Tensor4& x);

/// The reverse: an (N, C*H*W) matrix back to the (N,C,H,W) shape `shape`.
/// Throws ShapeError when the element counts differ.
Tensor4 unflatten(const Matrix& x, const Shape4& shape);

/// ReLU (5.5.1): y = max(0, x), element by element, for a batch of any shape.
/// Backward lets dout through where x > 0 and stops it where x <= 0 (the book's mask).
class Relu {
public:
    Tensor4 forward(const Tensor4& x);
    Matrix forward(const Matrix& x);
    /// Throws ShapeError when dout does not have as many elements as the last forward's x.
    Tensor4 backward(const Tensor4& dout);
    Matrix backward(const Matrix& dout);

private:
    void forward_values(const Scalar* x, Scalar* y, Index count);
    void backward_values(const Scalar* dout, Scalar* dx, Index count);
    std::vector<std::uint8_t> mask_;  // 1 where the last forward's x <= 0
    Index count_ = 0;  // values of the last forward (the fast side packs mask_ into bits, so it keeps the count)
};

/// Affine (5.6.2): x:(N,D) -> y = x W + b : (N,M), with W:(D,M) and b:(M).
/// Backward: dx = dout W^T (N,D), dW = x^T dout (D,M), db = sum of dout over the batch (M).
/// dW and db are set anew on every backward, never added to the previous step's.
class Affine {
public:
    /// Throws ShapeError when b does not have one value per column of W.
    Affine(Matrix W_, Vector b_);

    /// Throws ShapeError when x has not D = W.rows() columns.
    Matrix forward(const Matrix& x);
    /// Throws ShapeError when called before forward or when dout is not (N,M).
    Matrix backward(const Matrix& dout);

    Matrix W;   ///< (D,M)
    Vector b;   ///< (M)
    Matrix dW;  ///< after backward: dL/dW, (D,M)
    Vector db;  ///< after backward: dL/db, (M)

private:
    Matrix x_;  // the last forward's input, for dW
};

/// Softmax and the cross-entropy error in one layer (5.6.3, appendix A):
///   y(n,k) = exp(x(n,k)) / sum_j exp(x(n,j))      L = -(1/N) sum_n log y(n, t_n)
/// computed with the largest score of each row subtracted first (3.5.2), so that scores of 1000
/// give the same y as scores of 0 instead of exp overflowing to inf:
///   log y(n,k) = x(n,k) - m_n - log sum_j exp(x(n,j) - m_n),  m_n = max_j x(n,j).
/// Backward: dx = dout * (y - one_hot(t)) / N, the reason the two are one layer.
class SoftmaxWithLoss {
public:
    /// x:(N,K) scores, t: N labels in 0..K-1 -> the mean loss over the batch.
    /// Throws ShapeError when t has not N labels or a label is outside 0..K-1.
    double forward(const Matrix& x, const std::vector<int>& t);
    /// -> dx:(N,K). Throws ShapeError when called before forward.
    Matrix backward(double dout = 1.0);

    /// The last forward's softmax output y:(N,K), and the loss it returned.
    const Matrix& y() const { return y_; }
    double loss() const { return loss_; }

private:
    Matrix y_;
    double loss_ = 0;
    std::vector<int> t_;
};

}  // namespace cnn
