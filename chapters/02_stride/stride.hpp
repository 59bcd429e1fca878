// Chapter 02 — stride and output size (『밑바닥부터 시작하는 딥러닝』 7.2.4 스트라이드, eq 7.1; CS231n notes
// 「공간적 배치」 (Spatial arrangement); slides 「특징맵의 크기변화」).
#pragma once

#include "common/tensor.hpp"

#include <ostream>

namespace cnn {

/// How conv_output_size treats a stride that does not fit the input exactly.
enum class Rounding {
    Strict,  ///< the rule of eq 7.1: (H + 2P - F) must be divisible by S, else a ShapeError
    Floor,   ///< what frameworks do: drop the windows that would run past the edge
};

/// Stride S and padding P as two named types. The book passes both as plain ints; here
/// conv_output_size(7, 3, Stride{2}, Pad{1}) cannot be written the other way round by accident:
/// a swapped pair does not compile.
struct Stride {
    explicit Stride(int s) : value(s) {}
    int value;
};
struct Pad {
    explicit Pad(int p) : value(p) {}
    int value;
};

/// 02.1 / 02.2 Output size along one axis (book 7.2.4, eq 7.1; CS231n notes 「공간적 배치」:
/// "(W-F+2P)/S+1"):
///   OH = (H + 2P - FH) / S + 1
/// WE-09: H=7, F=3, P=0: S=1 -> 5, S=2 -> 3, S=3 -> 2.33 is refused (Strict) or 2 (Floor).
/// WE-10: H=5, F=3, P=1: S=1 -> 5, S=2 -> 3, S=3 is refused. WE-18: (7-3+0)/1+1 = 5.
/// Throws ShapeError, naming the computation, when S < 1, P < 0, H < 1, F < 1, the filter is
/// larger than the padded input, or (Strict only) the division leaves a remainder, e.g.
///   "conv_output_size: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: stride 3 does not fit a
///    7-wide input with a 3-wide filter"
int conv_output_size(int input, int filter, Stride stride, Pad pad, Rounding rounding = Rounding::Strict);

/// The spatial size (height, width) of a map, a filter or an output, in the book's order (H,W).
struct Shape2 {
    int H = 0;
    int W = 0;
};

inline bool operator==(const Shape2& a, const Shape2& b) { return a.H == b.H && a.W == b.W; }
inline bool operator!=(const Shape2& a, const Shape2& b) { return !(a == b); }
inline std::ostream& operator<<(std::ostream& os, const Shape2& s) {
    return os << '(' << s.H << ',' << s.W << ')';
}

/// 02.3 Output shape of a convolution on an (H,W) input with an (FH,FW) filter (book 7.2.4):
///   (OH, OW) = ((H + 2P - FH)/S + 1, (W + 2P - FW)/S + 1)
/// Both axes share P and S. WE-05: (28,31), P=2, S=3, F=(5,5) -> (10,11); WE-06: (4,4), P=1,
/// S=1, F=(3,3) -> (4,4); WE-07: (7,7), P=0, S=2, F=(3,3) -> (3,3); WE-18: (7,7), S=1 -> (5,5).
/// Throws what conv_output_size throws, with "conv_output_shape: height: " or
/// "conv_output_shape: width: " in front of the rule that was broken.
Shape2 conv_output_shape(Shape2 input, Shape2 filter, Stride stride, Pad pad,
                         Rounding rounding = Rounding::Strict);

/// Provided: the (OH,OW) of an (N,C,H,W) tensor x under an FHxFW window, by the rule of 02.3.
/// Chapters 05 and 06 ask this for every layer.
inline Shape2 conv_output_shape(const Shape4& x, int FH, int FW, Stride stride, Pad pad) {
    return conv_output_shape({static_cast<int>(x[2]), static_cast<int>(x[3])}, {FH, FW}, stride, pad);
}

/// 02.4 Convolution with stride S and zero padding P (book 7.2.4, fig 7-7;
/// slides 「특징맵의 크기변화」):
/// x:(H,W), w:(FH,FW) -> y:(OH,OW) as in 02.3, with xp = x padded by P on every side and
///   y(oh,ow) = sum_{kh,kw} xp(oh*S + kh, ow*S + kw) * w(kh,kw) + bias
/// The filter jumps S elements between windows; it is never flipped. WE-08: the 7x7 input of
/// fig 7-7 with the WE-01 filter at S=2 -> [[15,17,15],[17,15,17],[15,17,15]].
/// Throws ShapeError when P < 0 or when conv_output_shape refuses the shapes (Strict rounding:
/// the stride must fit both axes); that message names conv_output_shape and the axis.
Matrix strided_cross_correlate(const Matrix& x, const Matrix& w, int stride, int pad,
                               Scalar bias = 0);

}  // namespace cnn
