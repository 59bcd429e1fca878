// 08장 연습 문제 (exercise) 08.5. 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 08`로 확인하세요.
// 먼저 chapters/08_lenet_alexnet/README.md와 『밑바닥부터 시작하는 딥러닝』 7.7.1절 「LeNet」을 읽으세요.
#include "08_lenet_alexnet/lenet5.hpp"

namespace cnn {

Matrix LeNet5::predict(const Tensor4& x) {
    // TODO: 07장의 SimpleConvNet::predict에 계층 (layer)이 더 많을 뿐입니다. lenet5.hpp 맨 위의 그림을
    // 따르고, 1998년 형태와 오늘날 형태가 다른 자리에는 act(i, .)와 pool(i, .)를 쓰세요. 평탄화하기
    // 전에 S4의 출력 형상 (shape)을 기억하세요.
    throw NotImplemented("08.5 LeNet5::predict");
}

LeNet5Params LeNet5::gradient(const Tensor4& x, const std::vector<int>& t) {
    // TODO: loss로 순전파 (forward)를 한 다음, 모든 계층의 역전파 (backward)를 거꾸로 부릅니다.
    // 활성화 함수 (activation function)와 풀링 (pooling) 자리는 predict에서와 같은 번호로
    // act_backward와 pool_backward를 부르세요.
    throw NotImplemented("08.5 LeNet5::gradient");
}

}  // namespace cnn
