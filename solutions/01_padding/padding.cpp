// Chapter 01 reference solutions.
#include "01_padding/padding.hpp"

#include "common/shape.hpp"

namespace cnn {

namespace {
void check_pad(const char* function, int pad) {
    if (pad < 0) throw ShapeError(fmt::format("{}: padding must be >= 0, got P = {}", function, pad));
}
}  // namespace

Matrix zero_pad(const Matrix& x, int pad) {
    check_pad("zero_pad", pad);
    Matrix padded = Matrix::Zero(x.rows() + 2 * pad, x.cols() + 2 * pad);
    padded.block(pad, pad, x.rows(), x.cols()) = x;
    return padded;
}

Tensor3 zero_pad(const Tensor3& x, int pad) {
    check_pad("zero_pad", pad);
    const Index C = x.dimension(0), H = x.dimension(1), W = x.dimension(2);
    Tensor3 padded(C, H + 2 * pad, W + 2 * pad);
    padded.setZero();
    for (Index c = 0; c < C; ++c)
        for (Index h = 0; h < H; ++h)
            for (Index w = 0; w < W; ++w) padded(c, h + pad, w + pad) = x(c, h, w);
    return padded;
}

Matrix cross_correlate(const Matrix& x, const Matrix& w, Scalar bias) {
    const Index H = x.rows(), W = x.cols(), FH = w.rows(), FW = w.cols();
    if (FH > H || FW > W || FH < 1 || FW < 1) {
        throw ShapeError(fmt::format("cross_correlate: filter ({},{}) does not fit the input ({},{})",
                                     FH, FW, H, W));
    }
    Matrix y(H - FH + 1, W - FW + 1);
    // Each output element is one window of x multiplied element-wise with w and summed (fig 7-4).
    for (Index oh = 0; oh < y.rows(); ++oh)
        for (Index ow = 0; ow < y.cols(); ++ow)
            y(oh, ow) = (x.block(oh, ow, FH, FW).array() * w.array()).sum() + bias;
    return y;
}

Matrix cross_correlate_padded(const Matrix& x, const Matrix& w, int pad, Scalar bias) {
    return cross_correlate(zero_pad(x, pad), w, bias);
}

int same_padding(int filter_size) {
    if (filter_size < 1 || filter_size % 2 == 0) {
        throw ShapeError(fmt::format(
            "same_padding: F = {} has no same padding: H + 2P - {} + 1 = H needs P = {}/2, "
            "which is not a whole number >= 0",
            filter_size, filter_size, filter_size - 1));
    }
    return (filter_size - 1) / 2;
}

Matrix vertical_edge_filter() {
    Matrix w(3, 3);
    w << -1, 0, 1,
         -1, 0, 1,
         -1, 0, 1;
    return w;
}

Matrix detect_vertical_edges(const Matrix& image) {
    return cross_correlate(image, vertical_edge_filter());
}

}  // namespace cnn
