// Chapter 01 tests: the worked examples of the book's 7.2.2–7.2.3 and the slides, the error rules,
// and random shapes against a plainly written loop that pads by bounds checks instead of by copying.
#include "01_padding/padding.hpp"

#include "common/random.hpp"
#include "support/book_figures.hpp"
#include "support/compare.hpp"

#include <doctest/doctest.h>

using cnn::Matrix;
using cnn::ShapeError;
using cnn::Tensor3;
using cnn::test::close;
using cnn::test::fig73_filter;
using cnn::test::fig73_input;

namespace {

// Independent oracle: reads outside the input as zero instead of building a padded copy.
Matrix naive_correlate(const Matrix& x, const Matrix& w, int pad, float bias) {
    const auto OH = x.rows() + 2 * pad - w.rows() + 1, OW = x.cols() + 2 * pad - w.cols() + 1;
    Matrix y = Matrix::Constant(OH, OW, bias);
    for (cnn::Index oh = 0; oh < OH; ++oh)
        for (cnn::Index ow = 0; ow < OW; ++ow)
            for (cnn::Index kh = 0; kh < w.rows(); ++kh)
                for (cnn::Index kw = 0; kw < w.cols(); ++kw) {
                    const auto h = oh + kh - pad, c = ow + kw - pad;
                    if (h >= 0 && h < x.rows() && c >= 0 && c < x.cols()) y(oh, ow) += x(h, c) * w(kh, kw);
                }
    return y;
}

}  // namespace

TEST_CASE("WE-01 (4,4) input * (3,3) filter -> (2,2) [[15,16],[6,15]]") {
    // First window: 1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15.
    Matrix expected(2, 2);
    expected << 15, 16,
                 6, 15;
    CHECK(close(cnn::cross_correlate(fig73_input(), fig73_filter()), expected));
}

TEST_CASE("WE-02 bias 3 is added to every output element -> [[18,19],[9,18]]") {
    Matrix expected(2, 2);
    expected << 18, 19,
                 9, 18;
    CHECK(close(cnn::cross_correlate(fig73_input(), fig73_filter(), 3), expected));
}

TEST_CASE("WE-03 padding 1: (4,4) -> padded (6,6) -> output (4,4)") {
    // Top-left output: the window covers a zero border row and column, so only
    // 1*1 + 2*2 + 0*0 + 1*2 = 7 remains.
    Matrix expected(4, 4);
    expected <<  7, 12, 10, 2,
                 4, 15, 16, 10,
                10,  6, 15, 6,
                 8, 10,  4, 3;
    SUBCASE("the padded input is (6,6) with the input in the middle") {
        const Matrix padded = cnn::zero_pad(fig73_input(), 1);
        REQUIRE(padded.rows() == 6);
        REQUIRE(padded.cols() == 6);
        CHECK(close(Matrix(padded.block(1, 1, 4, 4)), fig73_input()));
    }
    SUBCASE("the output") {
        CHECK(close(cnn::cross_correlate_padded(fig73_input(), fig73_filter(), 1), expected));
    }
}

TEST_CASE("WE-04 a (4,4) input padded by 1, 2, 3 becomes (6,6), (8,8), (10,10)") {
    for (int pad : {1, 2, 3}) {
        CAPTURE(pad);
        const Matrix padded = cnn::zero_pad(fig73_input(), pad);
        CHECK(padded.rows() == 4 + 2 * pad);
        CHECK(padded.cols() == 4 + 2 * pad);
        // The border is zero all around and the middle is the input, unchanged.
        Matrix middle = padded.block(pad, pad, 4, 4);
        CHECK(close(middle, fig73_input()));
        CHECK(padded.cwiseAbs().sum() == doctest::Approx(fig73_input().sum()));
    }
}

TEST_CASE("WE-16 same padding P = (F-1)/2 keeps a 7x7 input 7x7") {
    CHECK(cnn::same_padding(3) == 1);
    CHECK(cnn::same_padding(5) == 2);
    CHECK(cnn::same_padding(7) == 3);
    Matrix x = Matrix::Ones(7, 7);
    const Matrix y = cnn::cross_correlate_padded(x, Matrix::Ones(3, 3), cnn::same_padding(3));
    CHECK(y.rows() == 7);
    CHECK(y.cols() == 7);
    CHECK(y(0, 0) == 4);  // a corner window sees 2x2 real pixels
    CHECK(y(3, 3) == 9);  // an inner window sees all 3x3
}

TEST_CASE("WE-17 vertical edge: 5x6 image, left 0 and right 100 -> every row [0,300,300,0]") {
    Matrix image = Matrix::Zero(5, 6);
    image.rightCols(3).setConstant(100);
    Matrix expected(3, 4);
    expected << 0, 300, 300, 0,
                0, 300, 300, 0,
                0, 300, 300, 0;
    CHECK(close(cnn::detect_vertical_edges(image), expected));
}

TEST_CASE("01.1 zero_pad") {
    SUBCASE("P = 0 returns the input unchanged") {
        CHECK(close(cnn::zero_pad(fig73_input(), 0), fig73_input()));
    }
    SUBCASE("a non-square (2,3) map padded by 2 is (6,7)") {
        Matrix x(2, 3);
        x << 1, 2, 3, 4, 5, 6;
        const Matrix padded = cnn::zero_pad(x, 2);
        CHECK(padded.rows() == 6);
        CHECK(padded.cols() == 7);
        CHECK(padded(2, 2) == 1);
        CHECK(padded(3, 4) == 6);
        CHECK(padded.sum() == 21);
    }
    SUBCASE("a (C,H,W) volume grows in H and W only, channel by channel") {
        Tensor3 x(2, 2, 3);
        x.setValues({{{1, 2, 3}, {4, 5, 6}}, {{-1, -2, -3}, {-4, -5, -6}}});
        const Tensor3 padded = cnn::zero_pad(x, 1);
        REQUIRE(padded.dimension(0) == 2);
        REQUIRE(padded.dimension(1) == 4);
        REQUIRE(padded.dimension(2) == 5);
        CHECK(padded(0, 1, 1) == 1);
        CHECK(padded(0, 2, 3) == 6);
        CHECK(padded(1, 1, 1) == -1);
        CHECK(padded(1, 2, 3) == -6);
        CHECK(padded(1, 0, 0) == 0);
        CHECK(padded(0, 3, 4) == 0);
    }
    SUBCASE("a negative P is refused") {
        CHECK_THROWS_WITH_AS(cnn::zero_pad(fig73_input(), -1),
                             "zero_pad: padding must be >= 0, got P = -1", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::zero_pad(Tensor3(1, 2, 2), -2),
                             "zero_pad: padding must be >= 0, got P = -2", ShapeError);
    }
}

TEST_CASE("01.2 cross_correlate") {
    SUBCASE("the filter is not flipped (this is the book's convolution, not SciPy's convolve2d)") {
        Matrix x(2, 2), w(2, 2);
        x << 1, 0, 0, 0;
        w << 1, 2, 3, 4;
        CHECK(cnn::cross_correlate(x, w)(0, 0) == 1);  // a flipped filter would give 4
    }
    SUBCASE("a non-square input and filter: (3,5) * (2,3) -> (2,3)") {
        Matrix x(3, 5), w(2, 3);
        x << 1, 2, 3, 4, 5,
             6, 7, 8, 9, 10,
             11, 12, 13, 14, 15;
        w << 1, 0, 0,
             0, 0, 1;
        Matrix expected(2, 3);  // x(oh,ow) + x(oh+1,ow+2)
        expected << 1 + 8, 2 + 9, 3 + 10,
                    6 + 13, 7 + 14, 8 + 15;
        CHECK(close(cnn::cross_correlate(x, w), expected));
    }
    SUBCASE("a filter larger than the input is refused") {
        CHECK_THROWS_WITH_AS(cnn::cross_correlate(fig73_filter(), fig73_input()),
                             "cross_correlate: filter (4,4) does not fit the input (3,3)", ShapeError);
    }
}

TEST_CASE("01.3 cross_correlate_padded and same_padding") {
    SUBCASE("random shapes agree with a loop that reads outside the input as zero") {
        cnn::Random rng(101);
        for (int trial = 0; trial < 50; ++trial) {
            const int H = rng.integer(1, 9), W = rng.integer(1, 9), pad = rng.integer(0, 3);
            const int FH = rng.integer(1, H + 2 * pad), FW = rng.integer(1, W + 2 * pad);
            Matrix x(H, W), w(FH, FW);
            rng.fill_uniform(x);
            rng.fill_uniform(w);
            const float bias = rng.uniform(-1, 1);
            CAPTURE(H); CAPTURE(W); CAPTURE(FH); CAPTURE(FW); CAPTURE(pad);
            CHECK(close(cnn::cross_correlate_padded(x, w, pad, bias), naive_correlate(x, w, pad, bias),
                        cnn::test::kFloatSums));
        }
    }
    SUBCASE("a 5x5 filter fits a (3,3) input once it is padded by 1") {
        const Matrix y = cnn::cross_correlate_padded(Matrix::Ones(3, 3), Matrix::Ones(5, 5), 1);
        CHECK(y.rows() == 1);
        CHECK(y.cols() == 1);
        CHECK(y(0, 0) == 9);
    }
    SUBCASE("errors") {
        CHECK_THROWS_WITH_AS(cnn::cross_correlate_padded(fig73_input(), fig73_filter(), -1),
                             "zero_pad: padding must be >= 0, got P = -1", ShapeError);
        CHECK_THROWS_AS(cnn::cross_correlate_padded(Matrix::Ones(2, 2), Matrix::Ones(5, 5), 1), ShapeError);
        CHECK_THROWS_WITH_AS(cnn::same_padding(4),
                             "same_padding: F = 4 has no same padding: H + 2P - 4 + 1 = H needs P = 3/2, "
                             "which is not a whole number >= 0",
                             ShapeError);
        CHECK_THROWS_AS(cnn::same_padding(0), ShapeError);
    }
}

TEST_CASE("01.4 vertical_edge_filter and detect_vertical_edges") {
    SUBCASE("the filter of the slides") {
        Matrix expected(3, 3);
        expected << -1, 0, 1,
                    -1, 0, 1,
                    -1, 0, 1;
        CHECK(close(cnn::vertical_edge_filter(), expected));
    }
    SUBCASE("a bright-to-dark edge gives negative values, a flat image gives zero") {
        Matrix image = Matrix::Zero(4, 6);
        image.leftCols(3).setConstant(10);
        const Matrix edges = cnn::detect_vertical_edges(image);
        CHECK(edges.rows() == 2);
        CHECK(edges.cols() == 4);
        CHECK(edges(0, 1) == -30);
        CHECK(edges(1, 0) == 0);
        CHECK(cnn::detect_vertical_edges(Matrix::Constant(5, 5, 7)).cwiseAbs().maxCoeff() == 0);
    }
}
