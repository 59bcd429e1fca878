// Chapter 08 tests, exercise 08.5: LeNet-5 from the workbook's layers. predict is checked against
// the layers applied one by one here, in the order of LeCun et al. (1998) and of the courses'
// LeNet-5; gradient against central differences of the loss, entry by entry on a sample of every
// parameter, in both forms.
#include "08_lenet_alexnet/layer_table.hpp"
#include "08_lenet_alexnet/lenet5.hpp"
#include "08_lenet_alexnet/networks.hpp"

#include "common/random.hpp"
#include "support/compare.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using cnn::Index;
using cnn::LeNet5;
using cnn::Matrix;
using cnn::Tensor4;
using cnn::test::close;

namespace {

Tensor4 random_images(cnn::Random& rng, Index N) {
    Tensor4 x(N, 1, 28, 28);
    rng.fill_uniform(x, 0, 1);
    return x;
}

std::vector<int> random_labels(cnn::Random& rng, Index N) {
    std::vector<int> t(static_cast<std::size_t>(N));
    for (int& v : t) v = rng.integer(0, 9);
    return t;
}

// The same parameters pushed through the provided layers one by one, in the order of the
// diagram in lenet5.hpp (LeCun et al. 1998, fig. 2): the scores predict must give and, backwards
// through the same layers, the gradients gradient must give.
struct OneByOne {
    cnn::Convolution C1, C3;
    cnn::Affine C5, F6, out;
    cnn::Relu r[4];
    cnn::Sigmoid s[4];
    cnn::MaxPooling m[2] = {cnn::MaxPooling(2, 2, 2), cnn::MaxPooling(2, 2, 2)};
    cnn::AvgPooling a[2] = {cnn::AvgPooling(2, 2, 2), cnn::AvgPooling(2, 2, 2)};
    cnn::SoftmaxWithLoss last;
    bool classic;

    OneByOne(const cnn::LeNet5Params& p, bool classic_)
        : C1(p.W1, p.b1, 1, 2), C3(p.W2, p.b2, 1, 0), C5(p.W3, p.b3), F6(p.W4, p.b4), out(p.W5, p.b5),
          classic(classic_) {}

    Matrix scores(const Tensor4& x) {
        Tensor4 h = C1.forward(x);
        h = classic ? s[0].forward(h) : r[0].forward(h);
        h = classic ? a[0].forward(h) : m[0].forward(h);
        h = C3.forward(h);
        h = classic ? s[1].forward(h) : r[1].forward(h);
        h = classic ? a[1].forward(h) : m[1].forward(h);
        CHECK(cnn::shape_of(h) == cnn::shape_of(Tensor4(x.dimension(0), 16, 5, 5)));
        Matrix v = C5.forward(cnn::flatten(h));
        v = classic ? s[2].forward(v) : r[2].forward(v);
        v = F6.forward(v);
        v = classic ? s[3].forward(v) : r[3].forward(v);
        return out.forward(v);
    }

    cnn::LeNet5Params gradients(const Tensor4& x, const std::vector<int>& t) {
        last.forward(scores(x), t);
        Matrix d = out.backward(last.backward(1.0));
        d = classic ? s[3].backward(d) : r[3].backward(d);
        d = F6.backward(d);
        d = classic ? s[2].backward(d) : r[2].backward(d);
        d = C5.backward(d);
        Tensor4 d4 = cnn::unflatten(d, {x.dimension(0), 16, 5, 5});
        d4 = classic ? a[1].backward(d4) : m[1].backward(d4);
        d4 = classic ? s[1].backward(d4) : r[1].backward(d4);
        d4 = C3.backward(d4);
        d4 = classic ? a[0].backward(d4) : m[0].backward(d4);
        d4 = classic ? s[0].backward(d4) : r[0].backward(d4);
        C1.backward(d4);
        return {C1.dW, C1.db, C3.dW, C3.db, C5.dW, C5.db, F6.dW, F6.db, out.dW, out.db};
    }
};

}  // namespace

TEST_CASE("08.5 LeNet-5 has the 61,706 parameters of its layer table") {
    const LeNet5 net(false, 1);
    CHECK(net.params().count() == 61'706);
    CHECK(net.params().count() == cnn::layer_table(cnn::lenet5(false)).parameters);
}

TEST_CASE("08.5 predict applies the layers in LeNet-5's order, in the 1998 form and today's") {
    cnn::Random rng(85);
    const Tensor4 x = random_images(rng, 3);
    for (const bool classic : {true, false}) {
        CAPTURE(classic);
        LeNet5 net(classic, 7);
        const Matrix y = net.predict(x);
        CHECK(y.rows() == 3);
        CHECK(y.cols() == 10);
        CHECK(close(y, OneByOne(net.params(), classic).scores(x), cnn::test::kFloatSums));
    }
    SUBCASE("the two forms give different scores on the same parameters") {
        LeNet5 classic(true, 7), modern(false, 7);
        CHECK_FALSE(close(classic.predict(x), modern.predict(x), cnn::test::kFloatSums));
    }
}

TEST_CASE("08.5 gradient against central differences of the loss, in the 1998 form") {
    // Every parameter tensor, 12 entries each, spread over the tensor. The loss is computed in
    // float and returned in double; with h = 1e-2 its rounding moves a difference quotient by
    // about 1e-4, below the bound. Sigmoid and average pooling are smooth; today's ReLU and max
    // pooling have kinks that a step of 1e-2 crosses, so they are checked by the next test.
    cnn::Random rng(851);
    const Tensor4 x = random_images(rng, 4);
    const std::vector<int> t = random_labels(rng, 4);
    {
        LeNet5 net(true, 11);
        const cnn::LeNet5Params g = net.gradient(x, t);
        for (const cnn::Parameter& p : net.parameters(g)) {
            CAPTURE(p.name);
            for (int k = 0; k < 12; ++k) {
                const Index i = (p.size - 1) * k / 11;
                CAPTURE(i);
                const cnn::Scalar saved = p.value[i];
                const double h = 1e-2;
                p.value[i] = static_cast<cnn::Scalar>(saved + h);
                const double plus = net.loss(x, t);
                p.value[i] = static_cast<cnn::Scalar>(saved - h);
                const double minus = net.loss(x, t);
                p.value[i] = saved;
                const double numerical = (plus - minus) / (2 * h);
                CHECK(std::abs(p.grad[i] - numerical) <= 1e-3 + 2e-2 * std::abs(numerical));
            }
        }
    }
}

TEST_CASE("08.5 gradient equals the layers' backward taken one by one, in both forms") {
    cnn::Random rng(852);
    const Tensor4 x = random_images(rng, 5);
    const std::vector<int> t = random_labels(rng, 5);
    for (const bool classic : {true, false}) {
        CAPTURE(classic);
        LeNet5 net(classic, 13);
        const cnn::LeNet5Params g = net.gradient(x, t);
        const cnn::LeNet5Params e = OneByOne(net.params(), classic).gradients(x, t);
        CHECK(close(g.W1, e.W1, cnn::test::kFloatSums));
        CHECK(close(g.b1, e.b1, cnn::test::kFloatSums));
        CHECK(close(g.W2, e.W2, cnn::test::kFloatSums));
        CHECK(close(g.b2, e.b2, cnn::test::kFloatSums));
        CHECK(close(g.W3, e.W3, cnn::test::kFloatSums));
        CHECK(close(g.b3, e.b3, cnn::test::kFloatSums));
        CHECK(close(g.W4, e.W4, cnn::test::kFloatSums));
        CHECK(close(g.b4, e.b4, cnn::test::kFloatSums));
        CHECK(close(g.W5, e.W5, cnn::test::kFloatSums));
        CHECK(close(g.b5, e.b5, cnn::test::kFloatSums));
    }
}
