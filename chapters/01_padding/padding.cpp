// 01장 연습 문제 (exercises). 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 01`로 확인하세요.
// 먼저 chapters/01_padding/README.md와 『밑바닥부터 시작하는 딥러닝』 7.2.2절 「합성곱 연산」, 7.2.3절 「패딩」을 읽으세요.
#include "01_padding/padding.hpp"

namespace cnn {

Matrix zero_pad(const Matrix& x, int pad) {
    // TODO: 음수 패딩 (padding)은 ShapeError로 거부하고, 패딩한 크기의 0 행렬에서 시작해
    // 행 pad, 열 pad에서 시작하는 블록 (block)에 x를 복사하세요.
    throw NotImplemented("01.1 zero_pad");
}

Tensor3 zero_pad(const Tensor3& x, int pad) {
    // TODO: 2차원 버전과 같은 일을 채널 (channel)마다 한 번씩: H와 W만 커집니다.
    throw NotImplemented("01.1 zero_pad (C,H,W)");
}

Matrix cross_correlate(const Matrix& x, const Matrix& w, Scalar bias) {
    // TODO: 윈도우 (window) 위치마다 출력 원소 하나: 윈도우 안에서 x와 w를 곱해 모두 더하고
    // 편향 (bias)을 더합니다. 각 축에 윈도우가 몇 자리 들어갈까요?
    throw NotImplemented("01.2 cross_correlate");
}

Matrix cross_correlate_padded(const Matrix& x, const Matrix& w, int pad, Scalar bias) {
    // TODO: 필요한 두 부분은 이미 작성했습니다.
    throw NotImplemented("01.3 cross_correlate_padded");
}

int same_padding(int filter_size) {
    // TODO: 어떤 P가 H + 2P - F + 1 = H를 만들까요? 그런 정수 P가 없는 필터 크기는?
    throw NotImplemented("01.3 same_padding");
}

Matrix vertical_edge_filter() {
    // TODO: 슬라이드 「큰 그림 : 컨볼루션은 ...」의 3x3 세로 에지 필터; Eigen의 쉼표 초기화
    // (comma initializer)는 행 순서로 채웁니다.
    throw NotImplemented("01.4 vertical_edge_filter");
}

Matrix detect_vertical_edges(const Matrix& image) {
    // TODO: 이 장의 함수 두 개를 조합한 한 줄.
    throw NotImplemented("01.4 detect_vertical_edges");
}

}  // namespace cnn
