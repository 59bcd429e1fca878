// 08장 연습 문제 (exercise) 08.3. 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 08`로 확인하세요.
// 먼저 chapters/08_lenet_alexnet/README.md와 『밑바닥부터 시작하는 딥러닝』 7.7.2절 「AlexNet」을 읽으세요.
#include "08_lenet_alexnet/lrn.hpp"

#include "common/shape.hpp"

#include <algorithm>
#include <cmath>

namespace cnn {

Tensor4 LocalResponseNorm::forward(const Tensor4& x) {
    // TODO: (n, c, h, w)마다 c의 윈도우 (window)에 든 채널 (channel)들의 제곱을 더하고 (채널이 끝나는
    // 곳에서 자릅니다), 그다음 나눕니다. x와 s를 x_와 scale_에 보관하세요: 역전파 (backward)에 둘 다
    // 필요합니다.
    throw NotImplemented("08.3 LocalResponseNorm::forward");
}

Tensor4 LocalResponseNorm::backward(const Tensor4& dout) {
    // TODO: 먼저 dout의 형상 (shape)을 확인하세요. 각 x(i)는 자기 y(i)를 통해, 그리고 윈도우에 i가 든
    // 모든 채널 c의 s(c)를 통해 손실에 닿습니다. dout(c)*y(c)/s(c)를 원소마다 한 번 구해 두고, i의
    // 윈도우에 걸쳐 더하세요.
    throw NotImplemented("08.3 LocalResponseNorm::backward");
}

}  // namespace cnn
