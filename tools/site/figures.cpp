#include "figures.hpp"

#include "conv_demo.hpp"
#include "svg.hpp"

#include "01_padding/padding.hpp"
#include "02_stride/stride.hpp"
#include "03_conv3d/conv3d.hpp"
#include "05_im2col/convolution.hpp"
#include "05_im2col/im2col.hpp"
#include "06_pooling/pooling.hpp"
#include "support/book_figures.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace site {

using cnn::Index;
using cnn::Matrix;
using cnn::Tensor4;

namespace {

const std::array<const char*, 4> kTint = {"#cfe3ff", "#ffd8b0", "#c9f0c9", "#f3c9f0"};
const std::array<const char*, 4> kLine = {"#1f5fbf", "#d46a00", "#2b8a2b", "#a23aa0"};
const char* kPadFill = "#e4e4e4";

Matrix map_of(const Tensor4& t, Index n = 0, Index c = 0) {
    Matrix m(t.dimension(2), t.dimension(3));
    for (Index h = 0; h < m.rows(); ++h)
        for (Index w = 0; w < m.cols(); ++w) m(h, w) = t(n, c, h, w);
    return m;
}

/// Channel c of a (C,H,W) volume as an (H,W) map.
Matrix map_of(const cnn::Tensor3& t, Index c) {
    Matrix m(t.dimension(1), t.dimension(2));
    for (Index h = 0; h < m.rows(); ++h)
        for (Index w = 0; w < m.cols(); ++w) m(h, w) = t(c, h, w);
    return m;
}

/// A matrix the way the worked examples and the tests' names write it: [[15,16],[6,15]].
std::string matrix_text(const Matrix& m) {
    std::string s = "[";
    for (Index r = 0; r < m.rows(); ++r) {
        s += r ? ",[" : "[";
        for (Index c = 0; c < m.cols(); ++c) s += (c ? "," : "") + number(m(r, c));
        s += "]";
    }
    return s + "]";
}

/// A count with a comma every three digits, as the worked examples write it: 4,320.
std::string count_text(Index n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

/// True on the zeros that padding by pad put around the padded map m.
bool in_padding(const Matrix& m, Index r, Index c, int pad) {
    return r < pad || c < pad || r >= m.rows() - pad || c >= m.cols() - pad;
}

using Claims = std::vector<std::pair<std::string, std::string>>;

/// The figure drawn in svg, with where it goes and what it claims (see Figure).
Figure make_figure(std::string id, std::string page, std::vector<std::string> anchors, std::string title,
                   std::string caption, const Svg& svg, Claims claims = {}) {
    Figure f;
    f.id = std::move(id);
    f.page = std::move(page);
    f.anchors = std::move(anchors);
    f.title = std::move(title);
    f.caption = std::move(caption);
    f.svg = svg.str();
    f.claims = std::move(claims);
    return f;
}

/// One tint per row: row k of im2col's matrix is window k.
std::string row_tint(Index r, Index) { return kTint[static_cast<std::size_t>(r) % 4]; }

void window_outline(Svg& svg, double x, double y, double cell, Index row, Index col, Index size_h, Index size_w,
                    int colour, double inset = 0) {
    svg.rect(x + static_cast<double>(col) * cell + inset, y + static_cast<double>(row) * cell + inset,
             static_cast<double>(size_w) * cell - 2 * inset, static_cast<double>(size_h) * cell - 2 * inset,
             "none", kLine[colour % 4], 3, R"(fill-opacity="0")");
}

// WE-04: the (4,4) input of fig 7-3 padded by 1, 2 and 3.
Figure padding_figure() {
    const Matrix x = cnn::test::fig73_input();
    const double cell = 22, gap = 40;
    Svg svg(650, 300, "zero padding of a 4x4 input by 1, 2, 3");
    double left = 20;
    std::string sizes;  // "(6,6), (8,8), (10,10)"
    for (int pad : {1, 2, 3}) {
        const Matrix p = cnn::zero_pad(x, pad);
        svg.text(left + static_cast<double>(p.cols()) * cell / 2, 24,
                 fmt::format("P = {} → ({},{})", pad, p.rows(), p.cols()), 15);
        grid(svg, left, 40, p, cell, [&](Index r, Index c) {
            return std::string(in_padding(p, r, c, pad) ? kPadFill : kTint[0]);
        }, 12);
        left += static_cast<double>(p.cols()) * cell + gap;
        sizes += fmt::format("{}({},{})", sizes.empty() ? "" : ", ", p.rows(), p.cols());
    }
    const std::string title = "제로 패딩 (zero padding): (4,4) 입력에 P = 1, 2, 3";
    const std::string caption = fmt::format(
        "WE-04: (4,4) 입력에 패딩 1, 2, 3 → {}. 회색 칸이 패딩으로 두른 0, 파란 칸이 그림 7-3의 입력입니다. "
        "크기는 <code>cnn::zero_pad</code>(모범 답안)가 돌려준 행렬에서 읽었습니다. "
        "출처: 『밑바닥부터 시작하는 딥러닝』 7.2.3절 그림 7-6.",
        sizes);
    return make_figure("fig-padding", "docs/ko/01_padding.md", {"WE-04"}, title, caption, svg,
                       {{"WE-04", sizes}});
}

// WE-08: fig 7-7's windows at stride 2 and the output they make.
Figure stride_figure() {
    const Matrix x = cnn::test::fig77_input(), w = cnn::test::fig73_filter();
    const Matrix y = cnn::strided_cross_correlate(x, w, 2, 0);
    const double cell = 30;
    Svg svg(640, 300, "stride 2 windows on the 7x7 input of fig 7-7");
    const double ix = 20, iy = 50;
    svg.text(ix + 3.5 * cell, 30, "입력 (7,7)", 15);
    grid(svg, ix, iy, x, cell, nullptr);
    // The first row of windows: output (0,0), (0,1), (0,2) start 0, 2, 4 columns in.
    for (Index ow = 0; ow < y.cols(); ++ow) window_outline(svg, ix, iy, cell, 0, ow * 2, 3, 3, static_cast<int>(ow), 1.5 + 2.0 * static_cast<double>(ow));
    const double fx = 270, fy = 95;
    svg.text(fx + 1.5 * cell, fy - 15, "필터 (3,3)", 15);
    grid(svg, fx, fy, w, cell, [](Index, Index) { return std::string("#fff3b0"); });
    const double ox = 420, oy = 80;
    svg.text(ox + 1.5 * cell * 1.3, oy - 15, "출력 (3,3), S = 2", 15);
    grid(svg, ox, oy, y, cell * 1.3, [&](Index r, Index c) {
        return std::string(r == 0 ? kTint[static_cast<std::size_t>(c) % 4] : "");
    }, 15);
    svg.text(ix + 3.5 * cell, iy + 7 * cell + 28, "윈도우가 두 칸씩 (S = 2) 오른쪽으로 옮겨 갑니다", 13);
    const std::string title = "스트라이드 (stride) 2의 윈도우: 그림 7-7의 7x7 입력";
    const std::string caption = fmt::format(
        "WE-08: 7x7 입력에 스트라이드 2 → 출력 {}. "
        "출력 첫 행의 세 윈도우가 색으로 표시되어 있고, 같은 색의 출력 칸이 그 윈도우의 합입니다. "
        "출력은 <code>cnn::strided_cross_correlate(x, w, 2, 0)</code>(모범 답안)을 실행한 값입니다. "
        "출처: 『밑바닥부터 시작하는 딥러닝』 7.2.4절 그림 7-7.",
        matrix_text(y));
    return make_figure("fig-stride", "docs/ko/02_stride.md", {"WE-08"}, title, caption, svg,
                       {{"WE-08", matrix_text(y)}});
}

// fig 7-8 to 7-11: the CS231n demo's input volume, one filter and the output volume.
Figure volume_figure() {
    const DemoData d = demo_data();
    const int stride = 2, pad = 1;
    const cnn::Tensor3 y = cnn::conv3d(d.x, d.w, d.b, stride, pad);
    const double cell = 17, depth = 24;
    Svg svg(760, 330, "3D convolution: 5x5x3 input, pad 1, filter 3x3x3, output 3x3x2");
    // Layer 0 is in front; a layer further back sits up and to the right, and only its edges show.
    const auto slab = [&](double x, double y0, const Matrix& m, int layer, const CellFill& fill) {
        grid(svg, x + depth * layer, y0 - depth * layer, m, cell, fill, layer == 0 ? 10 : 0);
    };
    // Input, padded: the channels are drawn back to front, channel 0 in front.
    const double ix = 20, iy = 100;
    const Index C = d.x.dimension(0);
    for (int c = static_cast<int>(C) - 1; c >= 0; --c) {
        const Matrix p = cnn::zero_pad(map_of(d.x, c), pad);
        slab(ix, iy, p, c, [&](Index r, Index col) {
            const bool window = r < 3 && col < 3;
            return std::string(window ? kTint[1] : in_padding(p, r, col, pad) ? kPadFill : "#ffffff");
        });
    }
    svg.text(ix + 3.5 * cell + depth, 30, "입력 5x5x3, 패딩 1 → 7x7x3", 14);
    // Filter W0, same depth as the input.
    const double fx = 290, fy = 150;
    for (int c = 2; c >= 0; --c) slab(fx, fy, map_of(d.w, 0, c), c, [](Index, Index) { return std::string(kTint[1]); });
    svg.text(fx + 1.5 * cell + depth, fy - 2 * depth - 20, "필터 W0 3x3x3", 14);
    svg.text(fx + 1.5 * cell + depth, fy + 3 * cell + 22, fmt::format("편향 b0 = {}", number(d.b(0))), 13);
    // Output volume (2,3,3): filter 0 in front.
    const double ox = 470, oy = 140;
    for (int k = 1; k >= 0; --k) {
        slab(ox, oy, map_of(y, k), k, [&](Index r, Index c) {
            return std::string(k == 0 && r == 0 && c == 0 ? kTint[1] : "#ffffff");
        });
    }
    svg.text(ox + 1.5 * cell + depth, oy - depth - 20, "출력 3x3x2 (S = 2)", 14);
    // What the highlighted output cell adds up.
    double sum = 0;
    std::string terms;
    for (Index c = 0; c < C; ++c) {
        double part = 0;
        for (Index h = 0; h < 3; ++h)
            for (Index w = 0; w < 3; ++w) {
                const Index xh = h - pad, xw = w - pad;
                const double xv = (xh >= 0 && xw >= 0) ? d.x(c, xh, xw) : 0.0;
                part += xv * d.w(0, c, h, w);
            }
        terms += (c ? " + " : "") + number(part);
        sum += part;
    }
    svg.text(20, 300, fmt::format("주황 칸: 채널 0, 1, 2의 윈도우·필터 합 {} + 편향 {} = {}  (conv3d의 출력 {})",
                                  terms, number(d.b(0)), number(sum + d.b(0)), number(y(0, 0, 0))),
             13, "start");
    const std::string title = "3차원 합성곱 (3D convolution): 입력 볼륨 (volume), 필터, 출력 볼륨";
    const std::string caption = "CS231n 강의 노트의 데모와 같은 크기(5x5x3 입력에 패딩 1을 둘러 7x7x3, 3x3x3 필터 두 개, 스트라이드 2, 출력 3x3x2)입니다. "
                                "필터의 깊이는 입력의 채널 수와 같고, 채널마다의 곱의 합을 모두 더해 출력 한 칸이 됩니다. "
                                "출력은 <code>cnn::conv3d</code>(모범 답안)의 값입니다. "
                                "출처: 『밑바닥부터 시작하는 딥러닝』 7.2.5절 그림 7-8~7-11, CS231n 노트 \"Convolutional Neural Networks\"의 "
                                "Convolution Demo. <a href=\"{{root}}conv.html\">직접 해 보기</a>";
    Figure f = make_figure("fig-volume", "docs/ko/03_conv3d.md", {"WE-19", "WE-14", "WE-11"}, title, caption, svg);
    // The sum worked out above, from the inputs, must be the cell conv3d returned.
    if (std::abs(sum + d.b(0) - y(0, 0, 0)) > 1e-4)
        f.problems.push_back(fmt::format("출력 o[0,0,0]: 그림의 합 {}, cnn::conv3d {} (the drawn sum differs from conv3d)",
                                         number(sum + d.b(0)), number(y(0, 0, 0))));
    return f;
}

// fig 7-17/7-18: im2col of fig 7-3's (4,4) input with a 3x3 filter, and the product that follows.
Figure im2col_figure() {
    const Tensor4 x = cnn::test::fig73_batch();
    const Matrix col = cnn::im2col(x, 3, 3, 1, 0);
    const Matrix w = cnn::test::fig73_filter();
    Tensor4 W(1, 1, 3, 3);
    for (Index h = 0; h < 3; ++h)
        for (Index c = 0; c < 3; ++c) W(0, 0, h, c) = w(h, c);
    cnn::Convolution conv(W, cnn::Vector::Zero(1), 1, 0);
    const Matrix y = map_of(conv.forward(x));
    const Matrix w_col = Eigen::Map<const Matrix>(w.data(), 9, 1);
    const double cell = 26;
    Svg svg(720, 320, "im2col of a 4x4 input with a 3x3 filter");
    const double ix = 20, iy = 60;
    svg.text(ix + 2 * cell, 40, "입력 (4,4)", 14);
    grid(svg, ix, iy, map_of(x), cell);
    for (int k = 0; k < 4; ++k) window_outline(svg, ix, iy, cell, k / 2, k % 2, 3, 3, k, 1.5 + 2.0 * k);
    const double cx = 160, cy = 60;
    svg.text(cx + 4.5 * cell, 40, fmt::format("im2col → ({},{})", col.rows(), col.cols()), 14);
    grid(svg, cx, cy, col, cell, row_tint);
    const double wx = cx + 9 * cell + 30, wy = 20;
    svg.text(wx - 15, cy + 2 * cell + 5, "·", 26);
    grid(svg, wx, wy, w_col, cell, [](Index, Index) { return std::string("#fff3b0"); });
    svg.text(wx + cell / 2, wy + 9 * cell + 18, "필터 (9,1)", 13);
    const double yx = wx + cell + 50, yy = 60;
    svg.text(yx - 22, cy + 2 * cell + 5, "=", 20);
    grid(svg, yx, yy, Eigen::Map<const Matrix>(y.data(), 4, 1), cell, row_tint);
    svg.text(yx + cell / 2, yy - 20, "(4,1)", 13);
    svg.text(yx + cell + 20, yy + 2 * cell + 5, "→ (2,2) " + matrix_text(y), 13, "start");
    svg.text(20, 300, "윈도우 하나가 한 행이 되고, 필터는 한 열이 되어 행렬 곱 하나로 합성곱이 끝납니다", 13, "start");
    const std::string title = "im2col: 윈도우를 행으로 펼치기";
    const std::string caption = fmt::format(
        "색마다 하나의 윈도우와 그 윈도우가 펼쳐진 행입니다. 행렬은 <code>cnn::im2col</code>, 오른쪽 출력은 "
        "<code>cnn::Convolution::forward</code>(모범 답안)의 값입니다. "
        "WE-01과 같은 출력 {}이고, 첫 윈도우의 합은 {}입니다. "
        "출처: 『밑바닥부터 시작하는 딥러닝』 7.4.2절 그림 7-17, 7-18.",
        matrix_text(y), number(y(0, 0)));
    return make_figure("fig-im2col", "docs/ko/05_im2col.md", {"WE-23"}, title, caption, svg,
                       {{"WE-01", matrix_text(y)}});
}

// WE-26: col2im of four windows of ones on a (4,4) input, one window at a time, then all together.
Figure col2im_figure() {
    const cnn::Shape4 shape = {1, 1, 4, 4};
    const double cell = 22, size = 4 * cell, gap = 44;
    Svg svg(720, 190, "col2im adds the overlapping windows");
    double x = 20;
    const double y = 60;
    for (int k = 0; k < 4; ++k) {
        Matrix one = Matrix::Zero(4, 9);
        one.row(k).setOnes();
        const Matrix part = map_of(cnn::col2im(one, shape, 3, 3, 1, 0));
        svg.text(x + size / 2, 40, fmt::format("{}행", k), 13);
        grid(svg, x, y, part, cell, [&](Index r, Index c) {
            return std::string(part(r, c) != 0 ? kTint[static_cast<std::size_t>(k)] : "#ffffff");
        }, 12);
        svg.text(x + size + gap / 2, y + size / 2 + 6, k < 3 ? "+" : "=", 20);
        x += size + gap;
    }
    const Matrix all = map_of(cnn::col2im(Matrix::Ones(4, 9), shape, 3, 3, 1, 0));
    svg.text(x + size / 2, 40, "col2im 결과", 13);
    grid(svg, x, y, all, cell, [&](Index r, Index c) {
        const int shade = 255 - static_cast<int>(all(r, c)) * 30;
        return fmt::format("rgb({},{},255)", shade, shade);
    }, 12);
    svg.text(20, 175, "가운데 네 칸은 네 윈도우 모두에 들어 있어 4가 됩니다", 13, "start");
    const std::string title = "col2im: 겹치는 윈도우 (overlapping windows)를 더해서 되돌리기";
    const std::string caption = "1로 채운 (4,9) 행렬의 각 행을 제자리에 돌려놓으면, 여러 윈도우가 읽은 칸에는 값이 더해집니다. "
                                "각 그림은 <code>cnn::col2im</code>(모범 답안)을 한 행만 1인 행렬과 모두 1인 행렬에 실행한 값입니다. "
                                "역전파가 col2im으로 겹치는 윈도우를 더하는 까닭입니다 (WE-26). "
                                "출처: 『밑바닥부터 시작하는 딥러닝』 7.4.3절.";
    return make_figure("fig-col2im", "docs/ko/05_im2col.md", {"WE-26"}, title, caption, svg);
}

// WE-27 / fig 7-14: the winners of 2x2 max pooling and where backward sends the gradient.
Figure pooling_figure() {
    const Tensor4 x = cnn::test::we27_input();
    cnn::MaxPooling pool(2, 2, 2);
    const Matrix y = map_of(pool.forward(x));
    Tensor4 dout(1, 1, 2, 2);
    dout.setValues({{{{0.1f, 0.2f}, {0.3f, 0.4f}}}});
    const Matrix dx = map_of(pool.backward(dout));
    const double cell = 32;
    Svg svg(620, 380, "max pooling forward and backward");
    const auto block = [](Index r, Index c) { return static_cast<std::size_t>((r / 2) * 2 + c / 2); };
    const double ax = 20, ay = 50, bx = 360;
    svg.text(ax + 2 * cell, 35, "입력 (4,4)", 14);
    grid(svg, ax, ay, map_of(x), cell, [&](Index r, Index c) { return std::string(kTint[block(r, c)]); });
    for (Index r = 0; r < 4; ++r)
        for (Index c = 0; c < 4; ++c)
            if (dx(r, c) != 0) svg.rect(ax + c * cell + 3, ay + r * cell + 3, cell - 6, cell - 6, "none", "#b00020", 2.5);
    svg.text(ax + 4 * cell + 96, ay + 2 * cell, "순전파 (forward) →", 13);
    svg.text(bx + cell, 35, "출력 (2,2)", 14);
    grid(svg, bx, ay + cell, y, cell, [&](Index r, Index c) { return std::string(kTint[static_cast<std::size_t>(r * 2 + c)]); });
    const double by = 230;
    svg.text(bx + cell, by + cell - 15, "dout (2,2)", 14);
    grid(svg, bx, by + cell, map_of(dout), cell,
         [&](Index r, Index c) { return std::string(kTint[static_cast<std::size_t>(r * 2 + c)]); });
    svg.text(ax + 4 * cell + 96, by + 2 * cell, "← 역전파 (backward)", 13);
    svg.text(ax + 2 * cell, by - 15, "dx (4,4)", 14);
    grid(svg, ax, by, dx, cell, [&](Index r, Index c) {
        return std::string(dx(r, c) != 0 ? kTint[block(r, c)] : "#ffffff");
    });
    const std::string title = "최대 풀링 (max pooling): 이긴 원소와 역전파가 기울기를 보내는 곳";
    const std::string caption = fmt::format(
        "WE-27: 2x2, 스트라이드 2 최대 풀링으로 {} → {}. "
        "색마다 2x2 윈도우 하나, 빨간 테두리가 그 윈도우의 최댓값입니다. 출력은 "
        "<code>cnn::MaxPooling::forward</code>, 아래의 dx는 dout을 넣은 <code>backward</code>(모범 답안)의 값으로, "
        "기울기는 최댓값이 있던 자리로만 가고 나머지는 0입니다. "
        "출처: 『밑바닥부터 시작하는 딥러닝』 7.3절 그림 7-14, 7.4.4절.",
        matrix_text(map_of(x)), matrix_text(y));
    return make_figure("fig-pooling", "docs/ko/06_pooling.md", {"WE-27"}, title, caption, svg,
                       {{"WE-27", matrix_text(map_of(x)) + "->" + matrix_text(y)}});
}

// WE-32: SimpleConvNet's shapes, the convolution and pooling ones from the reference layers.
Figure simple_convnet_figure() {
    Tensor4 x(1, 1, 28, 28);
    x.setZero();
    Tensor4 W(30, 1, 5, 5);
    W.setZero();
    cnn::Convolution conv(W, cnn::Vector::Zero(30), 1, 0);
    const Tensor4 c = conv.forward(x);
    cnn::MaxPooling pool(2, 2, 2);
    const Tensor4 p = pool.forward(c);
    const Index flat = p.dimension(1) * p.dimension(2) * p.dimension(3);
    struct Box {
        std::string name, shape, detail;
    };
    const std::vector<Box> boxes = {
        {"입력", "(1,28,28)", "MNIST 숫자"},
        {"Conv1", fmt::format("({},{},{})", c.dimension(1), c.dimension(2), c.dimension(3)), "W1 (30,1,5,5)"},
        {"ReLU1", fmt::format("({},{},{})", c.dimension(1), c.dimension(2), c.dimension(3)), ""},
        {"Pool1", fmt::format("({},{},{})", p.dimension(1), p.dimension(2), p.dimension(3)), "펼치면 " + count_text(flat)},
        {"Affine1", "(100)", fmt::format("W2 ({},100)", flat)},
        {"ReLU2", "(100)", ""},
        {"Affine2", "(10)", "W3 (100,10)"},
        {"Softmax", "(10)", "점수 → 확률"},
    };
    const double bw = 100, gap = 18;
    Svg svg(20 + static_cast<double>(boxes.size()) * (bw + gap), 150, "SimpleConvNet layer shapes");
    double x0 = 20;
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        svg.rect(x0, 30, bw, 70, i == 1 || i == 3 ? kTint[1] : kTint[0], "#555", 1, R"(rx="8")");
        svg.text(x0 + bw / 2, 55, boxes[i].name, 14, "middle", "#222", R"(font-weight="bold")");
        svg.text(x0 + bw / 2, 78, boxes[i].shape, 13);
        svg.text(x0 + bw / 2, 122, boxes[i].detail, 11);
        if (i + 1 < boxes.size()) svg.line(x0 + bw, 65, x0 + bw + gap, 65, "#555", 2);
        x0 += bw + gap;
    }
    const std::string title = "SimpleConvNet의 계층과 형상 (shape)";
    const std::string caption = fmt::format(
        "WE-32: 합성곱 출력 {}x{}, 풀링 출력 {}. "
        "합성곱과 풀링의 출력 형상은 <code>cnn::Convolution</code>과 <code>cnn::MaxPooling</code>(모범 답안)을 "
        "(1,1,28,28) 입력에 실행해 얻었고, Affine 계층의 입력 크기는 풀링 출력을 펼친 크기입니다. "
        "출처: 『밑바닥부터 시작하는 딥러닝』 7.5절.",
        c.dimension(2), c.dimension(3), count_text(flat));
    return make_figure("fig-simple-convnet", "docs/ko/07_simple_convnet.md", {"WE-32"}, title, caption, svg,
                       {{"WE-32", fmt::format("conv {}x{}", c.dimension(2), c.dimension(3))}, {"WE-32", "pool " + count_text(flat)}});
}

}  // namespace

std::vector<Figure> draw_figures() {
    return {padding_figure(), stride_figure(), volume_figure(), im2col_figure(),
            col2im_figure(),  pooling_figure(), simple_convnet_figure()};
}

std::vector<std::string> check_figures(const std::vector<Figure>& figures, const std::vector<std::string>& test_names) {
    // Spaces do not count: the figure writes "(6,6), (8,8)" or "[[6,8],[3,4]]" either way.
    const auto squeezed = [](std::string s) {
        s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
        return s;
    };
    std::vector<std::string> problems;
    for (const Figure& f : figures)
        for (const std::string& p : f.problems) problems.push_back(fmt::format("그림 {}: {}", f.id, p));
    for (const Figure& f : figures)
        for (const auto& [example, shown] : f.claims) {
            std::vector<std::string> names;
            bool named = false;
            for (const std::string& name : test_names)
                if (name.rfind(example + " ", 0) == 0) {
                    names.push_back(name);
                    named = named || squeezed(name).find(squeezed(shown)) != std::string::npos;
                }
            if (named) continue;
            problems.push_back(
                names.empty()
                    ? fmt::format("그림 {}: {}의 테스트가 tests/에 없습니다 (no test of {} under tests/)", f.id, example, example)
                    : fmt::format("그림 {}은(는) {}을(를) 그리지만, {}의 테스트 \"{}\"에는 이 값이 없습니다 "
                                  "(figure {} draws {}, which the test of {} does not state)",
                                  f.id, shown, example, names.front(), f.id, shown, example));
        }
    return problems;
}

std::vector<std::string> check_captions(const std::vector<Figure>& figures, const std::string& worked_examples_md) {
    const auto squeezed = [](std::string s) {
        s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
        return s;
    };
    // What the table states of each worked example, its third column: "| WE-08 | source | content |
    // chapter | `test name` |". The test's name is check_figures' to compare.
    std::map<std::string, std::string> rows;
    std::istringstream lines(worked_examples_md);
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind("| WE-", 0) != 0) continue;
        std::vector<std::string> cells;
        for (std::size_t at = 1, bar; (bar = line.find('|', at)) != std::string::npos; at = bar + 1)
            cells.push_back(line.substr(at, bar - at));
        if (cells.size() >= 3) rows[line.substr(2, line.find(' ', 2) - 2)] = cells[2];
    }
    const std::regex we_id(R"(WE-\d+)"), number_re(R"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)");
    // Numbers the way a row and a caption write them, from the most to the least composite: a
    // matrix [[6,8],[3,4]], a shape (4,4), a size 24x24, a number 4,320. Each kind is taken out of
    // the text before the next is looked for.
    const std::vector<std::regex> composite = {std::regex(R"(\[\[[-0-9., ]*\](?:, *\[[-0-9., ]*\])*\])"),
                                               std::regex(R"(\( *\d+(?: *, *\d+)+ *\))"), std::regex(R"(\d+(?:x\d+)+)")};
    // Each number in `stated` that `row` does not state: composite ones are looked for as they are
    // written (spaces aside), the rest among the row's numbers outside its composite ones.
    const auto missing = [&](std::string stated, std::string row) {
        std::vector<std::string> out;
        const std::string row_squeezed = squeezed(row);
        for (const std::regex& kind : composite) {
            for (std::sregex_iterator m(stated.begin(), stated.end(), kind), end; m != end; ++m)
                if (row_squeezed.find(squeezed(m->str())) == std::string::npos) out.push_back(m->str());
            stated = std::regex_replace(stated, kind, " ");
            row = std::regex_replace(row, kind, " ");
        }
        std::set<std::string> row_numbers;
        for (std::sregex_iterator m(row.begin(), row.end(), number_re), end; m != end; ++m) row_numbers.insert(m->str());
        for (std::sregex_iterator m(stated.begin(), stated.end(), number_re), end; m != end; ++m)
            if (!row_numbers.count(m->str())) out.push_back(m->str());
        return out;
    };
    std::vector<std::string> problems;
    for (const Figure& f : figures) {
        // The caption as the reader reads it: without code (function names and their arguments)
        // and tags; without the book's figure and section numbers, which no row repeats.
        std::string text = std::regex_replace(f.caption, std::regex("<code>.*?</code>"), "");
        text = std::regex_replace(text, std::regex("<[^>]*>"), "");
        text = std::regex_replace(text, std::regex(R"(그림 \d+-\d+(?:[~,] *\d+-\d+)*|\d+(?:\.\d+)*절)"), "");
        for (const auto& [example, shown] : f.claims) {
            const auto row = rows.find(example);
            if (row == rows.end())
                problems.push_back(fmt::format("그림 {}: {}이(가) docs/worked-examples.md에 없습니다 ({} is not in the table)",
                                               f.id, example, example));
            else
                for (const std::string& value : missing(shown, row->second))
                    problems.push_back(fmt::format("그림 {}은(는) {}의 값 {}을(를) 그리지만 docs/worked-examples.md의 그 행에는 "
                                                   "없습니다 (figure {} draws {}, which the row of {} does not state)",
                                                   f.id, example, value, f.id, value, example));
        }
        // Every sentence that names a worked example states only numbers of that example's row.
        for (std::size_t start = 0; start < text.size();) {
            const auto stop = std::min(text.find(". ", start), text.size());
            std::string sentence = text.substr(start, stop - start);
            start = stop + 2;
            std::string rows_named;
            std::vector<std::string> ids;
            for (std::sregex_iterator m(sentence.begin(), sentence.end(), we_id), end; m != end; ++m) {
                ids.push_back(m->str());
                if (const auto row = rows.find(m->str()); row != rows.end())
                    rows_named += row->second + "\n";
                else
                    problems.push_back(fmt::format("그림 {}의 설명이 docs/worked-examples.md에 없는 {}을(를) 가리킵니다 "
                                                   "(the caption of {} names {}, which the table lacks)",
                                                   f.id, m->str(), f.id, m->str()));
            }
            if (ids.empty() || rows_named.empty()) continue;
            for (const std::string& stated : missing(std::regex_replace(sentence, we_id, " "), std::regex_replace(rows_named, we_id, " ")))
                problems.push_back(fmt::format("그림 {}의 설명이 {}에 대해 \"{}\"라고 하지만 docs/worked-examples.md의 행에는 "
                                               "그 값이 없습니다 (the caption of {} states {} for {}, which its row does not)",
                                               f.id, ids.front(), stated, f.id, stated, ids.front()));
        }
    }
    return problems;
}

}  // namespace site
