// Chapter 03 — convolution of a (C,H,W) volume with FN filters, and what a conv layer costs
// (『밑바닥부터 시작하는 딥러닝』 7.2.5–7.2.6; CS231n notes 「지역적 연결성」 (Local Connectivity); slides
// 「특징맵의 크기변화」; the Korean summary and review of CS231n lecture 5).
//
// CS231n and the slides write volumes as width x height x depth ("32x32x3"); the book and this
// workbook store them as (C,H,W), so "32x32x3" is Shape3{3, 32, 32} here.
#pragma once

#include "02_stride/stride.hpp"

#include <ostream>

namespace cnn {

/// A volume shape in the book's order (C,H,W): channels (depth), height, width.
struct Shape3 {
    int C = 0;
    int H = 0;
    int W = 0;
};

inline bool operator==(const Shape3& a, const Shape3& b) { return a.C == b.C && a.H == b.H && a.W == b.W; }
inline bool operator!=(const Shape3& a, const Shape3& b) { return !(a == b); }
inline std::ostream& operator<<(std::ostream& os, const Shape3& s) {
    return os << '(' << s.C << ',' << s.H << ',' << s.W << ')';
}

/// 03.1 Convolution of one volume with FN filters (book 7.2.5–7.2.6, fig 7-8 to 7-12):
/// x:(C,H,W), w:(FN,C,FH,FW), b:(FN) -> y:(FN,OH,OW), OH and OW from conv_output_shape, and
///   y(fn,oh,ow) = sum_c sum_{kh,kw} xp(c, oh*S + kh, ow*S + kw) * w(fn,c,kh,kw) + b(fn)
/// where xp is x zero-padded by P on H and W. The sum runs over the channels first; the bias
/// of filter fn is added once to every element of output channel fn (fig 7-12, WE-19).
/// Throws ShapeError when the channel counts differ ("conv3d: input has 3 channels but the
/// filters have 4 (x (3,7,7), w (2,4,3,3))"), when b does not hold one value per filter
/// ("conv3d: bias has 3 values but there are 2 filters (w (2,3,3,3))"), and as conv_output_shape
/// does. check_channels and check_bias (common/checks.hpp) give these messages.
Tensor3 conv3d(const Tensor3& x, const Tensor4& w, const Vector& b, int stride, int pad);

/// 03.2 Learnable parameters of one filter on a C-channel input: C*FH*FW weights + 1 bias
/// (CS231n notes 「지역적 연결성」 example 1, WE-12: 5*5*3 + 1 = 76).
/// Throws ShapeError for a size < 1.
Index filter_parameter_count(int C, int FH, int FW);

/// 03.2 Learnable parameters of a conv layer of FN such filters: FN * (C*FH*FW + 1)
/// (slides 「특징맵의 크기변화」, WE-11: 10 filters 5x5 on depth 3 -> 760).
/// Throws ShapeError for a size < 1.
Index conv_parameter_count(int FN, int C, int FH, int FW);

/// 03.2 Output volume of a conv layer (book 7.2.6, fig 7-11): an input volume (C,H,W) and FN
/// filters of (C,FH,FW) give (FN, OH, OW); the depth of the output is the number of filters.
/// WE-11: (3,32,32), 10 filters 5x5, S=1, P=2 -> (10,32,32). WE-14: (3,32,32), six 5x5 -> (6,28,28),
/// then ten 5x5 -> (10,24,24). WE-15: (64,56,56), 32 filters 1x1 -> (32,56,56).
/// Throws ShapeError when FN < 1 and as conv_output_shape does.
Shape3 conv_output_volume(Shape3 input, int FN, Shape2 filter, int stride, int pad);

/// 03.3 Connections (weights) of one neuron of a conv layer (CS231n notes 「지역적 연결성」): it sees a
/// FH x FW window through the full depth C, so C*FH*FW (WE-13: 3*3*20 = 180). No bias here.
/// Throws ShapeError for a size < 1.
Index connections_per_neuron(int C, int FH, int FW);

/// 03.3 Weights of one fully-connected neuron on a (C,H,W) input: it sees every element, C*H*W
/// (WE-20: 32x32x3 -> 3,072; 200x200x3 -> 120,000; 112x150x3 -> 50,400). Throws ShapeError for
/// a size < 1.
Index fully_connected_weights(Shape3 input);

}  // namespace cnn
