// Chapter 01 — the convolution operation and padding (『밑바닥부터 시작하는 딥러닝』 7.2.2 합성곱 연산, 7.2.3 패딩;
// 모두의연구소 slides 「손에 잡히는 딥러닝」; the Korean summary of CS231n lecture 5, "zero-pad").
//
// "Convolution" in this workbook is the book's: the filter slides over the input without being
// flipped (what SciPy calls correlate2d). Shapes are (H,W) for a map and (FH,FW) for a filter.
#pragma once

#include "common/tensor.hpp"

namespace cnn {

/// 01.1 Zero padding (book 7.2.3, fig 7-6).
/// x:(H,W) -> (H+2P, W+2P): the input in the middle, P rows and columns of zeros on every side.
/// WE-04: a (4,4) input padded by 1, 2, 3 becomes (6,6), (8,8), (10,10).
/// Throws ShapeError when P < 0.
Matrix zero_pad(const Matrix& x, int pad);

/// 01.1 (volume) Zero padding of a (C,H,W) volume, channel by channel: -> (C, H+2P, W+2P).
/// Only the two spatial axes are padded; the channel count stays C.
Tensor3 zero_pad(const Tensor3& x, int pad);

/// 01.2 Convolution of a map with a filter, stride 1, no padding (book 7.2.2, fig 7-3 to 7-5).
/// x:(H,W), w:(FH,FW) -> y:(H-FH+1, W-FW+1),
///   y(oh,ow) = sum_{kh,kw} x(oh+kh, ow+kw) * w(kh,kw) + bias
/// The single bias is added to every output element (fig 7-5). WE-01, WE-02.
/// Throws ShapeError when the filter is larger than the input.
Matrix cross_correlate(const Matrix& x, const Matrix& w, Scalar bias = 0);

/// 01.3 Convolution with zero padding P (book 7.2.3, fig 7-6):
/// x:(H,W), w:(FH,FW) -> (H+2P-FH+1, W+2P-FW+1) = cross_correlate(zero_pad(x, P), w, bias).
/// WE-03. Throws ShapeError when P < 0 or the filter is larger than the padded input.
Matrix cross_correlate_padded(const Matrix& x, const Matrix& w, int pad, Scalar bias = 0);

/// 01.3 "Same" padding: the P that keeps the output size equal to the input size at stride 1,
/// P = (F-1)/2 (WE-16: F=3 -> 1, F=5 -> 2, F=7 -> 3; slides 「특징맵의 크기변화」, for stride 1).
/// Throws ShapeError for an even F (no integer P keeps the size) and for F < 1.
int same_padding(int filter_size);

/// 01.4 The vertical-edge filter of the slides (「큰 그림 : 컨볼루션은 ...」):
/// (3,3) [[-1,0,1],[-1,0,1],[-1,0,1]].
Matrix vertical_edge_filter();

/// 01.4 Vertical-edge detection: cross_correlate(image, vertical_edge_filter()).
/// image:(H,W) -> (H-2, W-2). Large values mark where dark turns to bright from left to right
/// (WE-17: a 5x6 image, dark left half, bright right half -> every row [0,300,300,0]).
Matrix detect_vertical_edges(const Matrix& image);

}  // namespace cnn
