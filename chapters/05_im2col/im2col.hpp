// Chapter 05 — im2col, col2im and the Convolution layer (『밑바닥부터 시작하는 딥러닝』 7.4.2 im2col로
// 데이터 전개하기, 7.4.3 합성곱 계층 구현하기; slides 「Convolutional Networks 구현」).
//
// im2col lays every filter window of the input out as one row of a matrix, so that the whole
// convolution becomes a single matrix product with the filters reshaped to (FN, C*FH*FW).
// Orderings are the book's: rows (n, oh, ow), columns (c, kh, kw).
#pragma once

#include "02_stride/stride.hpp"
#include "common/shape.hpp"

namespace cnn {

/// 05.1 im2col (book 7.4.2, fig 7-17/7-18; slides 「Convolutional Networks 구현」).
/// x:(N,C,H,W) -> col:(N*OH*OW, C*FH*FW), OH=(H+2P-FH)/S+1, OW=(W+2P-FW)/S+1,
///   col(n*OH*OW + oh*OW + ow, c*FH*FW + kh*FW + kw) = xp(n, c, oh*S + kh, ow*S + kw)
/// where xp is x zero-padded by P on both spatial axes.
/// WE-23: (1,3,7,7) with a 5x5 filter, S=1, P=0 -> (9,75); (10,3,7,7) -> (90,75).
/// WE-24: one row has C*FH*FW = 75 entries, as many as one (3,5,5) filter.
/// Throws ShapeError as conv_output_shape (chapter 02) does: a stride that does not fit, a filter
/// larger than the padded input, S < 1, P < 0, FH or FW < 1; the message names the axis, e.g.
///   "conv_output_shape: width: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: ..."
Matrix im2col(const Tensor4& x, int FH, int FW, int stride, int pad);

/// 05.2 col2im, the reverse of im2col (book 7.4.3, the backward pass; WE-26).
/// col:(N*OH*OW, C*FH*FW), input_shape (N,C,H,W) -> (N,C,H,W):
///   x(n,c,h,w) = sum of every col entry that im2col read from xp(n,c,h+P,w+P)
/// Overlapping windows are added together; the values that fall on the padding are dropped.
/// Throws ShapeError when the output-size rule refuses the shapes (as im2col does), and when col
/// is not (N*OH*OW, C*FH*FW), e.g. "col2im: col is (8,75) but an input of shape (1,3,7,7) with
/// 5x5 windows, S=1, P=0 gives (9,75)".
Tensor4 col2im(const Matrix& col, const Shape4& input_shape, int FH, int FW, int stride, int pad);

/// Provided: col2im's first check, that col has the shape im2col gives for input_shape.
/// Throws what conv_output_shape throws, and the ShapeError quoted above for col2im.
inline void check_col_shape(const Matrix& col, const Shape4& input_shape, int FH, int FW, int stride,
                            int pad) {
    const Shape2 out = conv_output_shape(input_shape, FH, FW, Stride{stride}, Pad{pad});
    const Index rows = input_shape[0] * out.H * out.W, cols = input_shape[1] * FH * FW;
    if (col.rows() != rows || col.cols() != cols) {
        throw ShapeError(fmt::format(
            "col2im: col is {} but an input of shape {} with {}x{} windows, S={}, P={} gives ({},{})",
            shape_of(col), shape_of(input_shape), FH, FW, stride, pad, rows, cols));
    }
}

}  // namespace cnn
