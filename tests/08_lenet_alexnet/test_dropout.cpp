// Chapter 08 tests, exercise 08.4: the book's Dropout layer (『밑바닥부터 시작하는 딥러닝』 6.4.3).
// Which values a seed drops is drawn again here, independently, from the same portable generator;
// the scale at test time is checked against the average of many training passes.
#include "08_lenet_alexnet/dropout.hpp"

#include "common/random.hpp"
#include "support/compare.hpp"

#include <doctest/doctest.h>

#include <cmath>

using cnn::Dropout;
using cnn::Index;
using cnn::ShapeError;
using cnn::Tensor4;
using cnn::test::close;

namespace {

// Values without zeros, so that y(i) == 0 says the value was dropped.
Tensor4 nonzero_input(std::uint32_t seed, Index N, Index C, Index H, Index W) {
    cnn::Random rng(seed);
    Tensor4 x(N, C, H, W);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = rng.uniform(0.5f, 2.0f) * (i % 2 ? 1.0f : -1.0f);
    return x;
}

// The mask the book's rule gives: one uniform draw per element in memory order, kept if > ratio.
Tensor4 expected_mask(std::uint32_t seed, float ratio, const Tensor4& like) {
    cnn::Random rng(seed);
    Tensor4 mask(like.dimensions());
    for (Index i = 0; i < mask.size(); ++i) mask.data()[i] = rng.uniform() > ratio ? 1.0f : 0.0f;
    return mask;
}

Tensor4 times(const Tensor4& a, const Tensor4& b) { return a * b; }

}  // namespace

TEST_CASE("08.4 training forward keeps exactly the values whose draw is above the ratio") {
    const Tensor4 x = nonzero_input(1, 2, 3, 4, 5);
    for (const float ratio : {0.5f, 0.2f, 0.8f}) {
        CAPTURE(ratio);
        Dropout drop(ratio, 42);
        const Tensor4 y = drop.forward(x, true);
        CHECK(close(y, times(x, expected_mask(42, ratio, x)), {0, 0}));
    }
    SUBCASE("the next training pass draws new numbers, continuing the same sequence") {
        Dropout drop(0.5f, 7);
        drop.forward(x, true);
        const Tensor4 second = drop.forward(x, true);
        cnn::Random rng(7);
        Tensor4 mask(x.dimensions());
        for (Index i = 0; i < x.size(); ++i) rng.uniform();  // the first pass's draws
        for (Index i = 0; i < x.size(); ++i) mask.data()[i] = rng.uniform() > 0.5f ? 1.0f : 0.0f;
        CHECK(close(second, times(x, mask), {0, 0}));
    }
    SUBCASE("the same seed drops the same values, another seed others") {
        Dropout a(0.5f, 3), b(0.5f, 3), c(0.5f, 4);
        const Tensor4 ya = a.forward(x);  // train is the default, as in the book
        CHECK(close(b.forward(x), ya, {0, 0}));
        CHECK_FALSE(close(c.forward(x), ya, {0, 0}));
    }
}

TEST_CASE("08.4 test-time forward scales by 1 - ratio and draws nothing") {
    const Tensor4 x = nonzero_input(2, 1, 2, 3, 3);
    Dropout drop(0.3f, 9);
    const Tensor4 y = drop.forward(x, false);
    CHECK(close(y, Tensor4(x * 0.7f), {1e-7, 1e-6}));
    // No number was drawn: the next training pass drops what a fresh layer's first pass drops.
    CHECK(close(drop.forward(x, true), times(x, expected_mask(9, 0.3f, x)), {0, 0}));
    SUBCASE("ratio 0 keeps everything in both modes") {
        Dropout none(0.0f, 1);
        CHECK(close(none.forward(x, true), x, {0, 0}));
        CHECK(close(none.forward(x, false), x, {0, 0}));
    }
}

TEST_CASE("08.4 the test-time output is the average of the training outputs") {
    // Each value is kept with probability 1 - ratio, so E[y] = x * (1 - ratio): the test-time
    // scale. Over 40,000 draws the kept fraction is within 4 standard deviations
    // (sqrt(p(1-p)/40000) <= 0.0025) of 1 - ratio.
    Tensor4 x(1, 1, 200, 200);
    x.setConstant(1);
    for (const float ratio : {0.2f, 0.5f, 0.8f}) {
        CAPTURE(ratio);
        Dropout drop(ratio, 11);
        const Tensor4 y = drop.forward(x, true);
        double kept = 0;
        for (Index i = 0; i < y.size(); ++i) kept += y.data()[i];
        kept /= static_cast<double>(y.size());
        CHECK(std::abs(kept - (1.0 - ratio)) < 0.01);
        const Tensor4 at_test = drop.forward(x, false);
        CHECK(at_test(0, 0, 0, 0) == doctest::Approx(1.0 - ratio));
        CHECK(std::abs(kept - at_test(0, 0, 0, 0)) < 0.01);
    }
}

TEST_CASE("08.4 backward lets the gradient through where the value was kept, nowhere else") {
    const Tensor4 x = nonzero_input(3, 2, 4, 3, 3);
    const Tensor4 g = nonzero_input(4, 2, 4, 3, 3);
    Dropout drop(0.5f, 21);
    const Tensor4 y = drop.forward(x, true);
    const Tensor4 dx = drop.backward(g);
    Index kept = 0;
    for (Index i = 0; i < x.size(); ++i) {
        const bool was_kept = y.data()[i] != 0;
        kept += was_kept;
        CHECK(dx.data()[i] == (was_kept ? g.data()[i] : 0.0f));
    }
    CHECK(kept > 0);
    CHECK(kept < x.size());
    SUBCASE("the adjoint identity <forward(x), g> = <x, backward(g)> with the mask fixed") {
        double left = 0, right = 0;
        for (Index i = 0; i < x.size(); ++i) {
            left += static_cast<double>(y.data()[i]) * g.data()[i];
            right += static_cast<double>(x.data()[i]) * dx.data()[i];
        }
        CHECK(left == doctest::Approx(right).epsilon(1e-6));
    }
}

TEST_CASE("08.4 backward needs a training forward of the same shape") {
    Dropout drop(0.5f, 1);
    Tensor4 g(2, 3, 1, 1);
    g.setConstant(1);
    CHECK_THROWS_AS(drop.backward(g), ShapeError);
    Tensor4 x(2, 4, 1, 1);
    x.setConstant(1);
    drop.forward(x, true);
    CHECK_THROWS_WITH_AS(drop.backward(g),
                         "Dropout::backward: dout has shape (2,3,1,1) but the last training forward had (2,4,1,1)",
                         ShapeError);
    CHECK_THROWS_AS(Dropout(1.0f), std::invalid_argument);
    CHECK_THROWS_AS(Dropout(-0.1f), std::invalid_argument);
}
