// 05장 연습 문제 1부: im2col과 col2im. 각 `throw`를 여러분의 코드로 바꾸고 `./workbook check 05`로
// 확인하세요. 먼저 chapters/05_im2col/README.md와 『밑바닥부터 시작하는 딥러닝』 7.4.2~7.4.3절을 읽으세요.
#include "05_im2col/im2col.hpp"

#include "02_stride/stride.hpp"
#include "common/shape.hpp"

namespace cnn {

Matrix im2col(const Tensor4& x, int FH, int FW, int stride, int pad) {
    // TODO: (OH,OW)는 02장의 conv_output_shape에서 얻습니다. 윈도우 (n, oh, ow)마다 한 행, 한 행 안에는
    // 윈도우의 값을 채널 (channel)별로, 채널 안에서는 행 순서로: (C,FH,FW) 필터가 저장된 순서와
    // 똑같습니다. x 밖의 윈도우 원소는 0입니다.
    throw NotImplemented("05.1 im2col");
}

Tensor4 col2im(const Matrix& col, const Shape4& input_shape, int FH, int FW, int stride, int pad) {
    // TODO: im2col과 같은 (n, oh, ow) 행과 (c, kh, kw) 열을 돌되, 값을 원래 픽셀로 돌려보내세요. 여러
    // 윈도우가 한 픽셀을 공유할 수 있습니다: 그 값들은 어떻게 해야 할까요? 패딩에서 온 값은요?
    throw NotImplemented("05.2 col2im");
}

}  // namespace cnn
