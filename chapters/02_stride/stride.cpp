// Chapter 02 exercises. Replace each `throw` with your code; run `./workbook check 02`.
// Read chapters/02_stride/README.md and 001 §7.2.4 first.
#include "02_stride/stride.hpp"

#include "01_padding/padding.hpp"

namespace cnn {

int conv_output_size(int input, int filter, Stride stride, Pad pad, Rounding rounding) {
    // TODO: refuse the impossible arguments first (see the header), then compute eq 7.1. With
    // Strict rounding a remainder is an error whose message shows the division; with Floor it
    // is simply dropped.
    throw NotImplemented("02.1 conv_output_size");
}

Shape2 conv_output_shape(Shape2 input, Shape2 filter, Stride stride, Pad pad, Rounding rounding) {
    // TODO: the rule of 02.1 once per axis; the messages must say which axis broke it.
    throw NotImplemented("02.3 conv_output_shape");
}

Matrix strided_cross_correlate(const Matrix& x, const Matrix& w, int stride, int pad, Scalar bias) {
    // TODO: ask conv_output_shape for the output size, pad with chapter 01's zero_pad, then
    // find where the window of output (oh,ow) starts in the padded input. Does the stride move
    // the window, the filter index inside it, or both?
    throw NotImplemented("02.4 strided_cross_correlate");
}

}  // namespace cnn
