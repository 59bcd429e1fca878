// 05장 연습 문제 2부: 합성곱 계층 (Convolution layer). 각 `throw`를 여러분의 코드로 바꾸고
// `./workbook check 05`로 확인하세요. 먼저 『밑바닥부터 시작하는 딥러닝』 7.4.3절과 5.6절의 Affine 계층을 읽으세요.
#include "05_im2col/convolution.hpp"

#include "02_stride/stride.hpp"
#include "common/shape.hpp"

namespace cnn {

Tensor4 Convolution::forward(const Tensor4& x) {
    // TODO: 채널 수를 확인하고 (common/checks.hpp), 입력을 im2col한 뒤 역전파 (backward)에 필요한 것
    // (x의 형상, col_, col_W_)을 보관하세요. W의 저장 공간을 (FN, C*FH*FW) 행렬로 읽은 것이
    // ConstMatrixView(W.data(), ...)이고, col_W_는 그 전치입니다. 행렬 곱 한 번, 모든 행에 b를 더하고,
    // (N*OH*OW, FN) 결과를 (N,FN,OH,OW) 텐서로 되돌리세요: 단순한 reshape가 아니라 전치 (transpose)
    // 입니다. 역전파의 검사를 위해 out_shape_를 기억하세요.
    throw NotImplemented("05.3 Convolution::forward");
}

Tensor4 Convolution::backward(const Tensor4& dout) {
    // TODO: dout을 확인하고 (common/checks.hpp의 check_dout), 순전파의 곱과 같은 (N*OH*OW, FN) 배치로
    // 옮긴 뒤 Affine 계층을 따르세요: db는 행을 따라 더하고, dW는 col_과 dout에서 (W의 형상으로),
    // dcol은 dout과 col_W_에서, 그리고 col2im이 dcol을 dx로 바꿉니다.
    throw NotImplemented("05.4 Convolution::backward");
}

}  // namespace cnn
