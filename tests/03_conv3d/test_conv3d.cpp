// Chapter 03 tests: the multi-channel convolution of the book's 7.2.5–7.2.6 on hand-derived examples and
// on random shapes against a plainly written loop, and the counts of the CS231n notes, the slides
// and the lecture 5 summary and review.
#include "03_conv3d/conv3d.hpp"

#include "common/random.hpp"
#include "support/compare.hpp"

#include <doctest/doctest.h>

using cnn::Index;
using cnn::Matrix;
using cnn::Shape2;
using cnn::Shape3;
using cnn::ShapeError;
using cnn::Tensor3;
using cnn::Tensor4;
using cnn::Vector;
using cnn::test::close;

namespace {

// Independent oracle: the formula of the header written as seven plain loops, reading outside
// the input as a zero of the padding.
Tensor3 naive_conv3d(const Tensor3& x, const Tensor4& w, const Vector& b, int S, int P) {
    const Index C = x.dimension(0), H = x.dimension(1), W = x.dimension(2);
    const Index FN = w.dimension(0), FH = w.dimension(2), FW = w.dimension(3);
    const Index OH = (H + 2 * P - FH) / S + 1, OW = (W + 2 * P - FW) / S + 1;
    Tensor3 y(FN, OH, OW);
    for (Index fn = 0; fn < FN; ++fn)
        for (Index oh = 0; oh < OH; ++oh)
            for (Index ow = 0; ow < OW; ++ow) {
                double sum = b(fn);
                for (Index c = 0; c < C; ++c)
                    for (Index kh = 0; kh < FH; ++kh)
                        for (Index kw = 0; kw < FW; ++kw) {
                            const Index h = oh * S + kh - P, col = ow * S + kw - P;
                            if (h >= 0 && h < H && col >= 0 && col < W) sum += x(c, h, col) * w(fn, c, kh, kw);
                        }
                y(fn, oh, ow) = static_cast<float>(sum);
            }
    return y;
}

Tensor3 random_volume(cnn::Random& rng, Index C, Index H, Index W) {
    Tensor3 t(C, H, W);
    rng.fill_uniform(t);
    return t;
}

Tensor4 random_filters(cnn::Random& rng, Index FN, Index C, Index FH, Index FW) {
    Tensor4 t(FN, C, FH, FW);
    rng.fill_uniform(t);
    return t;
}

Vector random_bias(cnn::Random& rng, Index FN) {
    Vector b(FN);
    rng.fill_uniform(b);
    return b;
}

}  // namespace

TEST_CASE("WE-19 input channels must equal filter channels; FN filters give (FN,OH,OW)") {
    cnn::Random rng(319);
    SUBCASE("20 filters of 3x5x5 are stored as (20,3,5,5) and give 20 output channels") {
        const Tensor3 x = random_volume(rng, 3, 7, 7);
        const Tensor4 w = random_filters(rng, 20, 3, 5, 5);
        const Tensor3 y = cnn::conv3d(x, w, random_bias(rng, 20), 1, 0);
        CHECK(y.dimension(0) == 20);
        CHECK(y.dimension(1) == 3);
        CHECK(y.dimension(2) == 3);
    }
    SUBCASE("a 3-channel input with 4-channel filters is refused, naming both counts") {
        CHECK_THROWS_WITH_AS(cnn::conv3d(Tensor3(3, 7, 7), Tensor4(2, 4, 3, 3), Vector::Zero(2), 1, 0),
                             "conv3d: input has 3 channels but the filters have 4 (x (3,7,7), w (2,4,3,3))",
                             ShapeError);
    }
    SUBCASE("bias (FN,1,1): b(fn) is added to every element of output channel fn") {
        // Zero filters leave only the bias: channel fn of the output is b(fn) everywhere.
        Tensor4 w(3, 2, 3, 3);
        w.setZero();
        Vector b(3);
        b << 1.5f, -2, 7;
        const Tensor3 y = cnn::conv3d(random_volume(rng, 2, 5, 6), w, b, 1, 1);
        REQUIRE(y.dimension(0) == 3);
        for (Index fn = 0; fn < 3; ++fn)
            for (Index oh = 0; oh < 5; ++oh)
                for (Index ow = 0; ow < 6; ++ow) CHECK(y(fn, oh, ow) == b(fn));
    }
}

TEST_CASE("03.1 conv3d") {
    SUBCASE("two channels are summed, then the bias is added once") {
        // Both channels hold the fig 7-3 input. Channel 0 of the filter is the WE-01 filter,
        // which gives [[15,16],[6,15]]; channel 1 has a single 1 in its centre, which picks the
        // centre of each window: x(1,1)=1, x(1,2)=2, x(2,1)=0, x(2,2)=1. With bias 3:
        //   [[15+1+3, 16+2+3], [6+0+3, 15+1+3]] = [[19,21],[9,19]].
        Tensor3 x(2, 4, 4);
        x.setValues({{{1, 2, 3, 0}, {0, 1, 2, 3}, {3, 0, 1, 2}, {2, 3, 0, 1}},
                     {{1, 2, 3, 0}, {0, 1, 2, 3}, {3, 0, 1, 2}, {2, 3, 0, 1}}});
        Tensor4 w(1, 2, 3, 3);
        w.setValues({{{{2, 0, 1}, {0, 1, 2}, {1, 0, 2}}, {{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}}});
        Tensor3 expected(1, 2, 2);
        expected.setValues({{{19, 21}, {9, 19}}});
        CHECK(close(cnn::conv3d(x, w, Vector::Constant(1, 3), 1, 0), expected));
    }
    SUBCASE("each filter reads its own (C,FH,FW) block of w") {
        // Filter 0 copies channel 1 of x, filter 1 copies channel 0 times two.
        Tensor3 x(2, 2, 3);
        x.setValues({{{1, 2, 3}, {4, 5, 6}}, {{-1, -2, -3}, {-4, -5, -6}}});
        Tensor4 w(2, 2, 1, 1);
        w.setValues({{{{0}}, {{1}}}, {{{2}}, {{0}}}});
        Tensor3 expected(2, 2, 3);
        expected.setValues({{{-1, -2, -3}, {-4, -5, -6}}, {{2, 4, 6}, {8, 10, 12}}});
        CHECK(close(cnn::conv3d(x, w, Vector::Zero(2), 1, 0), expected));
    }
    SUBCASE("a non-square input with stride 2 and padding 1") {
        // (5 + 2 - 3)/2 + 1 = 3 rows, (7 + 2 - 3)/2 + 1 = 4 columns.
        cnn::Random rng(31);
        const Tensor3 x = random_volume(rng, 2, 5, 7);
        const Tensor4 w = random_filters(rng, 3, 2, 3, 3);
        const Vector b = random_bias(rng, 3);
        const Tensor3 y = cnn::conv3d(x, w, b, 2, 1);
        REQUIRE(y.dimension(0) == 3);
        REQUIRE(y.dimension(1) == 3);
        REQUIRE(y.dimension(2) == 4);
        CHECK(close(y, naive_conv3d(x, w, b, 2, 1), cnn::test::kFloatSums));
    }
    SUBCASE("random shapes agree with a plainly written loop") {
        cnn::Random rng(303);
        for (int trial = 0; trial < 40; ++trial) {
            const int S = rng.integer(1, 3), P = rng.integer(0, 2);
            const int C = rng.integer(1, 4), FN = rng.integer(1, 4);
            const int FH = rng.integer(1, 4), FW = rng.integer(1, 4);
            const int H = FH - 2 * P + S * rng.integer(0, 4), W = FW - 2 * P + S * rng.integer(0, 4);
            if (H < 1 || W < 1) continue;
            const Tensor3 x = random_volume(rng, C, H, W);
            const Tensor4 w = random_filters(rng, FN, C, FH, FW);
            const Vector b = random_bias(rng, FN);
            CAPTURE(C); CAPTURE(H); CAPTURE(W); CAPTURE(FN); CAPTURE(FH); CAPTURE(FW); CAPTURE(S); CAPTURE(P);
            CHECK(close(cnn::conv3d(x, w, b, S, P), naive_conv3d(x, w, b, S, P), cnn::test::kFloatSums));
        }
    }
    SUBCASE("a 1x1 convolution is a matrix product over the depth (lecture 5 summary, WE-15 in small)") {
        // y(fn, h, w) = sum_c w(fn, c) x(c, h, w) + b(fn): the (FN,C) weights times x seen as (C, H*W).
        cnn::Random rng(315);
        const Index C = 6, H = 4, W = 5, FN = 3;
        const Tensor3 x = random_volume(rng, C, H, W);
        const Tensor4 w = random_filters(rng, FN, C, 1, 1);
        const Vector b = random_bias(rng, FN);
        const Matrix product = cnn::ConstMatrixView(w.data(), FN, C) * cnn::ConstMatrixView(x.data(), C, H * W);
        Tensor3 expected(FN, H, W);
        cnn::MatrixView(expected.data(), FN, H * W) = product.colwise() + b;
        CHECK(close(cnn::conv3d(x, w, b, 1, 0), expected, cnn::test::kFloatSums));
    }
    SUBCASE("a one-hot filter copies one input channel") {
        // A 3x3 filter that is 1 only at the centre of channel 2, with padding 1, moves nothing.
        cnn::Random rng(316);
        const Tensor3 x = random_volume(rng, 4, 5, 3);
        Tensor4 w(1, 4, 3, 3);
        w.setZero();
        w(0, 2, 1, 1) = 1;
        const Tensor3 y = cnn::conv3d(x, w, Vector::Zero(1), 1, 1);
        Tensor3 expected = x.chip(2, 0).reshape(Eigen::array<Index, 3>{1, 5, 3});
        CHECK(close(y, expected));
    }
    SUBCASE("errors") {
        CHECK_THROWS_WITH_AS(cnn::conv3d(Tensor3(1, 5, 5), Tensor4(2, 3, 3, 3), Vector::Zero(2), 1, 0),
                             "conv3d: input has 1 channels but the filters have 3 (x (1,5,5), w (2,3,3,3))",
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv3d(Tensor3(3, 5, 5), Tensor4(2, 3, 3, 3), Vector::Zero(3), 1, 0),
                             "conv3d: bias has 3 values but there are 2 filters (w (2,3,3,3))", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv3d(Tensor3(3, 5, 5), Tensor4(2, 3, 3, 3), Vector::Zero(1), 1, 0),
                             "conv3d: bias has 1 values but there are 2 filters (w (2,3,3,3))", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv3d(Tensor3(3, 7, 8), Tensor4(2, 3, 3, 3), Vector::Zero(2), 2, 0),
                             "conv_output_shape: width: (8 + 2*0 - 3)/2 + 1 = 3.50 is not an integer: "
                             "stride 2 does not fit a 8-wide input with a 3-wide filter",
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv3d(Tensor3(3, 5, 5), Tensor4(2, 3, 3, 3), Vector::Zero(2), 1, -1),
                             "conv_output_shape: height: padding must be >= 0, got P = -1", ShapeError);
    }
}

TEST_CASE("WE-11 32x32x3, ten 5x5 filters, S=1, P=2 -> 32x32x10 and 760 parameters") {
    // (32 + 2*2 - 5)/1 + 1 = 32; each filter has 5*5*3 + 1 = 76 parameters, the layer 76*10 = 760.
    CHECK(cnn::conv_output_volume({3, 32, 32}, 10, {5, 5}, 1, 2) == Shape3{10, 32, 32});
    CHECK(cnn::filter_parameter_count(3, 5, 5) == 76);
    CHECK(cnn::conv_parameter_count(10, 3, 5, 5) == 760);
    SUBCASE("the convolution itself produces that volume") {
        cnn::Random rng(311);
        const Tensor3 y = cnn::conv3d(random_volume(rng, 3, 32, 32), random_filters(rng, 10, 3, 5, 5),
                                      random_bias(rng, 10), 1, 2);
        CHECK(y.dimension(0) == 10);
        CHECK(y.dimension(1) == 32);
        CHECK(y.dimension(2) == 32);
    }
}

TEST_CASE("WE-12 a 5x5 receptive field on 32x32x3: 75 weights + 1 bias = 76 parameters") {
    CHECK(cnn::connections_per_neuron(3, 5, 5) == 75);
    CHECK(cnn::filter_parameter_count(3, 5, 5) == 76);
}

TEST_CASE("WE-14 32x32x3 with six 5x5x3 filters -> 28x28x6, then ten 5x5x6 -> 24x24x10") {
    // (32 - 5)/1 + 1 = 28 and (28 - 5)/1 + 1 = 24; the depth is the number of filters each time.
    const Shape3 first = cnn::conv_output_volume({3, 32, 32}, 6, {5, 5}, 1, 0);
    CHECK(first == Shape3{6, 28, 28});
    CHECK(cnn::conv_output_volume(first, 10, {5, 5}, 1, 0) == Shape3{10, 24, 24});
    CHECK(cnn::conv_parameter_count(6, 3, 5, 5) == 456);    // 6 * (75 + 1)
    CHECK(cnn::conv_parameter_count(10, 6, 5, 5) == 1510);  // 10 * (150 + 1)
}

TEST_CASE("WE-15 1x1 convolution: 56x56x64 with 32 filters of 1x1 -> 56x56x32") {
    // Each output element is a dot product of 64 weights with the 64 values under it.
    CHECK(cnn::conv_output_volume({64, 56, 56}, 32, {1, 1}, 1, 0) == Shape3{32, 56, 56});
    CHECK(cnn::connections_per_neuron(64, 1, 1) == 64);
    CHECK(cnn::conv_parameter_count(32, 64, 1, 1) == 2080);  // 32 * (64 + 1)
}

TEST_CASE("03.2 parameter counts and output volume") {
    SUBCASE("non-square filters and inputs: WE-05's numbers with 4 filters") {
        CHECK(cnn::conv_output_volume({3, 28, 31}, 4, {5, 5}, 3, 2) == Shape3{4, 10, 11});
        CHECK(cnn::conv_output_volume({2, 6, 9}, 5, {2, 3}, 1, 0) == Shape3{5, 5, 7});
        CHECK(cnn::filter_parameter_count(2, 3, 4) == 25);
        CHECK(cnn::conv_parameter_count(7, 2, 3, 4) == 175);
    }
    SUBCASE("the output depth does not depend on the input depth") {
        CHECK(cnn::conv_output_volume({1, 8, 8}, 12, {3, 3}, 1, 1) == Shape3{12, 8, 8});
        CHECK(cnn::conv_output_volume({40, 8, 8}, 12, {3, 3}, 1, 1) == Shape3{12, 8, 8});
    }
    SUBCASE("errors") {
        CHECK_THROWS_WITH_AS(cnn::filter_parameter_count(0, 5, 5),
                             "filter_parameter_count: every size must be >= 1, got 0", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv_parameter_count(-1, 3, 5, 5),
                             "conv_parameter_count: every size must be >= 1, got -1", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv_output_volume({3, 32, 32}, 0, {5, 5}, 1, 0),
                             "conv_output_volume: every size must be >= 1, got 0", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv_output_volume({3, 7, 7}, 2, {3, 3}, 3, 0),
                             "conv_output_shape: height: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: "
                             "stride 3 does not fit a 7-wide input with a 3-wide filter",
                             ShapeError);
    }
}

TEST_CASE("WE-13 16x16x20 input, 3x3 filter -> 3*3*20 = 180 connections per neuron") {
    CHECK(cnn::connections_per_neuron(20, 3, 3) == 180);
}

TEST_CASE("WE-20 fully connected 3,072 / 120,000 / 50,400 weights against 3,675 local ones") {
    CHECK(cnn::fully_connected_weights({3, 32, 32}) == 3072);
    CHECK(cnn::fully_connected_weights({3, 200, 200}) == 120000);
    // Lecture 5 review 「Convolutional Neural Networks」: on 112x150x3 a fully-connected neuron
    // sees 50,400 inputs, a 35x35 local one 3,675.
    CHECK(cnn::fully_connected_weights({3, 112, 150}) == 50400);
    CHECK(cnn::connections_per_neuron(3, 35, 35) == 3675);
}

TEST_CASE("03.3 connections: local against fully connected") {
    SUBCASE("a local neuron sees its window through the full depth") {
        CHECK(cnn::connections_per_neuron(1, 5, 5) == 25);
        CHECK(cnn::connections_per_neuron(7, 2, 3) == 42);
    }
    SUBCASE("a fully-connected neuron sees every element") {
        CHECK(cnn::fully_connected_weights({1, 28, 28}) == 784);
        CHECK(cnn::fully_connected_weights({2, 3, 5}) == 30);
    }
    SUBCASE("errors") {
        CHECK_THROWS_WITH_AS(cnn::connections_per_neuron(3, 0, 5),
                             "connections_per_neuron: every size must be >= 1, got 0", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::fully_connected_weights({3, 32, -1}),
                             "fully_connected_weights: every size must be >= 1, got -1", ShapeError);
    }
}
