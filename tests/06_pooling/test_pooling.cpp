// Chapter 06 tests: the pooling examples of the book's 7.3–7.3.1, the slides and the
// lecture 5 summary and review, forward against a
// plainly written loop over windows on random shapes (overlapping windows, non-square inputs and
// windows, padding), backward by central differences on inputs without ties and by the adjoint
// identity <forward(x), g> = <x, backward(g)>, which holds for average pooling and, with the
// winners fixed, for max pooling too.
#include "06_pooling/pooling.hpp"

#include "common/random.hpp"
#include "common/shape.hpp"
#include "support/book_figures.hpp"
#include "support/compare.hpp"
#include "support/gradient.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

using cnn::AvgPooling;
using cnn::Index;
using cnn::Matrix;
using cnn::MaxPooling;
using cnn::Rounding;
using cnn::ShapeError;
using cnn::Tensor4;
using cnn::pool_output_size;
using cnn::shape_of;
using cnn::test::as_batch;
using cnn::test::close;
using cnn::test::we27_input;

namespace {

// Central differences on losses accumulated in double; inputs are spaced 0.05 apart, 5x the step.
constexpr cnn::test::Tolerance kGradient{1e-3, 1e-3};

enum class Mode { Max, Avg };

// Independent oracle: every window visited with four plain loops; a cell outside x is a zero of
// the padding; the output size is computed here from the formula, not from chapter 02.
Tensor4 naive_pool(const Tensor4& x, int FH, int FW, int S, int P, Mode mode) {
    const Index N = x.dimension(0), C = x.dimension(1), H = x.dimension(2), W = x.dimension(3);
    const Index OH = (H + 2 * P - FH) / S + 1, OW = (W + 2 * P - FW) / S + 1;
    Tensor4 y(N, C, OH, OW);
    for (Index n = 0; n < N; ++n)
        for (Index c = 0; c < C; ++c)
            for (Index oh = 0; oh < OH; ++oh)
                for (Index ow = 0; ow < OW; ++ow) {
                    float best = std::numeric_limits<float>::lowest(), sum = 0;
                    for (Index kh = 0; kh < FH; ++kh)
                        for (Index kw = 0; kw < FW; ++kw) {
                            const Index h = oh * S + kh - P, w = ow * S + kw - P;
                            const float v = (h >= 0 && h < H && w >= 0 && w < W) ? x(n, c, h, w) : 0.0f;
                            best = std::max(best, v);
                            sum += v;
                        }
                    y(n, c, oh, ow) = mode == Mode::Max ? best : sum / static_cast<float>(FH * FW);
                }
    return y;
}

// A random pooling problem whose window and stride fit exactly (the Strict rule).
struct PoolCase {
    int N, C, H, W, FH, FW, S, P;
};

PoolCase random_case(cnn::Random& rng) {
    for (;;) {
        PoolCase k{};
        k.N = rng.integer(1, 3);
        k.C = rng.integer(1, 4);
        k.FH = rng.integer(1, 4);
        k.FW = rng.integer(1, 4);
        k.S = rng.integer(1, 3);
        k.P = rng.integer(0, std::min({k.FH, k.FW, 2}) - 1);
        k.H = (rng.integer(1, 5) - 1) * k.S + k.FH - 2 * k.P;
        k.W = (rng.integer(1, 5) - 1) * k.S + k.FW - 2 * k.P;
        if (k.H >= 1 && k.W >= 1) return k;
    }
}

// Distinct values 0.05 apart, shuffled, none within 0.025 of zero (a padding cell is a zero):
// no ties, so a step of 0.01 never changes which element wins a window.
Tensor4 distinct_values(const PoolCase& k, cnn::Random& rng) {
    Tensor4 x(k.N, k.C, k.H, k.W);
    const Index size = x.size();
    for (Index i = 0; i < size; ++i) x.data()[i] = 0.05f * static_cast<float>(i - size / 2) + 0.025f;
    for (Index i = size - 1; i > 0; --i) std::swap(x.data()[i], x.data()[rng.integer(0, static_cast<int>(i))]);
    return x;
}

Tensor4 zeros(Index N, Index C, Index H, Index W) {
    Tensor4 x(N, C, H, W);
    x.setZero();
    return x;
}

double dot(const Tensor4& a, const Tensor4& b) {
    double sum = 0;
    for (Index i = 0; i < a.size(); ++i) sum += static_cast<double>(a.data()[i]) * b.data()[i];
    return sum;
}

// The (H,W) map moved right by one element: a zero column enters on the left, the last leaves.
Tensor4 shifted_right(const Tensor4& x) {
    Tensor4 y(x.dimensions());
    y.setZero();
    for (Index h = 0; h < x.dimension(2); ++h)
        for (Index w = 1; w < x.dimension(3); ++w) y(0, 0, h, w) = x(0, 0, h, w - 1);
    return y;
}

}  // namespace

TEST_CASE("WE-27 2x2 max pooling with stride 2: [[1,1,2,4],[5,6,7,8],[3,2,1,0],[1,2,3,4]] -> [[6,8],[3,4]]") {
    //   1 1 | 2 4        max of each 2x2 block:
    //   5 6 | 7 8          [1,1,5,6] -> 6   [2,4,7,8] -> 8
    //   ----+----          [3,2,1,2] -> 3   [1,0,3,4] -> 4
    //   3 2 | 1 0
    //   1 2 | 3 4
    Matrix expected(2, 2);
    expected << 6, 8,
                3, 4;
    MaxPooling pool(2, 2, 2);
    CHECK(close(pool.forward(we27_input()), as_batch(expected)));
}

TEST_CASE("WE-28 pooling learns nothing, keeps the channels and absorbs a one-element shift") {
    SUBCASE("no parameters: two layers of the same sizes agree, and backward returns only dx") {
        cnn::Random rng(281);
        Tensor4 x(2, 3, 6, 4);
        rng.fill_uniform(x);
        MaxPooling first(2, 2, 2), second(2, 2, 2);
        const Tensor4 y = first.forward(x);
        CHECK(close(second.forward(x), y, {0, 0}));
        const Tensor4 dx = first.backward(y);
        CHECK(shape_of(dx) == "(2,3,6,4)");
    }
    SUBCASE("the channel count stays: (2,5,6,6) -> (2,5,3,3), and each channel is pooled alone") {
        cnn::Random rng(282);
        Tensor4 x(2, 5, 6, 6);
        rng.fill_uniform(x);
        MaxPooling pool(2, 2, 2);
        const Tensor4 before = pool.forward(x);
        CHECK(shape_of(before) == "(2,5,3,3)");
        // Raising one element of channel 3 of image 1 changes that channel's output only.
        x(1, 3, 4, 5) = 10;
        const Tensor4 after = pool.forward(x);
        for (Index n = 0; n < 2; ++n)
            for (Index c = 0; c < 5; ++c)
                for (Index oh = 0; oh < 3; ++oh)
                    for (Index ow = 0; ow < 3; ++ow) {
                        CAPTURE(n); CAPTURE(c); CAPTURE(oh); CAPTURE(ow);
                        const bool touched = n == 1 && c == 3 && oh == 2 && ow == 2;
                        CHECK(after(n, c, oh, ow) == (touched ? 10.0f : before(n, c, oh, ow)));
                    }
    }
    SUBCASE("a shift right by one leaves the output unchanged when every maximum is in its window's left column") {
        //   9 1 | 7 2         0 9 | 1 7
        //   3 0 | 5 4   ->    0 3 | 0 5      both pool to [[9,7],[8,6]]
        //   8 1 | 6 0         0 8 | 1 6
        //   2 3 | 1 0         0 2 | 3 1
        Matrix map(4, 4), expected(2, 2);
        map << 9, 1, 7, 2,
               3, 0, 5, 4,
               8, 1, 6, 0,
               2, 3, 1, 0;
        expected << 9, 7,
                    8, 6;
        MaxPooling pool(2, 2, 2);
        CHECK(close(pool.forward(as_batch(map)), as_batch(expected)));
        CHECK(close(pool.forward(shifted_right(as_batch(map))), as_batch(expected)));
    }
    SUBCASE("the same shift changes the output when a maximum crosses into the next window") {
        //   1 9 | 2 3   ->  [[9,3]]        0 1 | 9 2   ->  [[1,9]]
        //   0 4 | 1 2                      0 0 | 4 1
        Matrix map(2, 4), before(1, 2), after(1, 2);
        map << 1, 9, 2, 3,
               0, 4, 1, 2;
        before << 9, 3;
        after << 1, 9;
        MaxPooling pool(2, 2, 2);
        CHECK(close(pool.forward(as_batch(map)), as_batch(before)));
        CHECK(close(pool.forward(shifted_right(as_batch(map))), as_batch(after)));
    }
}

TEST_CASE("WE-29 pool size (W1-F)/S+1: 224x224x64 -> 112x112x64 with F=2 S=2; F=3 S=2 does not fit 224") {
    SUBCASE("F=2, S=2: (224-2)/2 + 1 = 112, and the depth 64 stays") {
        CHECK(pool_output_size(224, 2, 2) == 112);
        Tensor4 x(1, 64, 224, 224);
        x.setConstant(1);
        MaxPooling pool(2, 2, 2);
        CHECK(shape_of(pool.forward(x)) == "(1,64,112,112)");
    }
    SUBCASE("F=3, S=2: (224-3)/2 + 1 = 111.5 is refused; frameworks floor it to 111") {
        CHECK_THROWS_WITH_AS(pool_output_size(224, 3, 2),
                             doctest::Contains("(224 + 2*0 - 3)/2 + 1 = 111.50 is not an integer"), ShapeError);
        CHECK(pool_output_size(224, 3, 2, Rounding::Floor) == 111);
    }
}

TEST_CASE("WE-30 AlexNet pool1: 55x55x96 with 3x3 stride 2 -> 27x27x96") {
    CHECK(pool_output_size(55, 3, 2) == 27);  // (55-3)/2 + 1
    cnn::Random rng(30);
    Tensor4 x(1, 96, 55, 55);
    rng.fill_uniform(x);
    MaxPooling pool(3, 3, 2);
    const Tensor4 y = pool.forward(x);
    CHECK(shape_of(y) == "(1,96,27,27)");
    CHECK(close(y, naive_pool(x, 3, 3, 2, 0, Mode::Max), {0, 0}));
}

TEST_CASE("WE-31 average pooling of the WE-27 input -> [[3.25,5.25],[2,2]]") {
    // (1+1+5+6)/4 = 3.25, (2+4+7+8)/4 = 5.25, (3+2+1+2)/4 = 2, (1+0+3+4)/4 = 2.
    Matrix expected(2, 2);
    expected << 3.25f, 5.25f,
                2, 2;
    AvgPooling pool(2, 2, 2);
    CHECK(close(pool.forward(we27_input()), as_batch(expected)));
    SUBCASE("backward spreads each gradient evenly over its window: dout [[4,8],[-4,0]] -> 1, 2, -1, 0 per block") {
        Matrix dout(2, 2), dx(4, 4);
        dout << 4, 8,
                -4, 0;
        dx << 1, 1, 2, 2,
              1, 1, 2, 2,
              -1, -1, 0, 0,
              -1, -1, 0, 0;
        CHECK(close(pool.backward(as_batch(dout)), as_batch(dx)));
    }
}

TEST_CASE("06.1 pool_output_size") {
    SUBCASE("it is chapter 02's rule with P = 0") {
        for (int input : {1, 2, 5, 6, 13, 28})
            for (int filter = 1; filter <= input && filter <= 4; ++filter)
                for (int stride = 1; stride <= 3; ++stride) {
                    CAPTURE(input); CAPTURE(filter); CAPTURE(stride);
                    CHECK(pool_output_size(input, filter, stride, Rounding::Floor) ==
                          (input - filter) / stride + 1);
                }
        CHECK(pool_output_size(24, 2, 2) == 12);  // SimpleConvNet's pooling (chapter 07)
        CHECK(pool_output_size(7, 3, 3, Rounding::Floor) == 2);
    }
    SUBCASE("sizes that do not fit are refused with the rule and the numbers") {
        CHECK_THROWS_WITH_AS(pool_output_size(7, 3, 3),
                             doctest::Contains("(7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer"), ShapeError);
        CHECK_THROWS_WITH_AS(pool_output_size(3, 5, 1),
                             doctest::Contains("filter 5 is larger than the padded input 3 + 2*0 = 3"),
                             ShapeError);
        CHECK_THROWS_WITH_AS(pool_output_size(4, 2, 0), doctest::Contains("stride must be >= 1, got S = 0"),
                             ShapeError);
    }
}

TEST_CASE("06.2 MaxPooling::forward") {
    SUBCASE("random shapes agree with a loop over windows") {
        cnn::Random rng(602);
        for (int trial = 0; trial < 60; ++trial) {
            const PoolCase k = random_case(rng);
            Tensor4 x(k.N, k.C, k.H, k.W);
            rng.fill_uniform(x);
            CAPTURE(shape_of(x)); CAPTURE(k.FH); CAPTURE(k.FW); CAPTURE(k.S); CAPTURE(k.P);
            MaxPooling pool(k.FH, k.FW, k.S, k.P);
            CHECK(close(pool.forward(x), naive_pool(x, k.FH, k.FW, k.S, k.P, Mode::Max), {0, 0}));
        }
    }
    SUBCASE("overlapping 3x3 windows with stride 2 on a non-square (2,3,9,7) input") {
        cnn::Random rng(603);
        Tensor4 x(2, 3, 9, 7);
        rng.fill_uniform(x);
        MaxPooling pool(3, 3, 2);
        const Tensor4 y = pool.forward(x);
        CHECK(shape_of(y) == "(2,3,4,3)");
        CHECK(close(y, naive_pool(x, 3, 3, 2, 0, Mode::Max), {0, 0}));
    }
    SUBCASE("a non-square 1x3 window with stride 1 on one row") {
        Matrix map(1, 5), expected(1, 3);
        map << 3, -1, 4, 1, -5;
        expected << 4, 4, 4;
        MaxPooling pool(1, 3);
        CHECK(close(pool.forward(as_batch(map)), as_batch(expected)));
    }
    SUBCASE("padding cells are zeros: all-negative input, 2x2 windows, P=1, S=2") {
        //   pad  pad  pad          every window holds padding zeros and one input value -> 0
        //   pad  -1   -2
        //   pad  -3   -4
        Matrix map(2, 2);
        map << -1, -2, -3, -4;
        MaxPooling pool(2, 2, 2, 1);
        CHECK(close(pool.forward(as_batch(map)), as_batch(Matrix::Zero(2, 2))));
    }
    SUBCASE("errors: the stride must fit, S >= 1") {
        MaxPooling pool(2, 2, 2);
        CHECK_THROWS_WITH_AS(pool.forward(zeros(1, 1, 5, 5)),
                             doctest::Contains("(5 + 2*0 - 2)/2 + 1 = 2.50 is not an integer"), ShapeError);
        MaxPooling zero_stride(2, 2, 0);
        CHECK_THROWS_WITH_AS(zero_stride.forward(zeros(1, 1, 4, 4)),
                             doctest::Contains("stride must be >= 1, got S = 0"), ShapeError);
    }
}

TEST_CASE("06.3 MaxPooling::backward routes WE-27's gradients to the maxima 6, 8, 3, 4") {
    //   dout  1 2     goes to   . . . .
    //         3 4               . 1 . 2      6 at (1,1), 8 at (1,3)
    //                           3 . . .      3 at (2,0)
    //                           . . . 4      4 at (3,3)
    Matrix dout(2, 2), dx(4, 4);
    dout << 1, 2,
            3, 4;
    dx << 0, 0, 0, 0,
          0, 1, 0, 2,
          3, 0, 0, 0,
          0, 0, 0, 4;
    MaxPooling pool(2, 2, 2);
    pool.forward(we27_input());
    CHECK(close(pool.backward(as_batch(dout)), as_batch(dx)));
    SUBCASE("a second backward gives the same dx: nothing is left over from the first") {
        pool.backward(as_batch(dout));
        CHECK(close(pool.backward(as_batch(dout)), as_batch(dx)));
    }
}

TEST_CASE("06.3 MaxPooling::backward") {
    SUBCASE("overlapping 3x3 windows, stride 2: one maximum shared by four windows gets the sum") {
        // The centre (2,2) of a 5x5 map lies in all four 3x3 windows (rows 0-2 or 2-4, columns
        // 0-2 or 2-4) and is the largest value: dx(2,2) = 1 + 2 + 3 + 4 = 10, zero elsewhere.
        Matrix map = Matrix::Ones(5, 5), dout(2, 2), dx = Matrix::Zero(5, 5);
        map(2, 2) = 9;
        dout << 1, 2,
                3, 4;
        dx(2, 2) = 10;
        MaxPooling pool(3, 3, 2);
        CHECK(close(pool.forward(as_batch(map)), as_batch(Matrix::Constant(2, 2, 9))));
        CHECK(close(pool.backward(as_batch(dout)), as_batch(dx)));
    }
    SUBCASE("ties go to the first maximum in window order (kh, then kw)") {
        //   5 5 | 1 7     window 1: four 5s -> (0,0);  window 2: 7 at (0,3), (1,2), (1,3) -> (0,3)
        //   5 5 | 7 7
        Matrix map(2, 4), dx = Matrix::Zero(2, 4);
        map << 5, 5, 1, 7,
               5, 5, 7, 7;
        dx(0, 0) = 1;
        dx(0, 3) = 2;
        Matrix dout(1, 2);
        dout << 1, 2;
        MaxPooling pool(2, 2, 2);
        pool.forward(as_batch(map));
        CHECK(close(pool.backward(as_batch(dout)), as_batch(dx)));
    }
    SUBCASE("a maximum that is a padding zero sends its gradient nowhere") {
        Matrix map(2, 2);
        map << -1, -2, -3, 4;
        Matrix dx = Matrix::Zero(2, 2);
        dx(1, 1) = 4;  // only the window that holds 4 has a real winner
        MaxPooling pool(2, 2, 2, 1);
        pool.forward(as_batch(map));
        CHECK(close(pool.backward(as_batch(Matrix::Constant(2, 2, 4))), as_batch(dx)));
    }
    SUBCASE("random shapes: central differences on inputs without ties") {
        cnn::Random rng(604);
        for (int trial = 0; trial < 25; ++trial) {
            const PoolCase k = random_case(rng);
            Tensor4 x = distinct_values(k, rng);
            MaxPooling pool(k.FH, k.FW, k.S, k.P);
            Tensor4 g = pool.forward(x);
            rng.fill_uniform(g);
            CAPTURE(shape_of(x)); CAPTURE(k.FH); CAPTURE(k.FW); CAPTURE(k.S); CAPTURE(k.P);
            const Tensor4 dx = pool.backward(g);
            MaxPooling probe(k.FH, k.FW, k.S, k.P);
            const Tensor4 numeric = cnn::test::numerical_gradient<Tensor4>([&] { return dot(probe.forward(x), g); }, x);
            CHECK(close(dx, numeric, kGradient));
        }
    }
    SUBCASE("random shapes: <forward(x), g> = <x, backward(g)> with the winners fixed") {
        cnn::Random rng(605);
        for (int trial = 0; trial < 40; ++trial) {
            const PoolCase k = random_case(rng);
            Tensor4 x(k.N, k.C, k.H, k.W);
            rng.fill_uniform(x);
            MaxPooling pool(k.FH, k.FW, k.S, k.P);
            const Tensor4 y = pool.forward(x);
            Tensor4 g(y.dimensions());
            rng.fill_uniform(g);
            CAPTURE(shape_of(x)); CAPTURE(k.FH); CAPTURE(k.FW); CAPTURE(k.S); CAPTURE(k.P);
            CHECK(dot(y, g) == doctest::Approx(dot(x, pool.backward(g))).epsilon(1e-5));
        }
    }
    SUBCASE("the book's 2x2 windows, stride 2, on narrow and wide maps: <forward(x), g> = <x, backward(g)>") {
        // Maps 34 and 40 wide have 17 and 20 windows per row, more than one vector register of 16;
        // 24x24 is SimpleConvNet's.
        cnn::Random rng(606);
        for (const auto& dims : {std::array<Index, 4>{2, 3, 10, 6}, std::array<Index, 4>{1, 2, 6, 40},
                                 std::array<Index, 4>{3, 30, 24, 24}, std::array<Index, 4>{2, 1, 4, 34}}) {
            Tensor4 x(dims[0], dims[1], dims[2], dims[3]);
            rng.fill_uniform(x, 0.5, 1.5);  // no zeros: a stray value anywhere in dx shows in the sum
            MaxPooling pool(2, 2, 2);
            const Tensor4 y = pool.forward(x);
            Tensor4 g(y.dimensions());
            rng.fill_uniform(g);
            CAPTURE(shape_of(x));
            CHECK(dot(y, g) == doctest::Approx(dot(x, pool.backward(g))).epsilon(1e-5));
        }
    }
    SUBCASE("dout must have the shape forward returned") {
        MaxPooling pool(2, 2, 2);
        pool.forward(zeros(1, 1, 4, 4));
        CHECK_THROWS_WITH_AS(pool.backward(zeros(1, 1, 3, 3)),
                             "MaxPooling::backward: dout has shape (1,1,3,3) but forward returned (1,1,2,2)",
                             ShapeError);
    }
}

TEST_CASE("06.4 AvgPooling forward and backward") {
    SUBCASE("forward: random shapes agree with a loop over windows") {
        cnn::Random rng(606);
        for (int trial = 0; trial < 60; ++trial) {
            const PoolCase k = random_case(rng);
            Tensor4 x(k.N, k.C, k.H, k.W);
            rng.fill_uniform(x);
            CAPTURE(shape_of(x)); CAPTURE(k.FH); CAPTURE(k.FW); CAPTURE(k.S); CAPTURE(k.P);
            AvgPooling pool(k.FH, k.FW, k.S, k.P);
            CHECK(close(pool.forward(x), naive_pool(x, k.FH, k.FW, k.S, k.P, Mode::Avg), cnn::test::kFloatSums));
        }
    }
    SUBCASE("padding cells count in the divisor: a 2x2 map of ones, 2x2 windows, P=1, S=2 -> all 1/4") {
        AvgPooling pool(2, 2, 2, 1);
        CHECK(close(pool.forward(as_batch(Matrix::Ones(2, 2))), as_batch(Matrix::Constant(2, 2, 0.25f))));
        // Each input cell sits in exactly one window, with weight 1/4.
        CHECK(close(pool.backward(as_batch(Matrix::Ones(2, 2))), as_batch(Matrix::Constant(2, 2, 0.25f))));
    }
    SUBCASE("backward: overlapping 3x3 windows, stride 2, dout of ones on a 5x5 map") {
        // A cell gets 1/9 from every window it lies in: the centre row and column are shared.
        Matrix dx(5, 5);
        dx << 1, 1, 2, 1, 1,
              1, 1, 2, 1, 1,
              2, 2, 4, 2, 2,
              1, 1, 2, 1, 1,
              1, 1, 2, 1, 1;
        AvgPooling pool(3, 3, 2);
        pool.forward(as_batch(Matrix::Zero(5, 5)));
        CHECK(close(pool.backward(as_batch(Matrix::Ones(2, 2))), as_batch(Matrix(dx / 9))));
    }
    SUBCASE("backward: random shapes, adjoint identity and central differences") {
        cnn::Random rng(607);
        for (int trial = 0; trial < 30; ++trial) {
            const PoolCase k = random_case(rng);
            Tensor4 x(k.N, k.C, k.H, k.W);
            rng.fill_uniform(x);
            AvgPooling pool(k.FH, k.FW, k.S, k.P);
            const Tensor4 y = pool.forward(x);
            Tensor4 g(y.dimensions());
            rng.fill_uniform(g);
            CAPTURE(shape_of(x)); CAPTURE(k.FH); CAPTURE(k.FW); CAPTURE(k.S); CAPTURE(k.P);
            const Tensor4 dx = pool.backward(g);
            CHECK(dot(y, g) == doctest::Approx(dot(x, dx)).epsilon(1e-5));
            AvgPooling probe(k.FH, k.FW, k.S, k.P);
            const Tensor4 numeric = cnn::test::numerical_gradient<Tensor4>([&] { return dot(probe.forward(x), g); }, x);
            CHECK(close(dx, numeric, kGradient));
        }
    }
    SUBCASE("errors") {
        AvgPooling pool(2, 2, 2);
        CHECK_THROWS_WITH_AS(pool.forward(zeros(1, 1, 4, 5)),
                             doctest::Contains("(5 + 2*0 - 2)/2 + 1 = 2.50 is not an integer"), ShapeError);
        pool.forward(zeros(2, 3, 4, 4));
        CHECK_THROWS_WITH_AS(pool.backward(zeros(2, 3, 2, 1)),
                             "AvgPooling::backward: dout has shape (2,3,2,1) but forward returned (2,3,2,2)",
                             ShapeError);
    }
}
