// Chapter 08 tests, exercise 08.3: local response normalisation (Krizhevsky et al. 2012, §3.3).
// Forward against hand-worked windows and against a plain loop in double written here; backward
// against central differences of that double loop (float is too coarse for the small
// cross-channel term at the paper's alpha = 1e-4) and of the layer's own forward.
#include "08_lenet_alexnet/lrn.hpp"

#include "common/random.hpp"
#include "common/shape.hpp"
#include "support/compare.hpp"
#include "support/gradient.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

using cnn::Index;
using cnn::LocalResponseNorm;
using cnn::ShapeError;
using cnn::Tensor4;
using cnn::test::close;
using cnn::test::Tolerance;

namespace {

// Float arithmetic against double arithmetic on values up to 30: a few float roundings.
constexpr Tolerance kFloatVsDouble{1e-5, 1e-5};
// Backward in float against the exact (double) derivative.
constexpr Tolerance kBackward{1e-5, 1e-4};
// Backward against central differences of the float forward with h = 1e-2 on values up to 30.
constexpr Tolerance kFloatDifferences{3e-3, 3e-3};

struct Settings {
    int n;
    double k, alpha, beta;
};
constexpr Settings kPaper{5, 2, 1e-4, 0.75};
// Larger alpha and a narrower window: the cross-channel term is as large as the direct one.
constexpr Settings kStrong{3, 1, 1e-2, 0.75};

LocalResponseNorm layer_with(const Settings& s) {
    return LocalResponseNorm(s.n, static_cast<float>(s.k), static_cast<float>(s.alpha), static_cast<float>(s.beta));
}

// The paper's formula as a plain loop in double, the window cut at the first and last channel.
std::vector<double> naive_lrn(const std::vector<double>& x, Index N, Index C, Index H, Index W, const Settings& s) {
    std::vector<double> y(x.size());
    auto at = [&](Index n, Index c, Index h, Index w) { return ((n * C + c) * H + h) * W + w; };
    for (Index n = 0; n < N; ++n)
        for (Index c = 0; c < C; ++c)
            for (Index h = 0; h < H; ++h)
                for (Index w = 0; w < W; ++w) {
                    double squares = 0;
                    for (Index j = c - s.n / 2; j <= c + s.n / 2; ++j)
                        if (j >= 0 && j < C) squares += x[at(n, j, h, w)] * x[at(n, j, h, w)];
                    y[at(n, c, h, w)] = x[at(n, c, h, w)] / std::pow(s.k + s.alpha * squares, s.beta);
                }
    return y;
}

std::vector<double> as_doubles(const Tensor4& t) { return {t.data(), t.data() + t.size()}; }

Tensor4 as_tensor(const std::vector<double>& v, const Tensor4& shape_like) {
    Tensor4 t(shape_like.dimensions());
    for (Index i = 0; i < t.size(); ++i) t.data()[i] = static_cast<float>(v[i]);
    return t;
}

Tensor4 random_tensor(cnn::Random& rng, Index N, Index C, Index H, Index W, float scale) {
    Tensor4 t(N, C, H, W);
    rng.fill_uniform(t, -scale, scale);
    return t;
}

}  // namespace

TEST_CASE("08.3 forward, the paper's settings by hand: values 10, 20, ..., 70 across 7 channels of one pixel") {
    // n = 5: channel c sees channels c-2..c+2, cut at 0 and 6. s = 2 + 1e-4 * (sum of squares):
    //   c=0: 100+400+900 = 1,400 -> 2.14        c=4: 900+...+4900 (5 channels) = 13,500 -> 3.35
    //   c=1: 100+...+1600 = 3,000 -> 2.30       c=5: 1600+2500+3600+4900 = 12,600 -> 3.26
    //   c=2: 100+...+2500 = 5,500 -> 2.55       c=6: 2500+3600+4900 = 11,000 -> 3.10
    //   c=3: 400+...+3600 = 9,000 -> 2.90
    // y = x / s^0.75.
    Tensor4 x(1, 7, 1, 1);
    for (int c = 0; c < 7; ++c) x(0, c, 0, 0) = 10.0f * static_cast<float>(c + 1);
    const double s[7] = {2.14, 2.30, 2.55, 2.90, 3.35, 3.26, 3.10};
    Tensor4 expected(1, 7, 1, 1);
    for (int c = 0; c < 7; ++c) expected(0, c, 0, 0) = static_cast<float>(10.0 * (c + 1) / std::pow(s[c], 0.75));
    LocalResponseNorm lrn;  // n = 5, k = 2, alpha = 1e-4, beta = 0.75
    CHECK(lrn.size() == 5);
    CHECK(close(lrn.forward(x), expected, kFloatVsDouble));
}

TEST_CASE("08.3 forward with k = 1, alpha = 1, beta = 1, n = 3 on (1, 2, 3): fractions by hand") {
    // s0 = 1 + 1 + 4 = 6, s1 = 1 + 1 + 4 + 9 = 15, s2 = 1 + 4 + 9 = 14: y = (1/6, 2/15, 3/14).
    Tensor4 x(1, 3, 1, 1);
    x.setValues({{{{1.0f}}, {{2.0f}}, {{3.0f}}}});
    Tensor4 expected(1, 3, 1, 1);
    expected.setValues({{{{1.0f / 6}}, {{2.0f / 15}}, {{3.0f / 14}}}});
    LocalResponseNorm lrn(3, 1, 1, 1);
    CHECK(close(lrn.forward(x), expected));
    SUBCASE("a window of one channel divides each value by k + alpha*x^2 alone") {
        LocalResponseNorm own(1, 1, 1, 1);
        Tensor4 alone(1, 3, 1, 1);
        alone.setValues({{{{1.0f / 2}}, {{2.0f / 5}}, {{3.0f / 10}}}});
        CHECK(close(own.forward(x), alone));
    }
}

TEST_CASE("08.3 forward against a plain loop in double on random shapes") {
    cnn::Random rng(83);
    for (const Settings& s : {kPaper, kStrong}) {
        for (int trial = 0; trial < 6; ++trial) {
            const Index N = rng.integer(1, 2), C = rng.integer(1, 9), H = rng.integer(1, 4), W = rng.integer(1, 4);
            CAPTURE(s.n);
            CAPTURE(C);
            const Tensor4 x = random_tensor(rng, N, C, H, W, s.alpha < 1e-3 ? 30.0f : 3.0f);
            LocalResponseNorm lrn = layer_with(s);
            const Tensor4 expected = as_tensor(naive_lrn(as_doubles(x), N, C, H, W, s), x);
            CHECK(close(lrn.forward(x), expected, kFloatVsDouble));
        }
    }
}

TEST_CASE("08.3 backward against central differences of the plain loop, in double") {
    // L = sum(g * y): dL/dx(i) by (L(x + h e_i) - L(x - h e_i)) / 2h, all in double.
    cnn::Random rng(831);
    for (const Settings& s : {kPaper, kStrong}) {
        const Index N = 2, C = 7, H = 2, W = 3;
        CAPTURE(s.n);
        const Tensor4 x = random_tensor(rng, N, C, H, W, s.alpha < 1e-3 ? 30.0f : 3.0f);
        const Tensor4 g = random_tensor(rng, N, C, H, W, 1.0f);
        std::vector<double> xd = as_doubles(x);
        const std::vector<double> gd = as_doubles(g);
        auto loss = [&] {
            const std::vector<double> y = naive_lrn(xd, N, C, H, W, s);
            double sum = 0;
            for (std::size_t i = 0; i < y.size(); ++i) sum += gd[i] * y[i];
            return sum;
        };
        std::vector<double> numerical(xd.size());
        const double h = 1e-5;
        for (std::size_t i = 0; i < xd.size(); ++i) {
            const double saved = xd[i];
            xd[i] = saved + h;
            const double plus = loss();
            xd[i] = saved - h;
            const double minus = loss();
            xd[i] = saved;
            numerical[i] = (plus - minus) / (2 * h);
        }
        LocalResponseNorm lrn = layer_with(s);
        lrn.forward(x);
        CHECK(close(lrn.backward(g), as_tensor(numerical, x), kBackward));
    }
}

TEST_CASE("08.3 backward against central differences of its own forward") {
    cnn::Random rng(832);
    for (const Settings& s : {kPaper, kStrong}) {
        CAPTURE(s.n);
        Tensor4 x = random_tensor(rng, 1, 6, 2, 2, s.alpha < 1e-3 ? 30.0f : 3.0f);
        const Tensor4 g = random_tensor(rng, 1, 6, 2, 2, 1.0f);
        LocalResponseNorm probe = layer_with(s);
        auto loss = [&] {
            const Tensor4 y = probe.forward(x);
            double sum = 0;
            for (Index i = 0; i < y.size(); ++i) sum += static_cast<double>(g.data()[i]) * y.data()[i];
            return sum;
        };
        const Tensor4 numerical = cnn::test::numerical_gradient<Tensor4>(loss, x);
        LocalResponseNorm lrn = layer_with(s);
        lrn.forward(x);
        CHECK(close(lrn.backward(g), numerical, kFloatDifferences));
    }
}

TEST_CASE("08.3 backward refuses a dout of another shape") {
    LocalResponseNorm lrn;
    Tensor4 x(1, 4, 2, 2);
    x.setConstant(1);
    lrn.forward(x);
    Tensor4 wrong(1, 3, 2, 2);
    wrong.setConstant(1);
    CHECK_THROWS_WITH_AS(lrn.backward(wrong),
                         "LocalResponseNorm::backward: dout has shape (1,3,2,2) but forward returned (1,4,2,2)",
                         ShapeError);
    CHECK_THROWS_WITH_AS(LocalResponseNorm(4), doctest::Contains("must be odd"), ShapeError);
}
