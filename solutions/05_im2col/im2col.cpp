// Chapter 05 model answers: im2col and col2im, written as the book writes them (book 7.4.3):
// pad the input, then copy every window into one row; col2im adds the rows back.
#include "05_im2col/im2col.hpp"

#include "01_padding/padding.hpp"
#include "02_stride/stride.hpp"
#include "04_batching/batching.hpp"
#include "common/shape.hpp"

namespace cnn {

Matrix im2col(const Tensor4& x, int FH, int FW, int stride, int pad) {
    const Index N = x.dimension(0), C = x.dimension(1);
    const Shape2 out = conv_output_shape(shape4(x), FH, FW, Stride{stride}, Pad{pad});
    Matrix col(N * out.H * out.W, C * FH * FW);
    for (Index n = 0; n < N; ++n) {
        const Tensor3 img = zero_pad(Tensor3(image(x, n)), pad);  // (C, H+2P, W+2P)
        for (Index oh = 0; oh < out.H; ++oh)
            for (Index ow = 0; ow < out.W; ++ow) {
                // One window per row, in (n, oh, ow) order; inside it the order of a (C,FH,FW)
                // filter stored row-major, so that a row meets a filter element by element.
                const Index row = (n * out.H + oh) * out.W + ow;
                for (Index c = 0; c < C; ++c)
                    for (Index kh = 0; kh < FH; ++kh)
                        for (Index kw = 0; kw < FW; ++kw)
                            col(row, (c * FH + kh) * FW + kw) = img(c, oh * stride + kh, ow * stride + kw);
            }
    }
    return col;
}

Tensor4 col2im(const Matrix& col, const Shape4& input_shape, int FH, int FW, int stride, int pad) {
    const Index N = input_shape[0], C = input_shape[1], H = input_shape[2], W = input_shape[3];
    const Shape2 out = conv_output_shape(input_shape, FH, FW, Stride{stride}, Pad{pad});
    check_col_shape(col, input_shape, FH, FW, stride, pad);
    Tensor4 img(N, C, H + 2 * pad, W + 2 * pad);
    img.setZero();
    for (Index n = 0; n < N; ++n)
        for (Index oh = 0; oh < out.H; ++oh)
            for (Index ow = 0; ow < out.W; ++ow) {
                const Index row = (n * out.H + oh) * out.W + ow;
                for (Index c = 0; c < C; ++c)
                    for (Index kh = 0; kh < FH; ++kh)
                        for (Index kw = 0; kw < FW; ++kw)
                            // += : a pixel shared by overlapping windows gets the sum of what
                            // each window sends back (WE-26).
                            img(n, c, oh * stride + kh, ow * stride + kw) += col(row, (c * FH + kh) * FW + kw);
            }
    // What landed on the padding belongs to no pixel of x: cut it away.
    const Eigen::array<Index, 4> offsets{0, 0, pad, pad}, extents{N, C, H, W};
    return img.slice(offsets, extents);
}

}  // namespace cnn
