// Chapter 06 model answers: pooling the book's way (book 7.4.4, fig 7-21/7-22). im2col expands the
// windows; the same storage read FH*FW values per row holds one window of one channel per row;
// each row gives one output. Backward fills a matrix of that shape and hands it to col2im.
#include "06_pooling/pooling.hpp"

#include "05_im2col/im2col.hpp"
#include "common/checks.hpp"

namespace cnn {

namespace {
// Rows of the window matrix come in (n, oh, ow, c) order: y.reshape(N, OH, OW, C).transpose(0, 3, 1, 2).
Tensor4 nhwc_to_nchw(const Vector& rows, Index N, Shape2 out, Index C) {
    return ConstTensor4View(rows.data(), N, out.H, out.W, C).shuffle(Eigen::array<int, 4>{0, 3, 1, 2});
}
}  // namespace

int pool_output_size(int input, int filter, int stride, Rounding rounding) {
    return conv_output_size(input, filter, Stride{stride}, Pad{0}, rounding);
}

Tensor4 MaxPooling::forward(const Tensor4& x) {
    const Index N = x.dimension(0), C = x.dimension(1), pool_size = Index{pool_h_} * pool_w_;
    const Shape2 out = conv_output_shape(shape4(x), pool_h_, pool_w_, Stride{stride_}, Pad{pad_});
    const Matrix col = im2col(x, pool_h_, pool_w_, stride_, pad_);
    const ConstMatrixView windows(col.data(), col.size() / pool_size, pool_size);  // col.reshape(-1, FH*FW)

    Vector y(windows.rows());
    argmax_.resize(static_cast<std::size_t>(windows.rows()));
    for (Index r = 0; r < windows.rows(); ++r) {
        Index k = 0;
        y(r) = windows.row(r).maxCoeff(&k);  // the first maximum on a tie, as np.argmax
        argmax_[static_cast<std::size_t>(r)] = static_cast<int>(k);
    }
    x_shape_ = shape4(x);
    out_shape_ = {N, C, out.H, out.W};
    return nhwc_to_nchw(y, N, out, C);
}

Tensor4 MaxPooling::backward(const Tensor4& dout) {
    check_dout("MaxPooling::backward", dout, out_shape_);
    const Index N = x_shape_[0], C = x_shape_[1], OH = out_shape_[2], OW = out_shape_[3];
    const Index pool_size = Index{pool_h_} * pool_w_;
    const Tensor4 dout_t = dout.shuffle(Eigen::array<int, 4>{0, 2, 3, 1});  // rows in forward's order

    // dmax: one window of one channel per row, zero except where that window's maximum was.
    // It is dcol, im2col's (N*OH*OW, C*FH*FW), read FH*FW values per row.
    Matrix dcol = Matrix::Zero(N * OH * OW, C * pool_size);
    MatrixView dmax(dcol.data(), dout.size(), pool_size);
    for (Index r = 0; r < dmax.rows(); ++r) dmax(r, argmax_[static_cast<std::size_t>(r)]) = dout_t.data()[r];
    // col2im adds: an element that won several overlapping windows gets every one's gradient.
    return col2im(dcol, x_shape_, pool_h_, pool_w_, stride_, pad_);
}

Tensor4 AvgPooling::forward(const Tensor4& x) {
    const Index N = x.dimension(0), C = x.dimension(1), pool_size = Index{pool_h_} * pool_w_;
    const Shape2 out = conv_output_shape(shape4(x), pool_h_, pool_w_, Stride{stride_}, Pad{pad_});
    const Matrix col = im2col(x, pool_h_, pool_w_, stride_, pad_);
    const ConstMatrixView windows(col.data(), col.size() / pool_size, pool_size);
    // The padding's zeros are in the window too, so the divisor is always FH*FW.
    const Vector y = windows.rowwise().mean();
    x_shape_ = shape4(x);
    out_shape_ = {N, C, out.H, out.W};
    return nhwc_to_nchw(y, N, out, C);
}

Tensor4 AvgPooling::backward(const Tensor4& dout) {
    check_dout("AvgPooling::backward", dout, out_shape_);
    const Index N = x_shape_[0], C = x_shape_[1], OH = out_shape_[2], OW = out_shape_[3];
    const Index pool_size = Index{pool_h_} * pool_w_;
    const Tensor4 dout_t = dout.shuffle(Eigen::array<int, 4>{0, 2, 3, 1});
    // Every element of a window had weight 1/(FH*FW) in its mean.
    Matrix dcol(N * OH * OW, C * pool_size);
    MatrixView dmean(dcol.data(), dout.size(), pool_size);
    const Eigen::Map<const Vector> d(dout_t.data(), dout.size());
    dmean = (d / static_cast<Scalar>(pool_size)).replicate(1, pool_size);
    return col2im(dcol, x_shape_, pool_h_, pool_w_, stride_, pad_);
}

}  // namespace cnn
