// Chapter 05 tests, part 2: the Convolution layer (book 7.4.3). Forward against the hand-worked
// numbers of the book's 7.2.2 and against the Eigen Tensor oracle (tests/support/oracle_conv.hpp) on
// random shapes; backward against centered differences and against the oracle's gradients.
#include "05_im2col/convolution.hpp"

#include "common/random.hpp"
#include "support/book_figures.hpp"
#include "support/compare.hpp"
#include "support/conv_cases.hpp"
#include "support/gradient.hpp"
#include "support/oracle_conv.hpp"

#include <doctest/doctest.h>
#include <functional>

using cnn::Convolution;
using cnn::Index;
using cnn::Matrix;
using cnn::ShapeError;
using cnn::Tensor4;
using cnn::Vector;
using cnn::test::close;
using cnn::test::fig73_batch;
using cnn::test::fig77_batch;

namespace {

// Float sums in another order than the oracle's: up to C*FH*FW = 600 terms per output and
// N*OH*OW = 16,384 per entry of dW in the largest case below.
constexpr cnn::test::Tolerance kSums{1e-4, 1e-4};
// Centered differences of a float forward pass: the loss is linear in every parameter, so the
// only error is float rounding of the loss (about 1e-6 relative), divided by 2h = 0.02.
constexpr cnn::test::Tolerance kNumeric{1e-2, 1e-2};

// Runs conv.backward(dout) after conv.forward(x) and compares dx, dW and db with the gradients the
// Eigen Tensor oracle computes for the same x, filters and dout.
void check_backward_against_oracle(Convolution& conv, const Tensor4& x, const Tensor4& dout) {
    const Tensor4 dx = conv.backward(dout);
    const cnn::test::ConvGradients expected =
        cnn::test::oracle_conv_backward(x, conv.W, dout, conv.stride, conv.pad);
    CHECK(close(dx, expected.dx, kSums));
    CHECK(close(conv.dW, expected.dW, kSums));
    CHECK(close(conv.db, expected.db, kSums));
}

// A random layer of case k: its forward against the oracle's, then backward for a random dout.
void check_layer_against_oracle(cnn::Random& rng, const cnn::test::ConvCase& k) {
    const cnn::test::ConvLayer layer = cnn::test::random_layer(rng, k);
    Convolution conv(layer.W, layer.b, k.S, k.P);
    Tensor4 dout = conv.forward(layer.x);
    CHECK(close(dout, cnn::test::oracle_conv_forward(layer.x, layer.W, layer.b, k.S, k.P), kSums));
    rng.fill_uniform(dout);
    check_backward_against_oracle(conv, layer.x, dout);
}

Tensor4 fig73_filter() {
    Tensor4 w(1, 1, 3, 3);
    w.setValues({{{{2, 0, 1},
                   {0, 1, 2},
                   {1, 0, 2}}}});
    return w;
}

Vector values(std::initializer_list<float> v) {
    Vector b(static_cast<Index>(v.size()));
    Index i = 0;
    for (float x : v) b(i++) = x;
    return b;
}

double weighted_sum(const Tensor4& out, const Tensor4& g) {
    double sum = 0;
    for (Index i = 0; i < out.size(); ++i) sum += double(out.data()[i]) * double(g.data()[i]);
    return sum;
}

}  // namespace

TEST_CASE("WE-25 forward = im2col(x) * col_W + b, reshaped and transposed to (N,FN,OH,OW)") {
    // Filter 0 is WE-01's, bias 3 (WE-02): [[18,19],[9,18]]. Filter 1 is its negative with bias 1:
    // [[-14,-15],[-5,-14]]. Image 1 is image 0 times 2, so its outputs are 2*(WE-01) + bias.
    Tensor4 W(2, 1, 3, 3);
    Tensor4 x(2, 1, 4, 4);
    for (Index i = 0; i < 9; ++i) {
        W.data()[i] = fig73_filter().data()[i];
        W.data()[9 + i] = -fig73_filter().data()[i];
    }
    for (Index i = 0; i < 16; ++i) {
        x.data()[i] = fig73_batch().data()[i];
        x.data()[16 + i] = 2 * fig73_batch().data()[i];
    }
    Convolution conv(W, values({3, 1}));
    Tensor4 expected(2, 2, 2, 2);
    expected.setValues({{{{18, 19}, {9, 18}}, {{-14, -15}, {-5, -14}}},
                        {{{33, 35}, {15, 33}}, {{-29, -31}, {-11, -29}}}});
    const Tensor4 out = conv.forward(x);
    CHECK(close(out, expected));
    SUBCASE("the oracle agrees on the same numbers") {
        CHECK(close(cnn::test::oracle_conv_forward(x, W, values({3, 1}), 1, 0), expected));
    }
}

TEST_CASE("05.3 forward with padding 1 is WE-03's output (4,4)") {
    Convolution conv(fig73_filter(), values({0}), 1, 1);
    Tensor4 expected(1, 1, 4, 4);
    expected.setValues({{{{7, 12, 10, 2},
                          {4, 15, 16, 10},
                          {10, 6, 15, 6},
                          {8, 10, 4, 3}}}});
    CHECK(close(conv.forward(fig73_batch()), expected));
}

TEST_CASE("05.3 forward with stride 2 is WE-08's output (3,3)") {
    Convolution conv(fig73_filter(), values({0}), 2, 0);
    Tensor4 expected(1, 1, 3, 3);
    expected.setValues({{{{15, 17, 15}, {17, 15, 17}, {15, 17, 15}}}});
    CHECK(close(conv.forward(fig77_batch()), expected));
}

TEST_CASE("05.3 forward equals the Eigen Tensor oracle on random shapes") {
    cnn::Random rng(503);
    for (int trial = 0; trial < 60; ++trial) {
        const cnn::test::ConvCase k = cnn::test::random_conv_case(rng, 5);
        CAPTURE(trial);
        CAPTURE(k);
        cnn::test::ConvLayer layer = cnn::test::random_layer(rng, k);
        Tensor4 &x = layer.x, &W = layer.W;
        Vector& b = layer.b;
        Convolution conv(W, b, k.S, k.P);
        CHECK(close(conv.forward(x), cnn::test::oracle_conv_forward(x, W, b, k.S, k.P), kSums));
    }
}

TEST_CASE("05.3 forward refuses a channel mismatch and a stride that does not fit") {
    Tensor4 W(2, 4, 3, 3);
    W.setZero();
    Convolution conv(W, Vector::Zero(2));
    Tensor4 x(2, 3, 7, 7);
    x.setZero();
    CHECK_THROWS_WITH_AS(conv.forward(x),
                         "Convolution::forward: input has 3 channels but the filters have 4 "
                         "(x (2,3,7,7), w (2,4,3,3))",
                         ShapeError);
    Tensor4 x4(1, 4, 7, 7);
    x4.setZero();
    Convolution strided(W, Vector::Zero(2), 3, 0);
    CHECK_THROWS_WITH_AS(strided.forward(x4),
                         "conv_output_shape: height: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: "
                         "stride 3 does not fit a 7-wide input with a 3-wide filter",
                         ShapeError);
    CHECK_THROWS_WITH_AS(Convolution(W, Vector::Zero(3)),
                         "Convolution: bias has 3 values but there are 2 filters (w (2,4,3,3))", ShapeError);
}

TEST_CASE("05.4 backward of the WE-01 example with dout = 1, worked by hand") {
    // L = sum of the four outputs. db = 4 (four output positions). dW = the four windows added:
    //   1 2 3   2 3 0   0 1 2   1 2 3      4 8 8
    //   0 1 2 + 1 2 3 + 3 0 1 + 0 1 2  =   4 4 8
    //   3 0 1   0 1 2   2 3 0   3 0 1      8 4 4
    // dx(h,w) = sum of filter(h-oh, w-ow) over the windows (oh,ow) that cover (h,w); the filter
    // [[2,0,1],[0,1,2],[1,0,2]] laid at the four corners and added gives the 4x4 below
    // (its total is 4 * 9 = 36, the filter's sum once per window).
    Convolution conv(fig73_filter(), values({3}));
    conv.forward(fig73_batch());
    Tensor4 dout(1, 1, 2, 2);
    dout.setConstant(1);
    const Tensor4 dx = conv.backward(dout);
    Tensor4 dW(1, 1, 3, 3);
    dW.setValues({{{{4, 8, 8}, {4, 4, 8}, {8, 4, 4}}}});
    Tensor4 expected_dx(1, 1, 4, 4);
    expected_dx.setValues({{{{2, 2, 1, 1},
                             {2, 3, 4, 3},
                             {1, 2, 5, 4},
                             {1, 1, 2, 2}}}});
    CHECK(close(conv.db, values({4})));
    CHECK(close(conv.dW, dW));
    CHECK(close(dx, expected_dx));
}

TEST_CASE("05.4 db sums dout over images and positions, one value per filter") {
    // dout(n,fn,oh,ow) = fn + 1 on 2 images of 3x3 positions: db(fn) = 2 * 9 * (fn + 1).
    Tensor4 W(3, 2, 3, 3);
    W.setConstant(0.5f);
    Convolution conv(W, Vector::Zero(3));
    Tensor4 x(2, 2, 5, 5);
    x.setConstant(1);
    conv.forward(x);
    Tensor4 dout(2, 3, 3, 3);
    for (Index fn = 0; fn < 3; ++fn)
        for (Index n = 0; n < 2; ++n)
            for (Index oh = 0; oh < 3; ++oh)
                for (Index ow = 0; ow < 3; ++ow) dout(n, fn, oh, ow) = static_cast<float>(fn + 1);
    conv.backward(dout);
    CHECK(close(conv.db, values({18, 36, 54})));
    // x is all ones, so dW(fn,...) = db(fn) everywhere, and dW has W's shape (FN,C,FH,FW).
    REQUIRE(conv.dW.dimensions() == W.dimensions());
    for (Index fn = 0; fn < 3; ++fn) CHECK(conv.dW(fn, 1, 2, 2) == doctest::Approx(18 * (fn + 1)));
}

TEST_CASE("05.4 backward matches centered differences for dx, dW and db") {
    cnn::Random rng(504);
    for (int trial = 0; trial < 12; ++trial) {
        const cnn::test::ConvCase k = cnn::test::random_conv_case(rng, 3);
        CAPTURE(trial);
        CAPTURE(k);
        cnn::test::ConvLayer layer = cnn::test::random_layer(rng, k);
        Tensor4 &x = layer.x, &W = layer.W;
        Vector& b = layer.b;
        Convolution conv(W, b, k.S, k.P);
        Tensor4 g = conv.forward(x);  // a fixed random dout: L = sum(out * g)
        rng.fill_uniform(g);
        const auto loss = [&] { return weighted_sum(conv.forward(x), g); };

        conv.forward(x);
        const Tensor4 dx = conv.backward(g);
        const Tensor4 dW = conv.dW;
        const Vector db = conv.db;
        CHECK(close(dx, cnn::test::numerical_gradient(loss, x), kNumeric));
        CHECK(close(dW, cnn::test::numerical_gradient(loss, conv.W), kNumeric));
        CHECK(close(db, cnn::test::numerical_gradient(loss, conv.b), kNumeric));
    }
}

TEST_CASE("05.4 backward equals the oracle's gradients on random shapes") {
    cnn::Random rng(505);
    for (int trial = 0; trial < 40; ++trial) {
        const cnn::test::ConvCase k = cnn::test::random_conv_case(rng, 5);
        CAPTURE(trial);
        CAPTURE(k);
        cnn::test::ConvLayer layer = cnn::test::random_layer(rng, k);
        Tensor4 &x = layer.x, &W = layer.W;
        Vector& b = layer.b;
        Convolution conv(W, b, k.S, k.P);
        Tensor4 dout = conv.forward(x);
        rng.fill_uniform(dout);
        check_backward_against_oracle(conv, x, dout);
    }
}

TEST_CASE("05.4 deep inputs (C*FH*FW up to 162 per window) give the oracle's output and gradients") {
    // The other random cases have at most 3 channels; layers deeper in a network have many, and
    // long window rows are where a product-based layer does most of its work.
    cnn::Random rng(508);
    for (int trial = 0; trial < 12; ++trial) {
        cnn::test::ConvCase k = cnn::test::random_conv_case(rng, 6);
        k.C = rng.integer(6, 18);
        k.FN = rng.integer(1, 9);
        CAPTURE(k);
        check_layer_against_oracle(rng, k);
    }
}

TEST_CASE("05.4 layers with few filters, like LeNet-5's two, give the oracle's numbers") {
    // LeNet-5's first layer has 6 filters 5x5 with padding 2 on 28x28 images, its second 16 filters
    // 5x5 on 6 channels of 14x14. Random layers of both kinds, stride 1, with and without dx; their
    // output maps run wider than one vector (16 numbers) and than the row of outputs a tuned layer
    // keeps in registers.
    std::function<cnn::test::ConvCase(cnn::Random&, int)> draw;
    SUBCASE("up to 8 filters 3x3 or 5x5, maps 1 to 32 wide") {
        draw = [](cnn::Random& rng, int trial) {
            cnn::test::ConvCase k{};
            k.N = rng.integer(1, 3);
            k.C = rng.integer(1, 3);
            k.FN = rng.integer(1, 8);
            k.FH = k.FW = trial % 3 == 0 ? 3 : 5;
            k.S = 1;
            k.P = rng.integer(0, 2);
            const Index OH = rng.integer(1, 12), OW = rng.integer(1, 32);
            k.H = OH - 1 + k.FH - 2 * k.P;
            k.W = OW - 1 + k.FW - 2 * k.P;
            if (k.H < 1 || k.W < 1) k.P = 0, k.H = OH - 1 + k.FH, k.W = OW - 1 + k.FW;
            return k;
        };
    }
    SUBCASE("9 to 16 filters, windows up to 5x5 (mostly square), maps up to 40 wide") {
        draw = [](cnn::Random& rng, int trial) {
            cnn::test::ConvCase k{};
            k.N = rng.integer(1, 3);
            k.C = rng.integer(1, 6);
            k.FN = rng.integer(9, 16);
            k.FH = rng.integer(1, 5);
            k.FW = trial % 3 == 1 ? rng.integer(1, 5) : k.FH;
            k.S = 1;
            k.P = rng.integer(0, 2);
            k.H = rng.integer(k.FH, 20);
            k.W = rng.integer(std::max<Index>(k.FW, 2 * k.P + 1), 40);
            return k;
        };
    }
    cnn::Random rng(511);
    for (int trial = 0; trial < 16; ++trial) {
        const cnn::test::ConvCase k = draw(rng, trial);
        CAPTURE(k);
        const cnn::test::ConvLayer layer = cnn::test::random_layer(rng, k);
        Convolution conv(layer.W, layer.b, k.S, k.P);
        conv.need_dx = trial % 2 == 0;
        Tensor4 dout = conv.forward(layer.x);
        CHECK(close(dout, cnn::test::oracle_conv_forward(layer.x, layer.W, layer.b, k.S, k.P), kSums));
        rng.fill_uniform(dout);
        const Tensor4 dx = conv.backward(dout);
        const cnn::test::ConvGradients expected = cnn::test::oracle_conv_backward(layer.x, layer.W, dout, k.S, k.P);
        CHECK(close(conv.dW, expected.dW, kSums));
        CHECK(close(conv.db, expected.db, kSums));
        if (conv.need_dx || dx.size() != 0) CHECK(close(dx, expected.dx, kSums));
    }
}

TEST_CASE("05.4 layers of AlexNet's kind (hundreds of numbers per window, dozens of filters)") {
    // AlexNet's middle layers have C*FH*FW in the thousands and hundreds of filters. These smaller
    // cousins keep the oracle quick but still have windows of more than 512 numbers and more than
    // 32 filters, with counts that do not divide evenly into the blocks a tuned product works in.
    cnn::Random rng(510);
    cnn::test::ConvCase k{};
    SUBCASE("64 channels, 40 filters 3x3, pad 1: C*FH*FW = 576") { k = {2, 64, 9, 9, 40, 3, 3, 1, 1}; }
    SUBCASE("24 channels, 70 filters 5x5, stride 2: C*FH*FW = 600") { k = {3, 24, 11, 11, 70, 5, 5, 2, 2}; }
    CAPTURE(k);
    check_layer_against_oracle(rng, k);
}

TEST_CASE("05.4 batches whose dcol runs to megabytes give the oracle's gradients") {
    // 64x64 images with 5x5 windows and P=2: 4,096 windows per image, so one image's dcol holds
    // 4096*C*25 floats (6.6 MB at C=16). A layer that works through a batch in pieces must still
    // add every image's share of dW and put every image's dx in its place.
    cnn::Random rng(507);
    Index N = 0, C = 0;
    SUBCASE("three images of 16 channels") { N = 3, C = 16; }
    SUBCASE("four images of 8 channels") { N = 4, C = 8; }
    CAPTURE(N);
    CAPTURE(C);
    Tensor4 x(N, C, 64, 64), W(4, C, 5, 5), dout(N, 4, 64, 64);
    Vector b(4);
    rng.fill_uniform(x);
    rng.fill_uniform(W);
    rng.fill_uniform(dout);
    b.setRandom();
    Convolution conv(W, b, 1, 2);
    CHECK(close(conv.forward(x), cnn::test::oracle_conv_forward(x, W, b, 1, 2), kSums));
    check_backward_against_oracle(conv, x, dout);
}

TEST_CASE("05.4 a second forward and backward with another batch size gives fresh gradients") {
    // The layer keeps buffers between calls; they must not leak one batch into the next.
    cnn::Random rng(506);
    Tensor4 W(3, 2, 3, 3);
    rng.fill_uniform(W);
    Convolution conv(W, Vector::Zero(3), 1, 1);
    for (Index N : {3, 1, 2}) {
        CAPTURE(N);
        Tensor4 x(N, 2, 5, 4);
        rng.fill_uniform(x);
        Tensor4 dout = conv.forward(x);
        rng.fill_uniform(dout);
        check_backward_against_oracle(conv, x, dout);
    }
}

TEST_CASE("05.4 backward uses what its own forward stored") {
    // Two layers with the same filters: a runs forward on x, then x is overwritten and freed and
    // b runs forward on another batch before a's backward. a's gradients must be those of the
    // original x, as the oracle computes them from a copy kept here.
    cnn::Random rng(507);
    const cnn::test::ConvCase k{2, 3, 6, 5, 4, 3, 3, 1, 1};
    const cnn::test::ConvLayer layer = cnn::test::random_layer(rng, k);
    Convolution a(layer.W, layer.b, k.S, k.P), b(layer.W, layer.b, k.S, k.P);
    const Tensor4 x_kept = layer.x;
    Tensor4 dout;
    {
        Tensor4 x = layer.x;
        dout = a.forward(x);
        x.setConstant(1e6f);
    }
    Tensor4 other(3, 3, 6, 5);
    rng.fill_uniform(other);
    b.forward(other);
    rng.fill_uniform(dout);
    check_backward_against_oracle(a, x_kept, dout);
}

TEST_CASE("05.4 a first layer (need_dx = false) gets the same dW and db; its dx is empty or exact") {
    // A network's first layer never needs dx (its input is the data), so an implementation may
    // skip it there. dW and db must not change, and a dx that is returned must still be right.
    cnn::Random rng(509);
    cnn::test::ConvCase k{};
    SUBCASE("SimpleConvNet's layer: 1 channel, 5x5 filters") { k = {3, 1, 12, 12, 6, 5, 5, 1, 0}; }
    SUBCASE("LeNet-5's first layer: padding 2") { k = {2, 1, 10, 10, 6, 5, 5, 1, 2}; }
    SUBCASE("a deep window: C*FH*FW = 200") { k = {2, 8, 9, 9, 4, 5, 5, 2, 1}; }
    CAPTURE(k);
    const cnn::test::ConvLayer layer = cnn::test::random_layer(rng, k);
    Convolution first(layer.W, layer.b, k.S, k.P);
    first.need_dx = false;
    Tensor4 dout = first.forward(layer.x);
    rng.fill_uniform(dout);
    const Tensor4 dx = first.backward(dout);
    const cnn::test::ConvGradients expected = cnn::test::oracle_conv_backward(layer.x, layer.W, dout, k.S, k.P);
    CHECK(close(first.dW, expected.dW, kSums));
    CHECK(close(first.db, expected.db, kSums));
    if (dx.size() != 0) CHECK(close(dx, expected.dx, kSums));
}

TEST_CASE("05.4 backward refuses a dout that is not forward's output shape") {
    Convolution conv(fig73_filter(), values({0}));
    CHECK_THROWS_WITH_AS(conv.backward(Tensor4(1, 1, 2, 2)), "Convolution::backward: called before forward",
                         ShapeError);
    conv.forward(fig73_batch());
    CHECK_THROWS_WITH_AS(conv.backward(Tensor4(1, 1, 3, 3)),
                         "Convolution::backward: dout has shape (1,1,3,3) but forward returned (1,1,2,2)", ShapeError);
}
