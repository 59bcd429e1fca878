// 07장 연습 문제 (exercises). 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 07`로 확인하세요.
// 먼저 chapters/07_simple_convnet/README.md와 『밑바닥부터 시작하는 딥러닝』 7.5절 「CNN 구현하기」를 읽으세요.
#include "07_simple_convnet/simple_convnet.hpp"

#include "02_stride/stride.hpp"

#include <cmath>

namespace cnn {

Params init_params(const SimpleConvNetConfig& config, Random& rng) {
    // TODO: 먼저 크기부터. 합성곱 (convolution)의 출력 형상 (shape)은 02장이, 풀링 (pooling)의 출력
    // 크기는 06장이 줍니다. W2는 풀링한 특징 맵 (feature map)의 값 하나마다 한 행입니다. 그다음 여섯
    // 배열: 편향 (bias)은 0, 가중치 (weight)는 W1, W2, W3 순서로 rng.fill_normal로 뽑고, 표준편차는
    // config.init에 따릅니다.
    throw NotImplemented("07.1 init_params");
}

Matrix SimpleConvNet::predict(const Tensor4& x) {
    // TODO: 한 줄에 계층 (layer) 하나, 책의 그림 7-23 순서대로. Affine1은 (N, D) 행렬을 받습니다:
    // 풀링한 특징 맵을 flatten()하고, 그 형상을 gradient를 위해 pool1_out_에 기억하세요.
    throw NotImplemented("07.2 SimpleConvNet::predict");
}

double SimpleConvNet::loss(const Tensor4& x, const std::vector<int>& t) {
    // TODO: predict의 점수를 레이블과 함께 마지막 계층에 넣습니다.
    throw NotImplemented("07.3 SimpleConvNet::loss");
}

Params SimpleConvNet::gradient(const Tensor4& x, const std::vector<int>& t) {
    // TODO: 먼저 순전파 (forward): loss가 계층마다 역전파 (backward)에 필요한 것을 남깁니다. 그다음
    // dout = 1에서 시작해 계층을 거꾸로 지나는 역전파. Affine1과 Pool1 사이에서는 unflatten()으로
    // 기울기 (gradient)의 형상을 되돌립니다. 기울기는 각 계층의 dW와 db에 남습니다.
    throw NotImplemented("07.4 SimpleConvNet::gradient");
}

double SimpleConvNet::accuracy(const Tensor4& x, const std::vector<int>& t, Index batch_size) {
    // TODO: t와 batch_size를 확인하세요. 그다음 이미지를 batch_size장씩 predict하고 (마지막 배치
    // (batch)는 더 작을 수 있습니다), 행마다 가장 큰 점수의 열 (Eigen의 maxCoeff(&k))을 구해 레이블과
    // 같은 행을 세세요.
    throw NotImplemented("07.5 SimpleConvNet::accuracy");
}

}  // namespace cnn
