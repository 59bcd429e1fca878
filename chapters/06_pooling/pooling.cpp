// 06장 연습 문제 (exercises). 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 06`으로 확인하세요.
// 먼저 chapters/06_pooling/README.md와 『밑바닥부터 시작하는 딥러닝』 7.3절 「풀링 계층」, 7.4.4절 「풀링 계층 구현하기」를 읽으세요.
#include "06_pooling/pooling.hpp"

#include "05_im2col/im2col.hpp"
#include "common/shape.hpp"

namespace cnn {

int pool_output_size(int input, int filter, int stride, Rounding rounding) {
    // TODO: 풀링 (pooling) 윈도우는 필터와 똑같이 움직이고 패딩만 없습니다. 02장에 이미 이 규칙이
    // 있으니 두 번 쓰지 마세요.
    throw NotImplemented("06.1 pool_output_size");
}

Tensor4 MaxPooling::forward(const Tensor4& x) {
    // TODO: 책의 세 단계 (그림 7-22). im2col은 윈도우마다 한 행을 주고 채널이 나란히 놓입니다. 같은
    // 메모리를 pool_h_*pool_w_ 값의 행으로 보면 (MatrixView) 한 행이 한 채널의 한 윈도우입니다. 행마다
    // 최댓값과 그 열 (같으면 처음 것)을 기억하고, y(n,c,oh,ow)에 쓰기 전에 그 행들의 순서에
    // 주의하세요. 역전파를 위해 형상을 보관하세요.
    throw NotImplemented("06.2 MaxPooling::forward");
}

Tensor4 MaxPooling::backward(const Tensor4& dout) {
    // TODO: 먼저 dout을 out_shape_와 비교해 확인하세요. 그다음 순전파의 길을 거꾸로: 전개한 윈도우
    // 모양의 행렬을 만들되 행마다 argmax 자리에만 dout의 값을 넣고 나머지는 0, col2im이 그것을 dx로
    // 바꿉니다. 윈도우가 겹치는 곳에서 col2im이 무엇을 하는지 생각해 보세요.
    throw NotImplemented("06.3 MaxPooling::backward");
}

Tensor4 AvgPooling::forward(const Tensor4& x) {
    // TODO: MaxPooling::forward와 같은 전개, 다만 행마다 평균을 냅니다.
    throw NotImplemented("06.4 AvgPooling::forward");
}

Tensor4 AvgPooling::backward(const Tensor4& dout) {
    // TODO: 윈도우의 모든 값이 같은 가중치로 평균에 참여했습니다. 그 가중치는?
    throw NotImplemented("06.4 AvgPooling::backward");
}

}  // namespace cnn
