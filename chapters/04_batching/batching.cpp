// 04장 연습 문제 (exercises). 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 04`로 확인하세요.
// 먼저 chapters/04_batching/README.md와 『밑바닥부터 시작하는 딥러닝』 7.2.7절 「배치 처리」, 7.4.1절 「4차원 배열」을 읽으세요.
#include "04_batching/batching.hpp"

namespace cnn {

ConstTensor3View image(const Tensor4& x, Index n) {
    // TODO: n을 확인하고, 이미지 n의 저장 공간을 뷰 (view)로 감싸세요. 행 우선 (row-major)
    // (N,C,H,W)에서 이미지 n의 첫 값 앞에는 값이 몇 개 있을까요?
    throw NotImplemented("04.1 image");
}

Tensor3View image(Tensor4& x, Index n) {
    // TODO: const 버전과 같되, 쓸 수 있는 x.data() 위에서.
    throw NotImplemented("04.1 image");
}

ConstMatrixView channel(const Tensor4& x, Index n, Index c) {
    // TODO: n과 c를 확인하세요. 이미지 n의 채널 c는 연속된 (H,W) 블록 하나입니다. 어디서 시작할까요?
    throw NotImplemented("04.1 channel");
}

MatrixView channel(Tensor4& x, Index n, Index c) {
    // TODO: const 버전과 같되, 쓸 수 있는 x.data() 위에서.
    throw NotImplemented("04.1 channel");
}

Tensor4 conv_batch(const Tensor4& x, const Tensor4& w, const Vector& b, int stride, int pad) {
    // TODO: conv3d와 같은 검사를 한 뒤, 단순한 반복문 일곱 개 (n, fn, oh, ow, 그 안에 c, kh, kw).
    // 패딩한 복사본은 필요 없습니다: 입력 밖의 윈도우 원소는 패딩의 0입니다.
    throw NotImplemented("04.2 conv_batch");
}

}  // namespace cnn
