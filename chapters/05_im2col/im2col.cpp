// Chapter 05 exercises, part 1: im2col and col2im. Replace each `throw` with your code; run
// `./workbook check 05`. Read chapters/05_im2col/README.md and 001 §7.4.2–7.4.3 first.
#include "05_im2col/im2col.hpp"

#include "02_stride/stride.hpp"
#include "common/shape.hpp"

namespace cnn {

Matrix im2col(const Tensor4& x, int FH, int FW, int stride, int pad) {
    // TODO: get (OH,OW) from chapter 02's conv_output_shape. Then one row per window (n, oh, ow)
    // and, inside a row, the window's values channel by channel, each channel row by row, exactly
    // the order in which a (C,FH,FW) filter is stored. A window element outside x is a zero.
    throw NotImplemented("05.1 im2col");
}

Tensor4 col2im(const Matrix& col, const Shape4& input_shape, int FH, int FW, int stride, int pad) {
    // TODO: walk the same (n, oh, ow) rows and (c, kh, kw) columns as im2col, but send each value
    // back to the pixel it came from. Several windows can share a pixel: what should happen to
    // the values they bring? And what about the ones that came from the padding?
    throw NotImplemented("05.2 col2im");
}

}  // namespace cnn
