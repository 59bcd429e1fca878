// Chapter 06 — pooling (『밑바닥부터 시작하는 딥러닝』 7.3 풀링 계층, 7.3.1, 7.4.4; slides 「Pooling Layer」;
// the Korean summary of CS231n lecture 5, "Pooling Layer"; its review, "Case Study" (AlexNet)).
//
// A pooling layer slides a window over every (H,W) map of every channel on its own and keeps one
// number per window: the largest (max pooling) or the mean (average pooling). It has no weights.
// The book's layer takes (pool_h, pool_w, stride, pad), like Convolution; the slides and the
// lecture 5 summary (「Pooling Layer의 Design Choice」) add that padding is rarely used with
// pooling. Padding cells, when asked for, count as zeros, exactly the zeros im2col writes.
#pragma once

#include "02_stride/stride.hpp"
#include "common/tensor.hpp"

#include <vector>

namespace cnn {

/// 06.1 Output size of pooling along one axis (slides 「Pooling Layer」; lecture 5 summary
/// 「Pooling Layer의 Design Choice」; lecture 5 review 「Case Study」, AlexNet):
///   W2 = (W1 - F)/S + 1,  D2 = D1
/// This is chapter 02's output-size rule with P = 0; the rule is written once, in chapter 02.
/// WE-29: W1=224, F=2, S=2 -> 112 (224x224x64 -> 112x112x64); F=3, S=2 does not fit 224
/// ((224-3)/2 + 1 = 111.5: refused by Strict, 111 with Floor).
/// WE-30: W1=55, F=3, S=2 -> (55-3)/2 + 1 = 27.
/// Throws what conv_output_size throws (the message contains the rule and the numbers, e.g.
/// "(224 + 2*0 - 3)/2 + 1 = 111.50 is not an integer").
int pool_output_size(int input, int filter, int stride, Rounding rounding = Rounding::Strict);

/// The book's Pooling layer (book 7.4.4), which keeps the largest element of each window.
/// MaxPooling(2, 2, 2) is the one SimpleConvNet uses (chapter 07).
class MaxPooling {
public:
    MaxPooling(int pool_h, int pool_w, int stride = 1, int pad = 0)
        : pool_h_(pool_h), pool_w_(pool_w), stride_(stride), pad_(pad) {}

    /// 06.2 Forward (book 7.3 fig 7-14, 7.4.4 fig 7-21/7-22):
    /// x:(N,C,H,W) -> y:(N,C,OH,OW), OH = (H + 2P - pool_h)/S + 1, OW = (W + 2P - pool_w)/S + 1,
    ///   y(n,c,oh,ow) = max_{kh,kw} xp(n, c, oh*S + kh, ow*S + kw)    (xp: x padded with zeros)
    /// Each channel is pooled on its own, so C stays C (§7.3.1). The book's three steps: expand the
    /// windows channel by channel (im2col, then one window of one channel per row of FH*FW values),
    /// take each row's maximum, reshape to (N,C,OH,OW). Forward also records in argmax_ where each
    /// maximum came from, for backward. Ties go to the first maximum in window order (kh, then kw),
    /// as NumPy's argmax does.
    /// WE-27: [[1,1,2,4],[5,6,7,8],[3,2,1,0],[1,2,3,4]] with 2x2, S=2 -> [[6,8],[3,4]].
    /// Throws ShapeError when the window and stride do not fit (chapter 02's rule, Strict: the
    /// message contains e.g. "(5 + 2*0 - 2)/2 + 1 = 2.50 is not an integer").
    Tensor4 forward(const Tensor4& x);

    /// 06.3 Backward (the book's published code for 7.4.4; the book points to ReLU's
    /// backward in 5.5.1): dout:(N,C,OH,OW) -> dx:(N,C,H,W).
    /// Each dout(n,c,oh,ow) goes, whole, to the one input element that was the maximum of its window
    /// in the last forward (the first one on a tie); every other element gets nothing. When windows
    /// overlap (3x3, S=2) one element can be the maximum of several windows: its gradients add up.
    /// A maximum that was a padding cell sends its gradient nowhere.
    /// Throws ShapeError when dout is not the shape forward returned, e.g.
    ///   "MaxPooling::backward: dout has shape (1,1,3,3) but forward returned (1,1,2,2)"
    Tensor4 backward(const Tensor4& dout);

private:
    int pool_h_, pool_w_, stride_, pad_;
    Shape4 x_shape_{};    // the input shape of the last forward: backward's dx has this shape
    Shape4 out_shape_{};  // what the last forward returned: dout must have this shape
    // One entry per output element: where its maximum was. Which order and which coding (the
    // position inside the window, kh*FW + kw, as the book's argmax gives it, or a position in the
    // input map) is yours to choose: forward writes it, backward reads it. Its storage is kept
    // from call to call.
    std::vector<int> argmax_;
};

/// Average pooling (book 7.3, its WARNING box; slides 「Pooling Layer」): the mean of each window
/// instead of the maximum.
class AvgPooling {
public:
    AvgPooling(int pool_h, int pool_w, int stride = 1, int pad = 0)
        : pool_h_(pool_h), pool_w_(pool_w), stride_(stride), pad_(pad) {}

    /// 06.4 Forward: x:(N,C,H,W) -> y:(N,C,OH,OW), OH and OW as for MaxPooling,
    ///   y(n,c,oh,ow) = (1 / (FH*FW)) * sum_{kh,kw} xp(n, c, oh*S + kh, ow*S + kw)
    /// The divisor is always FH*FW: padding cells count as zeros in the mean.
    /// WE-31: the WE-27 input with 2x2, S=2 -> [[3.25,5.25],[2,2]].
    /// Throws ShapeError as MaxPooling::forward does.
    Tensor4 forward(const Tensor4& x);

    /// 06.4 Backward: dout:(N,C,OH,OW) -> dx:(N,C,H,W). Every element of a window receives
    /// dout(n,c,oh,ow) / (FH*FW); overlapping windows add up, padding cells are dropped.
    /// Throws ShapeError when dout is not the shape forward returned, e.g.
    ///   "AvgPooling::backward: dout has shape (1,1,3,3) but forward returned (1,1,2,2)"
    Tensor4 backward(const Tensor4& dout);

private:
    int pool_h_, pool_w_, stride_, pad_;
    Shape4 x_shape_{};
    Shape4 out_shape_{};
};

}  // namespace cnn
