// Chapter 03 reference solutions.
#include "03_conv3d/conv3d.hpp"

#include "common/checks.hpp"

#include <initializer_list>

namespace cnn {

namespace {
void check_sizes(const char* function, std::initializer_list<int> sizes) {
    for (const int size : sizes) {
        if (size < 1) throw ShapeError(fmt::format("{}: every size must be >= 1, got {}", function, size));
    }
}
}  // namespace

Tensor3 conv3d(const Tensor3& x, const Tensor4& w, const Vector& b, int stride, int pad) {
    const Index C = x.dimension(0), H = x.dimension(1), W = x.dimension(2);
    const Index FN = w.dimension(0), FH = w.dimension(2), FW = w.dimension(3);
    check_channels("conv3d", x, w);
    check_bias("conv3d", b, w);
    const Shape2 out = conv_output_shape({static_cast<int>(H), static_cast<int>(W)},
                                         {static_cast<int>(FH), static_cast<int>(FW)}, Stride{stride}, Pad{pad});
    Tensor3 y(FN, out.H, out.W);
    // Channel c of x and filter slice (fn,c) are contiguous (H,W) and (FH,FW) blocks, so each
    // pair is a chapter-02 convolution; the channels' maps are added, then the bias once.
    for (Index fn = 0; fn < FN; ++fn) {
        Matrix sum = Matrix::Constant(out.H, out.W, b(fn));
        for (Index c = 0; c < C; ++c) {
            const ConstMatrixView x_c(x.data() + c * H * W, H, W);
            const ConstMatrixView w_fc(w.data() + (fn * C + c) * FH * FW, FH, FW);
            sum += strided_cross_correlate(x_c, w_fc, stride, pad);
        }
        MatrixView(y.data() + fn * out.H * out.W, out.H, out.W) = sum;
    }
    return y;
}

Index filter_parameter_count(int C, int FH, int FW) {
    check_sizes("filter_parameter_count", {C, FH, FW});
    return Index{C} * FH * FW + 1;
}

Index conv_parameter_count(int FN, int C, int FH, int FW) {
    check_sizes("conv_parameter_count", {FN, C, FH, FW});
    return FN * filter_parameter_count(C, FH, FW);
}

Shape3 conv_output_volume(Shape3 input, int FN, Shape2 filter, int stride, int pad) {
    check_sizes("conv_output_volume", {FN});
    const Shape2 out = conv_output_shape({input.H, input.W}, filter, Stride{stride}, Pad{pad});
    return {FN, out.H, out.W};
}

Index connections_per_neuron(int C, int FH, int FW) {
    check_sizes("connections_per_neuron", {C, FH, FW});
    return Index{C} * FH * FW;
}

Index fully_connected_weights(Shape3 input) {
    check_sizes("fully_connected_weights", {input.C, input.H, input.W});
    return Index{input.C} * input.H * input.W;
}

}  // namespace cnn
