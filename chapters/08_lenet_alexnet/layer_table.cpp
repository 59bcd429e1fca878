// 08장 연습 문제 (exercises) 08.1과 08.2. 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 08`로
// 확인하세요. 먼저 chapters/08_lenet_alexnet/README.md와 『밑바닥부터 시작하는 딥러닝』 7.7절 「대표적인 CNN」,
// 슬라이드 「더 작은 필터」를 읽으세요.
#include "08_lenet_alexnet/layer_table.hpp"

#include <fmt/format.h>

namespace cnn {

LayerRow layer_row(Shape3 input, const LayerSpec& layer) {
    // TODO: layer.kind에 따른 switch 하나. 합성곱 계층 (convolution layer)과 풀링 (pooling)의 윈도우
    // (window)는 02장의 conv_output_shape대로 움직입니다 (계층의 rounding을 넘기세요). 합성곱 계층의
    // 매개변수 (parameter) 수와 완전연결 계층 (fully-connected layer)의 뉴런 (neuron) 하나가 보는 값의
    // 수는 03장이 이미 셉니다. 어느 계층이 볼륨 (volume)을 바꾸고, 어느 계층에 매개변수가 있을까요?
    throw NotImplemented("08.1 layer_row");
}

LayerTable layer_table(const NetworkSpec& network) {
    // TODO: 계층을 순서대로 지나갑니다. 각 계층의 입력 (input)은 앞 계층의 출력 (output)입니다. 지나가며
    // 합계를 더하고, layer_row가 던진 ShapeError의 메시지에 네트워크와 계층의 이름을 넣으세요.
    throw NotImplemented("08.1 layer_table");
}

int receptive_field(int layers, int K) {
    // TODO: 마지막 층의 출력 뉴런 하나를 그리고, 그 뉴런이 바로 아래 층에서 보는 윈도우, 그 아래 층에서
    // 보는 윈도우를 그려 보세요. 수용 영역 (receptive field)은 한 층마다 얼마나 넓어질까요?
    throw NotImplemented("08.2 receptive_field");
}

Index stacked_weights(int layers, int K, int C) {
    // TODO: 한 층에는 필터 (filter)가 C개 있고, 각 필터의 깊이 (depth)도 C입니다. 편향 (bias)은 세지
    // 않습니다.
    throw NotImplemented("08.2 stacked_weights");
}

}  // namespace cnn
