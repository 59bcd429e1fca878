// Chapter 02 tests: eq 7.1 on the worked examples of the book's 7.2.4, the CS231n notes and the
// slides, its error rules, the floor mode, and the strided convolution against a plainly written loop.
#include "02_stride/stride.hpp"

#include "common/random.hpp"
#include "support/book_figures.hpp"
#include "support/compare.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using cnn::Index;
using cnn::Matrix;
using cnn::Pad;
using cnn::Rounding;
using cnn::Shape2;
using cnn::ShapeError;
using cnn::Stride;
using cnn::conv_output_shape;
using cnn::conv_output_size;
using cnn::test::close;
using cnn::test::fig73_filter;
using cnn::test::fig77_input;

namespace {

// Independent oracle: visits every window start oh*S explicitly and treats whatever lies
// outside the input as a zero of the padding, instead of building a padded copy.
Matrix naive_strided(const Matrix& x, const Matrix& w, int stride, int pad, float bias) {
    const Index OH = (x.rows() + 2 * pad - w.rows()) / stride + 1;
    const Index OW = (x.cols() + 2 * pad - w.cols()) / stride + 1;
    Matrix y = Matrix::Constant(OH, OW, bias);
    for (Index oh = 0; oh < OH; ++oh)
        for (Index ow = 0; ow < OW; ++ow)
            for (Index kh = 0; kh < w.rows(); ++kh)
                for (Index kw = 0; kw < w.cols(); ++kw) {
                    const Index h = oh * stride + kh - pad, c = ow * stride + kw - pad;
                    if (h >= 0 && h < x.rows() && c >= 0 && c < x.cols()) y(oh, ow) += x(h, c) * w(kh, kw);
                }
    return y;
}

// Independent count of the window positions along one axis: start at -P and step by S while
// the whole window still ends inside the padded input.
int count_windows(int input, int filter, int stride, int pad) {
    int count = 0;
    for (int start = -pad; start + filter <= input + pad; start += stride) ++count;
    return count;
}

}  // namespace

TEST_CASE("WE-09 7x7 input, F=3: S=1 -> 5, S=2 -> 3, S=3 -> 2.33 is refused") {
    // (7 - 3)/1 + 1 = 5 and (7 - 3)/2 + 1 = 3, but (7 - 3)/3 + 1 = 4/3 + 1 = 2.33.
    CHECK(conv_output_size(7, 3, Stride{1}, Pad{0}) == 5);
    CHECK(conv_output_size(7, 3, Stride{2}, Pad{0}) == 3);
    CHECK_THROWS_WITH_AS(conv_output_size(7, 3, Stride{3}, Pad{0}),
                         "conv_output_size: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: stride 3 "
                         "does not fit a 7-wide input with a 3-wide filter",
                         ShapeError);
    CHECK_THROWS_AS(conv_output_size(7, 3, Stride{3}, Pad{0}, Rounding::Strict), ShapeError);
}

TEST_CASE("WE-10 1D: input 5, F=3, P=1: S=1 -> 5, S=2 -> 3, S=3 does not fit") {
    // CS231n notes 「공간적 배치」: (5 - 3 + 2)/1 + 1 = 5, (5 - 3 + 2)/2 + 1 = 3, and 4 is not
    // divisible by 3.
    CHECK(conv_output_size(5, 3, Stride{1}, Pad{1}) == 5);
    CHECK(conv_output_size(5, 3, Stride{2}, Pad{1}) == 3);
    CHECK_THROWS_WITH_AS(conv_output_size(5, 3, Stride{3}, Pad{1}),
                         "conv_output_size: (5 + 2*1 - 3)/3 + 1 = 2.33 is not an integer: stride 3 "
                         "does not fit a 5-wide input with a 3-wide filter",
                         ShapeError);
}

TEST_CASE("WE-18 (W-F+2P)/S+1 = (7-3+0)/1+1 = 5: a 7x7 input and a 3x3 filter give 5x5") {
    CHECK(conv_output_size(7, 3, Stride{1}, Pad{0}) == 5);
    CHECK(conv_output_shape({7, 7}, {3, 3}, Stride{1}, Pad{0}) == Shape2{5, 5});
}

TEST_CASE("WE-05 (28,31) P2 S3 F5 -> (10,11)") {
    // OH = (28 + 2*2 - 5)/3 + 1 = 27/3 + 1 = 10, OW = (31 + 2*2 - 5)/3 + 1 = 30/3 + 1 = 11.
    CHECK(conv_output_shape({28, 31}, {5, 5}, Stride{3}, Pad{2}) == Shape2{10, 11});
}

TEST_CASE("WE-06 (4,4) P1 S1 F3 -> (4,4)") {
    // fig 7-6: (4 + 2*1 - 3)/1 + 1 = 4 on both axes; padding 1 keeps the size.
    CHECK(conv_output_shape({4, 4}, {3, 3}, Stride{1}, Pad{1}) == Shape2{4, 4});
}

TEST_CASE("WE-07 (7,7) P0 S2 F3 -> (3,3)") {
    // fig 7-7: (7 + 2*0 - 3)/2 + 1 = 3 on both axes.
    CHECK(conv_output_shape({7, 7}, {3, 3}, Stride{2}, Pad{0}) == Shape2{3, 3});
}

TEST_CASE("WE-08 fig 7-7: the 7x7 input at stride 2 -> [[15,17,15],[17,15,17],[15,17,15]]") {
    // Window (0,0) is rows 0-2, columns 0-2: [[1,2,3],[0,1,2],[3,0,1]];
    //   1*2 + 2*0 + 3*1 + 0*0 + 1*1 + 2*2 + 3*1 + 0*0 + 1*2 = 15 (the WE-01 window).
    // Window (0,1) starts two columns further, columns 2-4: [[3,0,1],[2,3,0],[1,2,3]];
    //   3*2 + 0*0 + 1*1 + 2*0 + 3*1 + 0*2 + 1*1 + 2*0 + 3*2 = 17.
    // Every row of the input repeats the one above shifted by one, so two rows down looks like two
    // columns left: window (1,0) equals window (0,1) and the pattern alternates 15, 17.
    Matrix expected(3, 3);
    expected << 15, 17, 15,
                17, 15, 17,
                15, 17, 15;
    CHECK(close(cnn::strided_cross_correlate(fig77_input(), fig73_filter(), 2, 0), expected));
}

TEST_CASE("02.1 conv_output_size") {
    SUBCASE("padding counts on both sides: (5 + 2*2 - 3)/1 + 1 = 7") {
        CHECK(conv_output_size(5, 3, Stride{1}, Pad{2}) == 7);
        CHECK(conv_output_size(6, 4, Stride{2}, Pad{1}) == 3);  // (6 + 2 - 4)/2 + 1
    }
    SUBCASE("a filter as large as the padded input fits exactly once") {
        CHECK(conv_output_size(3, 5, Stride{1}, Pad{1}) == 1);
        CHECK(conv_output_size(4, 4, Stride{3}, Pad{0}) == 1);
        CHECK(conv_output_size(1, 1, Stride{1}, Pad{0}) == 1);
    }
    SUBCASE("a remainder is refused and the message shows the division") {
        CHECK_THROWS_WITH_AS(conv_output_size(8, 3, Stride{2}, Pad{0}),
                             "conv_output_size: (8 + 2*0 - 3)/2 + 1 = 3.50 is not an integer: stride 2 "
                             "does not fit a 8-wide input with a 3-wide filter",
                             ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(28, 5, Stride{3}, Pad{1}),
                             "conv_output_size: (28 + 2*1 - 5)/3 + 1 = 9.33 is not an integer: stride 3 "
                             "does not fit a 28-wide input with a 5-wide filter",
                             ShapeError);
    }
    SUBCASE("impossible arguments") {
        CHECK_THROWS_WITH_AS(conv_output_size(7, 3, Stride{0}, Pad{0}),
                             "conv_output_size: stride must be >= 1, got S = 0",
                             ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(7, 3, Stride{-2}, Pad{0}),
                             "conv_output_size: stride must be >= 1, got S = -2", ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(7, 3, Stride{1}, Pad{-1}),
                             "conv_output_size: padding must be >= 0, got P = -1", ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(7, 0, Stride{1}, Pad{0}),
                             "conv_output_size: input and filter sizes must be >= 1, got 7 and 0", ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(0, 1, Stride{1}, Pad{1}),
                             "conv_output_size: input and filter sizes must be >= 1, got 0 and 1", ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(4, 7, Stride{1}, Pad{1}),
                             "conv_output_size: filter 7 is larger than the padded input 4 + 2*1 = 6",
                             ShapeError);
    }
    SUBCASE("random sizes that fit agree with counting the window positions") {
        cnn::Random rng(202);
        for (int trial = 0; trial < 200; ++trial) {
            const int stride = rng.integer(1, 4), pad = rng.integer(0, 3), filter = rng.integer(1, 7);
            const int steps = rng.integer(0, 6);
            const int input = filter - 2 * pad + steps * stride;
            if (input < 1) continue;
            CAPTURE(input); CAPTURE(filter); CAPTURE(pad); CAPTURE(stride);
            CHECK(conv_output_size(input, filter, Stride{stride}, Pad{pad}) ==
                  count_windows(input, filter, stride, pad));
        }
    }
}

TEST_CASE("02.2 Floor rounding drops the windows that would run past the edge") {
    SUBCASE("WE-09 with floor: (7 - 3)/3 + 1 = 2.33 becomes 2") {
        CHECK(conv_output_size(7, 3, Stride{3}, Pad{0}, Rounding::Floor) == 2);
    }
    SUBCASE("WE-10 with floor: (5 + 2 - 3)/3 + 1 becomes 2; 3.50 becomes 3") {
        CHECK(conv_output_size(5, 3, Stride{3}, Pad{1}, Rounding::Floor) == 2);
        CHECK(conv_output_size(8, 3, Stride{2}, Pad{0}, Rounding::Floor) == 3);
    }
    SUBCASE("sizes that fit give the same answer in both modes") {
        CHECK(conv_output_size(7, 3, Stride{2}, Pad{0}, Rounding::Floor) == 3);
        CHECK(conv_output_size(28, 5, Stride{3}, Pad{2}, Rounding::Floor) == 10);
    }
    SUBCASE("floor forgives a remainder, nothing else") {
        CHECK_THROWS_WITH_AS(conv_output_size(7, 3, Stride{0}, Pad{0}, Rounding::Floor),
                             "conv_output_size: stride must be >= 1, got S = 0", ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(7, 3, Stride{2}, Pad{-1}, Rounding::Floor),
                             "conv_output_size: padding must be >= 0, got P = -1", ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_size(2, 5, Stride{2}, Pad{1}, Rounding::Floor),
                             "conv_output_size: filter 5 is larger than the padded input 2 + 2*1 = 4",
                             ShapeError);
    }
    SUBCASE("random sizes agree with counting the window positions") {
        cnn::Random rng(2022);
        for (int trial = 0; trial < 300; ++trial) {
            const int stride = rng.integer(1, 5), pad = rng.integer(0, 3), filter = rng.integer(1, 7);
            const int input = rng.integer(std::max(1, filter - 2 * pad), 30);
            CAPTURE(input); CAPTURE(filter); CAPTURE(pad); CAPTURE(stride);
            CHECK(conv_output_size(input, filter, Stride{stride}, Pad{pad}, Rounding::Floor) ==
                  count_windows(input, filter, stride, pad));
        }
    }
}

TEST_CASE("02.3 conv_output_shape") {
    SUBCASE("height uses FH and width uses FW") {
        CHECK(conv_output_shape({6, 9}, {2, 3}, Stride{1}, Pad{0}) == Shape2{5, 7});
        CHECK(conv_output_shape({9, 6}, {3, 2}, Stride{1}, Pad{0}) == Shape2{7, 5});
        // (5+2-1)/2+1, (11+2-3)/2+1
        CHECK(conv_output_shape({5, 11}, {1, 3}, Stride{2}, Pad{1}) == Shape2{4, 6});
    }
    SUBCASE("the error names the axis that does not fit") {
        CHECK_THROWS_WITH_AS(conv_output_shape({7, 8}, {3, 3}, Stride{2}, Pad{0}),
                             "conv_output_shape: width: (8 + 2*0 - 3)/2 + 1 = 3.50 is not an integer: "
                             "stride 2 does not fit a 8-wide input with a 3-wide filter",
                             ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_shape({8, 7}, {3, 3}, Stride{2}, Pad{0}),
                             "conv_output_shape: height: (8 + 2*0 - 3)/2 + 1 = 3.50 is not an integer: "
                             "stride 2 does not fit a 8-wide input with a 3-wide filter",
                             ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_shape({7, 7}, {3, 3}, Stride{0}, Pad{0}),
                             "conv_output_shape: height: stride must be >= 1, got S = 0", ShapeError);
        CHECK_THROWS_WITH_AS(conv_output_shape({7, 2}, {3, 3}, Stride{1}, Pad{0}),
                             "conv_output_shape: width: filter 3 is larger than the padded input 2 + 2*0 = 2",
                             ShapeError);
    }
    SUBCASE("the rounding mode reaches both axes") {
        CHECK(conv_output_shape({7, 8}, {3, 3}, Stride{2}, Pad{0}, Rounding::Floor) == Shape2{3, 3});
        CHECK(conv_output_shape({8, 7}, {3, 3}, Stride{2}, Pad{0}, Rounding::Floor) == Shape2{3, 3});
    }
}

TEST_CASE("02.4 strided_cross_correlate") {
    SUBCASE("stride 1 with padding 1 reproduces WE-03 of chapter 01") {
        Matrix x(4, 4), expected(4, 4);
        x << 1, 2, 3, 0,
             0, 1, 2, 3,
             3, 0, 1, 2,
             2, 3, 0, 1;
        expected <<  7, 12, 10, 2,
                     4, 15, 16, 10,
                    10,  6, 15, 6,
                     8, 10,  4, 3;
        CHECK(close(cnn::strided_cross_correlate(x, fig73_filter(), 1, 1), expected));
    }
    SUBCASE("stride 2 with padding 1 and a bias on the fig 7-7 input") {
        // (7 + 2 - 3)/2 + 1 = 4. Window (0,0) covers the zero border and x(0..1, 0..1):
        //   1*1 + 2*2 + 0*0 + 1*2 = 7 (as in WE-03), plus the bias 0.5.
        const Matrix y = cnn::strided_cross_correlate(fig77_input(), fig73_filter(), 2, 1, 0.5f);
        REQUIRE(y.rows() == 4);
        REQUIRE(y.cols() == 4);
        CHECK(y(0, 0) == doctest::Approx(7.5));
        CHECK(close(y, naive_strided(fig77_input(), fig73_filter(), 2, 1, 0.5f)));
    }
    SUBCASE("the stride moves the window; the filter index inside it still steps by one") {
        // x(h,w) = 10h + w, a one-hot filter at (1,2): y(oh,ow) = x(oh*S + 1, ow*S + 2).
        Matrix x(7, 9), w = Matrix::Zero(3, 3);
        for (Index h = 0; h < 7; ++h)
            for (Index c = 0; c < 9; ++c) x(h, c) = static_cast<float>(10 * h + c);
        w(1, 2) = 1;
        Matrix expected(3, 4);  // (7-3)/2+1 = 3, (9-3)/2+1 = 4
        expected << 12, 14, 16, 18,
                    32, 34, 36, 38,
                    52, 54, 56, 58;
        CHECK(close(cnn::strided_cross_correlate(x, w, 2, 0), expected));
    }
    SUBCASE("random shapes agree with a loop that reads outside the input as zero") {
        cnn::Random rng(204);
        for (int trial = 0; trial < 60; ++trial) {
            const int stride = rng.integer(1, 3), pad = rng.integer(0, 2);
            const int FH = rng.integer(1, 4), FW = rng.integer(1, 4);
            const int H = FH - 2 * pad + stride * rng.integer(0, 4);
            const int W = FW - 2 * pad + stride * rng.integer(0, 4);
            if (H < 1 || W < 1) continue;
            Matrix x(H, W), w(FH, FW);
            rng.fill_uniform(x);
            rng.fill_uniform(w);
            const float bias = rng.uniform(-1, 1);
            CAPTURE(H); CAPTURE(W); CAPTURE(FH); CAPTURE(FW); CAPTURE(pad); CAPTURE(stride);
            CHECK(close(cnn::strided_cross_correlate(x, w, stride, pad, bias),
                        naive_strided(x, w, stride, pad, bias), cnn::test::kFloatSums));
        }
    }
    SUBCASE("errors come from the output-size rule") {
        CHECK_THROWS_WITH_AS(cnn::strided_cross_correlate(fig77_input(), fig73_filter(), 3, 0),
                             "conv_output_shape: height: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: "
                             "stride 3 does not fit a 7-wide input with a 3-wide filter",
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::strided_cross_correlate(Matrix::Ones(5, 6), fig73_filter(), 2, 0),
                             "conv_output_shape: width: (6 + 2*0 - 3)/2 + 1 = 2.50 is not an integer: "
                             "stride 2 does not fit a 6-wide input with a 3-wide filter",
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::strided_cross_correlate(fig77_input(), fig73_filter(), 2, -1),
                             "conv_output_shape: height: padding must be >= 0, got P = -1", ShapeError);
    }
}
