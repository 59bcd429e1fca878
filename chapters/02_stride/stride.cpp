// 02장 연습 문제 (exercises). 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 02`로 확인하세요.
// 먼저 chapters/02_stride/README.md와 『밑바닥부터 시작하는 딥러닝』 7.2.4절 「스트라이드」를 읽으세요.
#include "02_stride/stride.hpp"

#include "01_padding/padding.hpp"

namespace cnn {

int conv_output_size(int input, int filter, Stride stride, Pad pad, Rounding rounding) {
    // TODO: 불가능한 인자를 먼저 거부하고 (헤더 참고), 식 7.1을 계산하세요. Strict 반올림 (rounding)
    // 에서는 나머지가 오류이고 그 메시지가 나눗셈을 보여 줍니다. Floor에서는 나머지를 그냥 버립니다.
    throw NotImplemented("02.1 conv_output_size");
}

Shape2 conv_output_shape(Shape2 input, Shape2 filter, Stride stride, Pad pad, Rounding rounding) {
    // TODO: 02.1의 규칙을 축마다 한 번씩; 어느 축이 규칙을 어겼는지 메시지가 말해야 합니다.
    throw NotImplemented("02.3 conv_output_shape");
}

Matrix strided_cross_correlate(const Matrix& x, const Matrix& w, int stride, int pad, Scalar bias) {
    // TODO: 출력 크기는 conv_output_shape에, 패딩 (padding)은 01장의 zero_pad에 맡기고, 출력 (oh,ow)의
    // 윈도우 (window)가 패딩한 입력의 어디서 시작하는지 찾으세요. 스트라이드 (stride)는 윈도우를
    // 옮길까요, 필터 안의 인덱스를 옮길까요, 둘 다일까요?
    throw NotImplemented("02.4 strided_cross_correlate");
}

}  // namespace cnn
