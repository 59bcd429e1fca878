// Chapter 02 reference solutions.
#include "02_stride/stride.hpp"

#include "01_padding/padding.hpp"
#include "common/shape.hpp"

#include <string_view>

namespace cnn {

namespace {
// The one place where the output-size rule lives; `where` says who applied it to which axis.
int output_size(std::string_view where, int input, int filter, int stride, int pad, Rounding rounding) {
    if (stride < 1) throw ShapeError(fmt::format("{}: stride must be >= 1, got S = {}", where, stride));
    if (pad < 0) throw ShapeError(fmt::format("{}: padding must be >= 0, got P = {}", where, pad));
    if (input < 1 || filter < 1) {
        throw ShapeError(fmt::format("{}: input and filter sizes must be >= 1, got {} and {}", where,
                                     input, filter));
    }
    const int span = input + 2 * pad - filter;  // how far the window can travel
    if (span < 0) {
        throw ShapeError(fmt::format("{}: filter {} is larger than the padded input {} + 2*{} = {}",
                                     where, filter, input, pad, input + 2 * pad));
    }
    if (rounding == Rounding::Strict && span % stride != 0) {
        const double exact = static_cast<double>(span) / stride + 1;
        throw ShapeError(fmt::format(
            "{}: ({} + 2*{} - {})/{} + 1 = {:.2f} is not an integer: stride {} does not fit a {}-wide "
            "input with a {}-wide filter",
            where, input, pad, filter, stride, exact, stride, input, filter));
    }
    return span / stride + 1;
}
}  // namespace

int conv_output_size(int input, int filter, Stride stride, Pad pad, Rounding rounding) {
    return output_size("conv_output_size", input, filter, stride.value, pad.value, rounding);
}

Shape2 conv_output_shape(Shape2 input, Shape2 filter, Stride stride, Pad pad, Rounding rounding) {
    return {output_size("conv_output_shape: height", input.H, filter.H, stride.value, pad.value, rounding),
            output_size("conv_output_shape: width", input.W, filter.W, stride.value, pad.value, rounding)};
}

Matrix strided_cross_correlate(const Matrix& x, const Matrix& w, int stride, int pad, Scalar bias) {
    const Shape2 out = conv_output_shape({static_cast<int>(x.rows()), static_cast<int>(x.cols())},
                                         {static_cast<int>(w.rows()), static_cast<int>(w.cols())},
                                         Stride{stride}, Pad{pad});
    const Matrix xp = zero_pad(x, pad);
    const Index FH = w.rows(), FW = w.cols();
    Matrix y(out.H, out.W);
    // The window of output (oh,ow) starts S elements further than its neighbour's (fig 7-7);
    // inside the window the filter index kh, kw still steps by one.
    for (Index oh = 0; oh < out.H; ++oh)
        for (Index ow = 0; ow < out.W; ++ow)
            y(oh, ow) = (xp.block(oh * stride, ow * stride, FH, FW).array() * w.array()).sum() + bias;
    return y;
}

}  // namespace cnn
