// The provided layers of the book's chapter 5 (Relu, Affine, SoftmaxWithLoss): small examples
// worked by hand, every backward against centered differences of L = sum(forward(x) * g), and
// scores large enough to overflow exp() where softmax is not shifted by its maximum.
#include "common/layers.hpp"

#include "common/random.hpp"
#include "support/compare.hpp"
#include "support/gradient.hpp"

#include <doctest/doctest.h>

#include <cmath>

using cnn::Affine;
using cnn::Index;
using cnn::Matrix;
using cnn::Random;
using cnn::Relu;
using cnn::Shape4;
using cnn::ShapeError;
using cnn::SoftmaxWithLoss;
using cnn::Tensor4;
using cnn::Vector;

namespace {

/// Centered differences of float layers, accumulated in double, against backprop.
constexpr cnn::test::Tolerance kGradient{2e-3, 2e-3};

double dot(const Matrix& a, const Matrix& b) { return (a.cast<double>().array() * b.cast<double>().array()).sum(); }

}  // namespace

TEST_CASE("Relu forward and backward: the mask of x <= 0") {
    Relu relu;
    Matrix x(2, 3);
    x << 1, -0.5f, 0,
         -2, 3, 0.25f;
    Matrix y(2, 3);
    y << 1, 0, 0,
         0, 3, 0.25f;
    CHECK(cnn::test::close(relu.forward(x), y));

    // A negative gradient still passes where x > 0: the mask is x's, not dout's.
    Matrix dout(2, 3);
    dout << -1, -2, -3,
            -4, -5, 6;
    Matrix dx(2, 3);
    dx << -1, 0, 0,
          0, -5, 6;
    CHECK(cnn::test::close(relu.backward(dout), dx));

    SUBCASE("the (N,C,H,W) form, against centered differences away from 0") {
        Random rng(1);
        Tensor4 t(2, 3, 4, 5), g(2, 3, 4, 5);
        rng.fill_uniform(t);
        rng.fill_uniform(g);
        for (Index i = 0; i < t.size(); ++i)
            if (std::abs(t.data()[i]) < 0.05f) t.data()[i] = 0.5f;  // no kink within h
        Relu r;
        r.forward(t);
        const Tensor4 analytic = r.backward(g);
        const Tensor4 numeric = cnn::test::numerical_gradient<Tensor4>(
            [&] {
                Relu fresh;
                const Tensor4 out = fresh.forward(t);
                double s = 0;
                for (Index i = 0; i < out.size(); ++i) s += double(out.data()[i]) * g.data()[i];
                return s;
            },
            t);
        CHECK(cnn::test::close(analytic, numeric, kGradient));
    }
    SUBCASE("dout of another size") {
        CHECK_THROWS_WITH_AS(relu.backward(Matrix::Zero(3, 3)),
                             "Relu::backward: dout has 9 values but the last forward had 6", ShapeError);
    }
}

TEST_CASE("Affine forward and backward by hand: y = xW + b, dx = dout W^T, dW = x^T dout, db = sum dout") {
    Matrix W(2, 3);
    W << 1, 2, 3,
         4, 5, 6;
    Vector b(3);
    b << 0.5f, 0, -1;
    Affine affine(W, b);
    Matrix x(1, 2);
    x << 1, 2;
    Matrix y(1, 3);
    y << 1 + 8 + 0.5f, 2 + 10, 3 + 12 - 1;
    CHECK(cnn::test::close(affine.forward(x), y));

    Matrix dout(1, 3);
    dout << 1, 0, 2;
    Matrix dx(1, 2);
    dx << 1 + 0 + 6, 4 + 0 + 12;
    Matrix dW(2, 3);
    dW << 1, 0, 2,
          2, 0, 4;
    Vector db(3);
    db << 1, 0, 2;
    CHECK(cnn::test::close(affine.backward(dout), dx));
    CHECK(cnn::test::close(affine.dW, dW));
    CHECK(cnn::test::close(affine.db, db));

    SUBCASE("a second backward replaces dW and db instead of adding to them") {
        affine.backward(dout);
        CHECK(cnn::test::close(affine.dW, dW));
        CHECK(cnn::test::close(affine.db, db));
    }
    SUBCASE("shapes are checked") {
        CHECK_THROWS_WITH_AS(Affine(W, Vector::Zero(2)), "Affine: b has 2 values but W (2,3) has 3 columns",
                             ShapeError);
        CHECK_THROWS_WITH_AS(affine.forward(Matrix::Zero(1, 3)),
                             "Affine::forward: x (1,3) has 3 columns but W (2,3) has 2 rows", ShapeError);
        CHECK_THROWS_WITH_AS(affine.backward(Matrix::Zero(2, 3)),
                             "Affine::backward: dout is (2,3) but forward returned (1,3)", ShapeError);
        Affine fresh(W, b);
        CHECK_THROWS_WITH_AS(fresh.backward(dout), "Affine::backward: called before forward", ShapeError);
    }
}

TEST_CASE("Affine backward against centered differences, batch of 4") {
    Random rng(2);
    Matrix x(4, 6), W(6, 5), g(4, 5);
    Vector b(5);
    rng.fill_uniform(x);
    rng.fill_uniform(W);
    rng.fill_uniform(b);
    rng.fill_uniform(g);
    Affine affine(W, b);
    affine.forward(x);
    const Matrix dx = affine.backward(g);
    const auto L = [&] {
        Affine fresh(W, b);
        return dot(fresh.forward(x), g);
    };
    CHECK(cnn::test::close(dx, cnn::test::numerical_gradient<Matrix>(L, x), kGradient));
    CHECK(cnn::test::close(affine.dW, cnn::test::numerical_gradient<Matrix>(L, W), kGradient));
    CHECK(cnn::test::close(affine.db, cnn::test::numerical_gradient<Vector>(L, b), kGradient));
}

TEST_CASE("Relu and Affine at SimpleConvNet's sizes (large enough to be split across threads) against plain loops") {
    // Affine1 of a smaller SimpleConvNet: 37 images, D = 2160, M = 53 (4.2M multiply-adds, odd
    // sizes so that shares of rows and columns differ); expected values by loops in double.
    Random rng(5);
    const Index N = 37, D = 2160, M = 53;
    Matrix x(N, D), W(D, M), dout(N, M);
    Vector b(M);
    rng.fill_uniform(x);
    rng.fill_uniform(W);
    rng.fill_uniform(b);
    rng.fill_uniform(dout);
    Matrix y(N, M), dx(N, D), dW(D, M);
    Vector db(M);
    for (Index n = 0; n < N; ++n)
        for (Index m = 0; m < M; ++m) {
            double sum = b(m);
            for (Index d = 0; d < D; ++d) sum += double(x(n, d)) * W(d, m);
            y(n, m) = static_cast<float>(sum);
        }
    for (Index n = 0; n < N; ++n)
        for (Index d = 0; d < D; ++d) {
            double sum = 0;
            for (Index m = 0; m < M; ++m) sum += double(dout(n, m)) * W(d, m);
            dx(n, d) = static_cast<float>(sum);
        }
    for (Index d = 0; d < D; ++d)
        for (Index m = 0; m < M; ++m) {
            double sum = 0;
            for (Index n = 0; n < N; ++n) sum += double(x(n, d)) * dout(n, m);
            dW(d, m) = static_cast<float>(sum);
        }
    for (Index m = 0; m < M; ++m) {
        double sum = 0;
        for (Index n = 0; n < N; ++n) sum += dout(n, m);
        db(m) = static_cast<float>(sum);
    }
    Affine affine(W, b);
    CHECK(cnn::test::close(affine.forward(x), y, {2e-4, 1e-4}));
    CHECK(cnn::test::close(affine.backward(dout), dx, {2e-4, 1e-4}));
    CHECK(cnn::test::close(affine.dW, dW, {2e-4, 1e-4}));
    CHECK(cnn::test::close(affine.db, db, {2e-4, 1e-4}));

    // Relu on (37,30,12,12) = 159,840 values and on (37,29,13,11) = 153,439 (not a multiple of 16:
    // an implementation working 16 values at a time has a partial last group), a third of them
    // exactly 0 or below.
    for (const Shape4 shape : {Shape4{37, 30, 12, 12}, Shape4{37, 29, 13, 11}}) {
        CAPTURE(shape[1]);
        Tensor4 t(shape), g(shape);
        rng.fill_uniform(t, -1, 2);
        rng.fill_uniform(g);
        for (Index i = 0; i < t.size(); i += 7) t.data()[i] = 0;
        Tensor4 relu_y(t.dimensions()), relu_dx(t.dimensions());
        for (Index i = 0; i < t.size(); ++i) {
            relu_y.data()[i] = t.data()[i] > 0 ? t.data()[i] : 0;
            relu_dx.data()[i] = t.data()[i] > 0 ? g.data()[i] : 0;
        }
        Relu relu;
        CHECK(cnn::test::close(relu.forward(t), relu_y, {0, 0}));
        CHECK(cnn::test::close(relu.backward(g), relu_dx, {0, 0}));
    }
}

TEST_CASE("SoftmaxWithLoss by hand: equal scores give ln 2, dx = (y - t)/N") {
    SoftmaxWithLoss layer;
    Matrix x(2, 2);
    x << 0, 0,
         3, 3;
    CHECK(layer.forward(x, {0, 1}) == doctest::Approx(std::log(2.0)));
    Matrix dx(2, 2);
    dx << -0.25f, 0.25f,
          0.25f, -0.25f;  // (0.5 - 1)/2, 0.5/2
    CHECK(cnn::test::close(layer.backward(), dx));
    CHECK(cnn::test::close(layer.backward(2.0), Matrix(2 * dx)));

    SUBCASE("labels are checked") {
        CHECK_THROWS_WITH_AS(layer.forward(x, {0}), "SoftmaxWithLoss::forward: 1 labels for 2 rows of scores (2,2)",
                             ShapeError);
        CHECK_THROWS_WITH_AS(layer.forward(x, {0, 2}),
                             "SoftmaxWithLoss::forward: label t[1] = 2 is not a class of 0..1", ShapeError);
        SoftmaxWithLoss fresh;
        CHECK_THROWS_WITH_AS(fresh.backward(), "SoftmaxWithLoss::backward: called before forward", ShapeError);
    }
}

TEST_CASE("SoftmaxWithLoss with scores of 1000: no overflow (the max shift of the book's 3.5.2)") {
    // exp(1000) is inf in float and double; shifted by the maximum the scores are 0, -1000, -2000.
    SoftmaxWithLoss layer;
    Matrix x(2, 3);
    x << 1000, 0, -1000,
         1000, 1000, 990;
    // Row 0, label 0: -log(1 / (1 + e^-1000 + e^-2000)) = 0.
    // Row 1, label 2: -log(e^-10 / (2 + e^-10)) = 10 + log(2 + e^-10).
    const double expected = (0.0 + 10 + std::log(2 + std::exp(-10.0))) / 2;
    const double loss = layer.forward(x, {0, 2});
    CHECK(std::isfinite(loss));
    CHECK(loss == doctest::Approx(expected).epsilon(1e-6));
    CHECK(layer.y()(0, 0) == doctest::Approx(1.0));
    CHECK(layer.y()(1, 0) == doctest::Approx(1.0 / (2 + std::exp(-10.0))));
    CHECK(layer.y().allFinite());
}

TEST_CASE("SoftmaxWithLoss backward against centered differences of the loss") {
    Random rng(3);
    Matrix x(5, 4);
    rng.fill_uniform(x, -3, 3);
    const std::vector<int> t{0, 3, 1, 1, 2};
    SoftmaxWithLoss layer;
    layer.forward(x, t);
    const Matrix dx = layer.backward();
    const Matrix numeric = cnn::test::numerical_gradient<Matrix>(
        [&] {
            SoftmaxWithLoss fresh;
            return fresh.forward(x, t);
        },
        x, 1e-3);
    CHECK(cnn::test::close(dx, numeric, {1e-4, 1e-3}));
}

TEST_CASE("flatten and unflatten: (N,C,H,W) <-> (N, C*H*W) in the same order") {
    Tensor4 x(2, 3, 2, 2);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<float>(i);
    const Matrix m = cnn::flatten(x);
    REQUIRE(m.rows() == 2);
    REQUIRE(m.cols() == 12);
    CHECK(m(1, 0) == 12);
    CHECK(m(0, 5) == x(0, 1, 0, 1));
    CHECK(cnn::test::close(cnn::unflatten(m, {2, 3, 2, 2}), x, {0, 0}));
    CHECK_THROWS_WITH_AS(cnn::unflatten(m, {2, 3, 2, 3}),
                         "unflatten: a (2,12) matrix does not hold a (2,3,2,3) tensor (24 values, not 36)", ShapeError);
}
