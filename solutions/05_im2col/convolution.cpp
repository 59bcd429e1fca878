// Chapter 05 reference solution: the Convolution layer.
//
// The book transposes (N*OH*OW, FN) products into (N,FN,OH,OW) and back. Here each image is
// multiplied on its own instead: the (FN, OH*OW) block of image n inside an (N,FN,OH,OW) tensor is
// exactly W.reshape(FN,-1) * col_n^T, so the product is written in place and no transposed copy of
// out or dout is ever made. The arithmetic is the book's; only the order of the loops differs.
#include "05_im2col/convolution.hpp"

#include "02_stride/stride.hpp"
#include "common/parallel.hpp"
#include "common/shape.hpp"

// Big batches: one image per thread, each product single-threaded. Batch 1: the single product
// is split by Eigen itself (Eigen does not split products inside a parallel region). With the
// OpenBLAS backend, run with OPENBLAS_NUM_THREADS=1: the threads already come from here.
#define FOR_EACH_IMAGE_IN_PARALLEL CNN_PARALLEL_FOR_IF(N > 1)

namespace cnn {


Tensor4 Convolution::forward(const Tensor4& x) {
    const Index N = x.dimension(0), FN = W.dimension(0), C = W.dimension(1);
    const int FH = static_cast<int>(W.dimension(2)), FW = static_cast<int>(W.dimension(3));
    if (x.dimension(1) != C) {
        throw ShapeError(fmt::format("Convolution::forward: input has {} channels but the filters have {} "
                                     "(x {}, W {})", x.dimension(1), C, shape_of(x), shape_of(W)));
    }
    const Shape2 o = conv_output_shape({static_cast<int>(x.dimension(2)), static_cast<int>(x.dimension(3))},
                                       {FH, FW}, pad, stride);
    const Index P = Index(o.H) * o.W;  // output positions per image
    im2col(x, FH, FW, stride, pad, col_);
    x_shape_ = shape4(x);
    out_shape_ = {N, FN, o.H, o.W};

    // W.reshape(FN, -1) is W's own storage read as a (FN, C*FH*FW) matrix: no copy.
    const ConstMatrixView W_col(W.data(), FN, C * FH * FW);
    Tensor4 out(N, FN, o.H, o.W);
    FOR_EACH_IMAGE_IN_PARALLEL
    for (Index n = 0; n < N; ++n) {
        MatrixView out_n(out.data() + n * FN * P, FN, P);
        out_n.noalias() = W_col * col_.middleRows(n * P, P).transpose();
        out_n.colwise() += b;
    }
    return out;
}

Tensor4 Convolution::backward(const Tensor4& dout) {
    if (col_.size() == 0) throw ShapeError("Convolution::backward: called before forward");
    if (shape4(dout) != out_shape_) {
        throw ShapeError(fmt::format("Convolution::backward: dout is {} but forward returned {}",
                                     shape_of(dout), shape_of(out_shape_)));
    }
    const Index N = out_shape_[0], FN = out_shape_[1], P = out_shape_[2] * out_shape_[3];
    const Index K = col_.cols();  // C*FH*FW
    const ConstMatrixView W_col(W.data(), FN, K);
    dcol_.resize(col_.rows(), K);
    // Each thread sums dW over its own images; the partial sums are added at the end.
    dW_parts_.resize(thread_count());
    for (Matrix& part : dW_parts_) part.setZero(FN, K);
    Matrix db_parts = Matrix::Zero(thread_count(), FN);

    FOR_EACH_IMAGE_IN_PARALLEL
    for (Index n = 0; n < N; ++n) {
        const ConstMatrixView dout_n(dout.data() + n * FN * P, FN, P);  // D's rows of image n, transposed
        const auto col_n = col_.middleRows(n * P, P);
        const int t = thread_id();
        db_parts.row(t) += dout_n.rowwise().sum().transpose();
        dW_parts_[t].noalias() += dout_n * col_n;
        dcol_.middleRows(n * P, P).noalias() = dout_n.transpose() * W_col;
    }
    for (std::size_t t = 1; t < dW_parts_.size(); ++t) dW_parts_[0] += dW_parts_[t];
    dW = Tensor4(W.dimensions());
    MatrixView(dW.data(), FN, K) = dW_parts_[0];
    db = db_parts.colwise().sum().transpose();
    return col2im(dcol_, x_shape_, static_cast<int>(W.dimension(2)), static_cast<int>(W.dimension(3)),
                  stride, pad);
}

}  // namespace cnn
