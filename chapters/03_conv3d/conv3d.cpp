// 03장 연습 문제 (exercises). 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 03`으로 확인하세요.
// 먼저 chapters/03_conv3d/README.md와 『밑바닥부터 시작하는 딥러닝』 7.2.5절 「3차원 데이터의 합성곱 연산」, 7.2.6절
// 「블록으로 생각하기」를 읽으세요.
#include "03_conv3d/conv3d.hpp"

namespace cnn {

Tensor3 conv3d(const Tensor3& x, const Tensor4& w, const Vector& b, int stride, int pad) {
    // TODO: 채널 (channel) 수와 편향 (bias) 길이를 확인하고, (OH,OW)는 02장에서 얻은 뒤, 필터마다
    // 입력 채널별 스트라이드 (stride) 합성곱을 하나씩 더하세요. x.data() + c*H*W 위의
    // ConstMatrixView를 쓰면 02장의 함수가 채널 c를 복사 없이 읽습니다.
    throw NotImplemented("03.1 conv3d");
}

Index filter_parameter_count(int C, int FH, int FW) {
    // TODO: (C,FH,FW) 필터의 원소마다 가중치 (weight) 하나, 그리고 하나 더.
    throw NotImplemented("03.2 filter_parameter_count");
}

Index conv_parameter_count(int FN, int C, int FH, int FW) {
    // TODO: 필터마다 자기 가중치와 자기 편향이 있습니다.
    throw NotImplemented("03.2 conv_parameter_count");
}

Shape3 conv_output_volume(Shape3 input, int FN, Shape2 filter, int stride, int pad) {
    // TODO: H와 W는 02장의 규칙을 따릅니다. 출력의 깊이 (depth)는 무엇이 정할까요?
    throw NotImplemented("03.2 conv_output_volume");
}

Index connections_per_neuron(int C, int FH, int FW) {
    // TODO: 뉴런 (neuron)은 H와 W에서는 작은 윈도우만 보지만, 깊이 방향으로는 얼마나 볼까요?
    throw NotImplemented("03.3 connections_per_neuron");
}

Index fully_connected_weights(Shape3 input) {
    // TODO: 완전연결 (fully-connected) 뉴런은 입력 볼륨 (volume)의 모든 원소를 봅니다.
    throw NotImplemented("03.3 fully_connected_weights");
}

}  // namespace cnn
