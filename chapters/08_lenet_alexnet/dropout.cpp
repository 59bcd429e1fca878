// 08장 연습 문제 (exercise) 08.4. 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 08`로 확인하세요.
// 먼저 chapters/08_lenet_alexnet/README.md와 『밑바닥부터 시작하는 딥러닝』 6.4.3절 「드롭아웃」을 읽으세요.
#include "08_lenet_alexnet/dropout.hpp"

#include "common/shape.hpp"

namespace cnn {

Tensor4 Dropout::forward(const Tensor4& x, bool train) {
    // TODO: 시험 때는 난수를 뽑지 않고 배율만 곱합니다. 훈련 때는 원소마다 x의 메모리 순서대로
    // rng_.uniform()을 하나씩 뽑고, 그 마스크 (mask)를 역전파 (backward)를 위해 보관하세요.
    throw NotImplemented("08.4 Dropout::forward");
}

Tensor4 Dropout::backward(const Tensor4& dout) {
    // TODO: ReLU의 역전파와 같습니다: 마스크가 0인 곳으로는 아무것도 흐르지 않습니다.
    throw NotImplemented("08.4 Dropout::backward");
}

}  // namespace cnn
