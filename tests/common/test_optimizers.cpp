// The book's optimizers (6.1), two steps each, worked by hand from the update rules on
// w = (1, -2) with the gradients g1 = (0.5, 0.25) and g2 = (-0.5, 0.25).
#include "common/optimizers.hpp"

#include <doctest/doctest.h>

#include <vector>

using cnn::Parameter;
using cnn::Scalar;

namespace {

struct Toy {
    std::vector<Scalar> w{1, -2};
    std::vector<Scalar> g{0.5f, 0.25f};
    std::vector<Parameter> list() { return {{"w", w.data(), g.data(), 2}}; }
};

}  // namespace

TEST_CASE("SGD: w - lr*g") {
    Toy toy;
    cnn::SGD sgd(0.1);
    sgd.update(toy.list());
    CHECK(toy.w[0] == doctest::Approx(0.95));
    CHECK(toy.w[1] == doctest::Approx(-2.025));
}

TEST_CASE("Momentum: v = 0.9 v - lr g, w + v") {
    Toy toy;
    cnn::Momentum momentum(0.1, 0.9);
    momentum.update(toy.list());  // v = (-0.05, -0.025)
    CHECK(toy.w[0] == doctest::Approx(0.95));
    CHECK(toy.w[1] == doctest::Approx(-2.025));
    momentum.update(toy.list());  // v = 0.9 * (-0.05, -0.025) - (0.05, 0.025) = (-0.095, -0.0475)
    CHECK(toy.w[0] == doctest::Approx(0.855));
    CHECK(toy.w[1] == doctest::Approx(-2.0725));
}

TEST_CASE("AdaGrad: h + g*g, w - lr g / sqrt(h)") {
    Toy toy;
    cnn::AdaGrad adagrad(0.1);
    adagrad.update(toy.list());  // h = (0.25, 0.0625): both weights move by lr = 0.1
    CHECK(toy.w[0] == doctest::Approx(0.9));
    CHECK(toy.w[1] == doctest::Approx(-2.1));
    adagrad.update(toy.list());  // h = (0.5, 0.125): 0.1 * 0.5/sqrt(0.5) = 0.1 * 0.25/sqrt(0.125) = 0.0707107
    CHECK(toy.w[0] == doctest::Approx(0.8292893));
    CHECK(toy.w[1] == doctest::Approx(-2.1707107));
}

TEST_CASE("Adam: the bias correction makes the first step lr * sign(g)") {
    // t = 1: lr_t = 0.001 * sqrt(1 - 0.999) / (1 - 0.9) = 3.1623e-4; m = 0.1 g = (0.05, 0.025);
    //        v = 0.001 g^2 = (2.5e-4, 6.25e-5); m / sqrt(v) = (3.1623, 3.1623): each weight moves 0.001.
    //        (Without the correction the step would be 0.001 * 3.1623.)
    Toy toy;
    cnn::Adam adam;
    adam.update(toy.list());
    CHECK(toy.w[0] == doctest::Approx(0.999).epsilon(1e-6));
    CHECK(toy.w[1] == doctest::Approx(-2.001).epsilon(1e-6));
    // t = 2 with g2 = (-0.5, 0.25): lr_t = 0.001 * sqrt(1 - 0.999^2) / (1 - 0.9^2) = 2.35317e-4;
    //        m = (0.05 + 0.1(-0.5 - 0.05), 0.025 + 0.1(0.25 - 0.025)) = (-0.005, 0.0475);
    //        v = (2.5e-4 + 0.001(0.25 - 2.5e-4), 6.25e-5 + 0.001(0.0625 - 6.25e-5)) = (4.9975e-4, 1.249375e-4);
    //        w -= lr_t m / sqrt(v): (0.999 + 5.2638e-5, -2.001 - 1.0e-3).
    toy.g = {-0.5f, 0.25f};
    adam.update(toy.list());
    CHECK(adam.steps() == 2);
    CHECK(toy.w[0] == doctest::Approx(0.9990526377).epsilon(1e-6));
    CHECK(toy.w[1] == doctest::Approx(-2.0019999784).epsilon(1e-6));
}

TEST_CASE("an optimizer's state belongs to the parameters of its first update") {
    Toy toy;
    std::vector<Scalar> other(3, 0.f), other_grad(3, 0.f);
    cnn::Adam adam;
    adam.update(toy.list());
    CHECK_THROWS_WITH_AS(adam.update({{"w", other.data(), other_grad.data(), 3}}),
                         "Adam::update: parameter 0 \"w\" has 3 values, but 2 in the first update", cnn::ShapeError);
    CHECK_THROWS_WITH_AS(adam.update({}), "Adam::update: 0 parameters, but the first update had 1", cnn::ShapeError);
}
