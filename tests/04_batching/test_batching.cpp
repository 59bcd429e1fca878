// Chapter 04 tests: views into an (N,C,H,W) batch (book 7.4.1) and the batched convolution of
// book 7.2.7, checked against N separate chapter-03 calls on images cut out with Eigen's chip.
#include "04_batching/batching.hpp"

#include "common/random.hpp"
#include "support/compare.hpp"

#include <doctest/doctest.h>

using cnn::Index;
using cnn::Matrix;
using cnn::ShapeError;
using cnn::Tensor3;
using cnn::Tensor4;
using cnn::Vector;
using cnn::test::close;

namespace {

// x(n,c,h,w) = 1000n + 100c + 10h + w: every element says where it lives.
Tensor4 numbered(Index N, Index C, Index H, Index W) {
    Tensor4 x(N, C, H, W);
    for (Index n = 0; n < N; ++n)
        for (Index c = 0; c < C; ++c)
            for (Index h = 0; h < H; ++h)
                for (Index w = 0; w < W; ++w) x(n, c, h, w) = static_cast<float>(1000 * n + 100 * c + 10 * h + w);
    return x;
}

// Image n copied out with Eigen's own slicing, independent of the views under test.
Tensor3 copy_of_image(const Tensor4& x, Index n) { return x.chip(n, 0); }

}  // namespace

TEST_CASE("WE-21 (10,1,28,28): x[0] and x[1] are (1,28,28), x[0,0] is the 28x28 map") {
    cnn::Random rng(421);
    Tensor4 x(10, 1, 28, 28);
    rng.fill_uniform(x);
    const Tensor4& cx = x;
    for (Index n : {0, 1}) {
        CAPTURE(n);
        const cnn::ConstTensor3View xn = cnn::image(cx, n);
        CHECK(xn.dimension(0) == 1);
        CHECK(xn.dimension(1) == 28);
        CHECK(xn.dimension(2) == 28);
        CHECK(xn.data() == x.data() + n * 28 * 28);  // a view into x, not a copy
        CHECK(close(Tensor3(xn), copy_of_image(x, n)));
    }
    const cnn::ConstMatrixView x00 = cnn::channel(cx, 0, 0);
    CHECK(x00.rows() == 28);
    CHECK(x00.cols() == 28);
    CHECK(x00.data() == x.data());
    CHECK(x00(27, 3) == x(0, 0, 27, 3));
    CHECK(cnn::channel(cx, 9, 0).data() == x.data() + 9 * 28 * 28);
}

TEST_CASE("04.1 image and channel are views into x") {
    Tensor4 x = numbered(3, 4, 2, 5);
    const Tensor4& cx = x;
    SUBCASE("image n holds x(n, c, h, w) for every c, h, w") {
        for (Index n = 0; n < 3; ++n) {
            const cnn::ConstTensor3View xn = cnn::image(cx, n);
            REQUIRE(xn.dimension(0) == 4);
            REQUIRE(xn.dimension(1) == 2);
            REQUIRE(xn.dimension(2) == 5);
            CHECK(xn.data() == x.data() + n * 4 * 2 * 5);
            CHECK(close(Tensor3(xn), copy_of_image(x, n)));
        }
    }
    SUBCASE("channel c of image n is the (H,W) map x(n, c, :, :)") {
        const cnn::ConstMatrixView map = cnn::channel(cx, 2, 3);
        REQUIRE(map.rows() == 2);
        REQUIRE(map.cols() == 5);
        CHECK(map.data() == x.data() + (2 * 4 + 3) * 2 * 5);
        Matrix expected(2, 5);
        expected << 2300, 2301, 2302, 2303, 2304,
                    2310, 2311, 2312, 2313, 2314;
        CHECK(close(Matrix(map), expected));
        CHECK(cnn::channel(cx, 1, 0)(1, 4) == 1014);
        CHECK(cnn::channel(cx, 0, 2)(0, 0) == 200);
    }
    SUBCASE("writing through the mutable views changes x") {
        cnn::Tensor3View x1 = cnn::image(x, 1);
        x1(3, 1, 2) = -1;
        CHECK(x(1, 3, 1, 2) == -1);
        cnn::MatrixView map = cnn::channel(x, 2, 1);
        map.setConstant(7);
        CHECK(x(2, 1, 0, 0) == 7);
        CHECK(x(2, 1, 1, 4) == 7);
        CHECK(x(2, 0, 1, 4) == 2014);  // the neighbouring channels are untouched
        CHECK(x(2, 2, 0, 0) == 2200);
        CHECK(cnn::image(x, 2).data() == x.data() + 2 * 4 * 2 * 5);
        CHECK(cnn::channel(x, 1, 3).data() == x.data() + (1 * 4 + 3) * 2 * 5);
    }
    SUBCASE("indices outside the batch are refused") {
        CHECK_THROWS_WITH_AS(cnn::image(cx, 3), "image: image n = 3 is not in [0, 3) for x of shape (3,4,2,5)",
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::image(x, -1), "image: image n = -1 is not in [0, 3) for x of shape (3,4,2,5)",
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::channel(cx, 0, 4),
                             "channel: channel c = 4 is not in [0, 4) for x of shape (3,4,2,5)", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::channel(x, 1, -1),
                             "channel: channel c = -1 is not in [0, 4) for x of shape (3,4,2,5)", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::channel(x, 5, 0),
                             "channel: image n = 5 is not in [0, 3) for x of shape (3,4,2,5)", ShapeError);
    }
}

TEST_CASE("WE-22 one batched call equals N single-image calls") {
    SUBCASE("the fig 7-3 input and twice that input, WE-01 filter, bias 3") {
        // Image 0 gives WE-02: [[15,16],[6,15]] + 3. Image 1 is twice image 0, so its sums double:
        // [[30,32],[12,30]] + 3 = [[33,35],[15,33]].
        Tensor4 x(2, 1, 4, 4);
        x.setValues({{{{1, 2, 3, 0}, {0, 1, 2, 3}, {3, 0, 1, 2}, {2, 3, 0, 1}}},
                     {{{2, 4, 6, 0}, {0, 2, 4, 6}, {6, 0, 2, 4}, {4, 6, 0, 2}}}});
        Tensor4 w(1, 1, 3, 3);
        w.setValues({{{{2, 0, 1}, {0, 1, 2}, {1, 0, 2}}}});
        Tensor4 expected(2, 1, 2, 2);
        expected.setValues({{{{18, 19}, {9, 18}}}, {{{33, 35}, {15, 33}}}});
        CHECK(close(cnn::conv_batch(x, w, Vector::Constant(1, 3), 1, 0), expected));
    }
    SUBCASE("random shapes: y[n] equals conv3d(x[n])") {
        cnn::Random rng(422);
        for (int trial = 0; trial < 30; ++trial) {
            const int S = rng.integer(1, 3), P = rng.integer(0, 2);
            const int N = rng.integer(1, 4), C = rng.integer(1, 3), FN = rng.integer(1, 3);
            const int FH = rng.integer(1, 4), FW = rng.integer(1, 4);
            const int H = FH - 2 * P + S * rng.integer(0, 4), W = FW - 2 * P + S * rng.integer(0, 4);
            if (H < 1 || W < 1) continue;
            Tensor4 x(N, C, H, W), w(FN, C, FH, FW);
            Vector b(FN);
            rng.fill_uniform(x);
            rng.fill_uniform(w);
            rng.fill_uniform(b);
            CAPTURE(N); CAPTURE(C); CAPTURE(H); CAPTURE(W); CAPTURE(FN); CAPTURE(FH); CAPTURE(FW);
            CAPTURE(S); CAPTURE(P);
            const Tensor4 y = cnn::conv_batch(x, w, b, S, P);
            REQUIRE(y.dimension(0) == N);
            REQUIRE(y.dimension(1) == FN);
            for (Index n = 0; n < N; ++n) {
                CAPTURE(n);
                const Tensor3 yn = y.chip(n, 0);
                CHECK(close(yn, cnn::conv3d(copy_of_image(x, n), w, b, S, P), cnn::test::kFloatSums));
            }
        }
    }
}

TEST_CASE("04.2 conv_batch") {
    SUBCASE("a non-square batch with stride 2 and padding 1 has shape (N,FN,OH,OW)") {
        // (5 + 2 - 3)/2 + 1 = 3 rows, (9 + 2 - 3)/2 + 1 = 5 columns.
        cnn::Random rng(42);
        Tensor4 x(2, 3, 5, 9), w(4, 3, 3, 3);
        Vector b(4);
        rng.fill_uniform(x);
        rng.fill_uniform(w);
        rng.fill_uniform(b);
        const Tensor4 y = cnn::conv_batch(x, w, b, 2, 1);
        REQUIRE(y.dimension(0) == 2);
        REQUIRE(y.dimension(1) == 4);
        REQUIRE(y.dimension(2) == 3);
        REQUIRE(y.dimension(3) == 5);
        for (Index n = 0; n < 2; ++n) {
            const Tensor3 yn = y.chip(n, 0);
            CHECK(close(yn, cnn::conv3d(copy_of_image(x, n), w, b, 2, 1), cnn::test::kFloatSums));
        }
    }
    SUBCASE("the padding is on every side and the filter is not flipped") {
        // x is one 3x3 image numbered 1..9, the filter a one-hot at its top-left corner, P = 1:
        // y(oh,ow) = x(oh - 1, ow - 1), so the image moves one step down and right.
        Tensor4 x(1, 1, 3, 3);
        x.setValues({{{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}}});
        Tensor4 w(1, 1, 3, 3);
        w.setZero();
        w(0, 0, 0, 0) = 1;
        Tensor4 expected(1, 1, 3, 3);
        expected.setValues({{{{0, 0, 0}, {0, 1, 2}, {0, 4, 5}}}});
        CHECK(close(cnn::conv_batch(x, w, Vector::Zero(1), 1, 1), expected));
    }
    SUBCASE("images do not mix: changing image 1 leaves output 0 alone") {
        cnn::Random rng(43);
        Tensor4 x(2, 2, 4, 4), w(3, 2, 3, 3);
        Vector b(3);
        rng.fill_uniform(x);
        rng.fill_uniform(w);
        rng.fill_uniform(b);
        const Tensor4 before = cnn::conv_batch(x, w, b, 1, 0);
        for (Index c = 0; c < 2; ++c)
            for (Index h = 0; h < 4; ++h)
                for (Index col = 0; col < 4; ++col) x(1, c, h, col) += 5;
        const Tensor4 after = cnn::conv_batch(x, w, b, 1, 0);
        const Tensor3 before0 = before.chip(0, 0), after0 = after.chip(0, 0);
        CHECK(close(after0, before0));
    }
    SUBCASE("errors") {
        CHECK_THROWS_WITH_AS(cnn::conv_batch(Tensor4(2, 3, 5, 5), Tensor4(2, 4, 3, 3), Vector::Zero(2), 1, 0),
                             "conv_batch: input has 3 channels but the filters have 4 (x (2,3,5,5), w (2,4,3,3))",
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv_batch(Tensor4(2, 3, 5, 5), Tensor4(2, 3, 3, 3), Vector::Zero(5), 1, 0),
                             "conv_batch: bias has 5 values but there are 2 filters (w (2,3,3,3))", ShapeError);
        CHECK_THROWS_WITH_AS(cnn::conv_batch(Tensor4(1, 3, 7, 7), Tensor4(2, 3, 3, 3), Vector::Zero(2), 3, 0),
                             "conv_output_shape: height: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: "
                             "stride 3 does not fit a 7-wide input with a 3-wide filter",
                             ShapeError);
    }
}
