// Chapter 06 exercises. Replace each `throw` with your code; run `./workbook check 06`.
// Read chapters/06_pooling/README.md and 001 §7.3 and §7.4.4 first.
#include "06_pooling/pooling.hpp"

#include "05_im2col/im2col.hpp"
#include "common/shape.hpp"

namespace cnn {

int pool_output_size(int input, int filter, int stride, Rounding rounding) {
    // TODO: a pooling window slides exactly like a filter, only without padding. Chapter 02
    // already has this rule; do not write it a second time.
    throw NotImplemented("06.1 pool_output_size");
}

Tensor4 MaxPooling::forward(const Tensor4& x) {
    // TODO: the book's three steps (fig 7-22). im2col gives one row per window with the channels
    // side by side; the same memory seen as rows of pool_h_*pool_w_ values holds one window of one
    // channel per row (MatrixView). Keep each row's largest value and its column (the first one
    // on a tie), and mind the order of those rows before you write y(n,c,oh,ow).
    // Save the shapes for backward.
    throw NotImplemented("06.2 MaxPooling::forward");
}

Tensor4 MaxPooling::backward(const Tensor4& dout) {
    // TODO: check dout against out_shape_ first. Then walk back the way forward came: a matrix
    // shaped like the expanded windows, zero except at each row's argmax, where dout's value goes;
    // col2im turns it into dx. Think about what col2im does where windows overlap.
    throw NotImplemented("06.3 MaxPooling::backward");
}

Tensor4 AvgPooling::forward(const Tensor4& x) {
    // TODO: the same expansion as MaxPooling::forward, but each row gives its mean.
    throw NotImplemented("06.4 AvgPooling::forward");
}

Tensor4 AvgPooling::backward(const Tensor4& dout) {
    // TODO: every value of a window took part in the mean with the same weight. Which weight?
    throw NotImplemented("06.4 AvgPooling::backward");
}

}  // namespace cnn
