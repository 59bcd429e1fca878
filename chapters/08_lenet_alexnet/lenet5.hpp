// Chapter 08 — LeNet-5 put together from the workbook's layers (『밑바닥부터 시작하는 딥러닝』 7.7.1;
// LeCun et al. 1998), in the 1998 form (sigmoid, average-pooling subsampling) and today's (ReLU,
// max pooling), trained by chapter 07's trainer (`./workbook train --model lenet5 [--classic]`).
//
//   x        (N,1,28,28)
//   C1       (N,6,28,28)     6 filters 5x5, pad 2
//   act1     (N,6,28,28)     Sigmoid (1998) or Relu (today)
//   S2       (N,6,14,14)     2x2, stride 2: AvgPooling (1998) or MaxPooling (today)
//   C3       (N,16,10,10)    16 filters 5x5x6
//   act3, S4 (N,16,5,5)      400 values per image
//   C5       (N,120)         Affine 400 -> 120, then act5
//   F6       (N,84)          Affine 120 -> 84, then act6
//   output   (N,10)          Affine 84 -> 10; SoftmaxWithLoss for the loss
#pragma once

#include "05_im2col/convolution.hpp"
#include "06_pooling/pooling.hpp"
#include "common/layers.hpp"
#include "common/optimizers.hpp"
#include "common/random.hpp"
#include "common/shape.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace cnn {

/// Provided: the book's Sigmoid layer (5.5.2): y = 1 / (1 + exp(-x)), element by element, for a
/// batch of any shape; backward dx = dout * y * (1 - y) with the y of the last forward.
class Sigmoid {
public:
    Tensor4 forward(const Tensor4& x) {
        Tensor4 y(x.dimensions());
        forward_values(x.data(), y.data(), x.size());
        return y;
    }
    Matrix forward(const Matrix& x) {
        Matrix y(x.rows(), x.cols());
        forward_values(x.data(), y.data(), x.size());
        return y;
    }
    /// Throws ShapeError when dout does not have as many values as the last forward's x.
    Tensor4 backward(const Tensor4& dout) {
        Tensor4 dx(dout.dimensions());
        backward_values(dout.data(), dx.data(), dout.size());
        return dx;
    }
    Matrix backward(const Matrix& dout) {
        Matrix dx(dout.rows(), dout.cols());
        backward_values(dout.data(), dx.data(), dout.size());
        return dx;
    }

private:
    void forward_values(const Scalar* x, Scalar* y, Index count) {
        y_.resize(static_cast<std::size_t>(count));
        for (Index i = 0; i < count; ++i) y[i] = y_[i] = 1 / (1 + std::exp(-x[i]));
    }
    void backward_values(const Scalar* dout, Scalar* dx, Index count) const {
        if (count != static_cast<Index>(y_.size()))
            throw ShapeError(fmt::format("Sigmoid::backward: dout has {} values but the last forward had {}",
                                         count, y_.size()));
        for (Index i = 0; i < count; ++i) dx[i] = dout[i] * y_[i] * (1 - y_[i]);
    }
    std::vector<Scalar> y_;  // the last forward's output
};

/// The parameters of LeNet-5, named like the book's params: W1, b1 (C1), W2, b2 (C3), W3, b3 (C5),
/// W4, b4 (F6), W5, b5 (output). The same struct holds the gradients.
struct LeNet5Params {
    Tensor4 W1;  ///< (6,1,5,5)
    Vector b1;   ///< (6)
    Tensor4 W2;  ///< (16,6,5,5)
    Vector b2;   ///< (16)
    Matrix W3;   ///< (400,120)
    Vector b3;   ///< (120)
    Matrix W4;   ///< (120,84)
    Vector b4;   ///< (84)
    Matrix W5;   ///< (84,10)
    Vector b5;   ///< (10)

    /// 61,706 values in all (WE-36).
    Index count() const {
        return W1.size() + b1.size() + W2.size() + b2.size() + W3.size() + b3.size() + W4.size() + b4.size() +
               W5.size() + b5.size();
    }
};

class LeNet5 {
public:
    /// Provided. Weights and biases drawn as PyTorch's default does for Conv2d and Linear:
    /// uniform in [-1/sqrt(fan_in), 1/sqrt(fan_in)], fan_in = C*FH*FW or the inputs of one unit,
    /// in the order W1, b1, W2, b2, ..., W5, b5 from Random(seed).
    explicit LeNet5(bool classic = false, std::uint32_t seed = 0)
        : LeNet5(classic, [seed] {
              Random rng(seed);
              LeNet5Params p{Tensor4(6, 1, 5, 5), Vector(6),    Tensor4(16, 6, 5, 5), Vector(16), Matrix(400, 120),
                             Vector(120),         Matrix(120, 84), Vector(84),        Matrix(84, 10),      Vector(10)};
              const auto draw = [&rng](auto& w, auto& b, Index fan_in) {
                  const auto bound = static_cast<Scalar>(1 / std::sqrt(static_cast<double>(fan_in)));
                  rng.fill_uniform(w, -bound, bound);
                  rng.fill_uniform(b, -bound, bound);
              };
              draw(p.W1, p.b1, 1 * 5 * 5);
              draw(p.W2, p.b2, 6 * 5 * 5);
              draw(p.W3, p.b3, 400);
              draw(p.W4, p.b4, 120);
              draw(p.W5, p.b5, 84);
              return p;
          }()) {}

    /// Provided: the net on given parameters (shapes as in LeNet5Params).
    LeNet5(bool classic, LeNet5Params p)
        : C1(std::move(p.W1), std::move(p.b1), 1, 2), C3(std::move(p.W2), std::move(p.b2), 1, 0),
          C5(std::move(p.W3), std::move(p.b3)), F6(std::move(p.W4), std::move(p.b4)),
          output(std::move(p.W5), std::move(p.b5)), classic_(classic) {
        C1.need_dx = false;  // x is the data: its gradient is never used
    }

    /// 08.5 Scores x:(N,1,28,28) -> (N,10) through the layers in order (the diagram above):
    ///   C1 -> act(0) -> pool(0) -> C3 -> act(1) -> pool(1) -> (flatten) -> C5 -> act(2) -> F6 -> act(3) -> output
    /// act(i, .) and pool(i, .) pick the 1998 or today's layer. Keep S4's output shape in s4_out_
    /// for gradient. No softmax (the largest score is the prediction).
    Matrix predict(const Tensor4& x);

    /// Provided: SoftmaxWithLoss on predict(x) with labels t.
    double loss(const Tensor4& x, const std::vector<int>& t) { return last_layer.forward(predict(x), t); }

    /// 08.5 Gradients by backpropagation (book 7.5, as SimpleConvNet::gradient): loss(x, t), then
    /// from dout = 1 back through the layers in reverse order, act_backward and pool_backward for
    /// the chosen forms, unflatten to s4_out_ before S4; returns every layer's dW and db.
    LeNet5Params gradient(const Tensor4& x, const std::vector<int>& t);

    /// Provided: share of correct predictions, batch_size images at a time.
    double accuracy(const Tensor4& x, const std::vector<int>& t, Index batch_size = 100) {
        const Index N = x.dimension(0), image = x.size() / std::max<Index>(N, 1);
        if (static_cast<Index>(t.size()) != N)
            throw ShapeError(fmt::format("LeNet5::accuracy: {} labels for {} images", t.size(), N));
        Index correct = 0;
        for (Index n0 = 0; n0 < N; n0 += batch_size) {
            const Index B = std::min(batch_size, N - n0);
            Tensor4 batch(B, x.dimension(1), x.dimension(2), x.dimension(3));
            std::copy_n(x.data() + n0 * image, B * image, batch.data());
            const Matrix y = predict(batch);
            for (Index n = 0; n < B; ++n) {
                Index k = 0;
                y.row(n).maxCoeff(&k);
                correct += k == t[static_cast<std::size_t>(n0 + n)];
            }
        }
        return N == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(N);
    }

    /// Provided: parameters paired with gradients for an optimizer, named like a PyTorch state_dict.
    std::vector<Parameter> parameters(const LeNet5Params& g) {
        return {{"C1.weight", C1.W.data(), g.W1.data(), C1.W.size()}, {"C1.bias", C1.b.data(), g.b1.data(), C1.b.size()},
                {"C3.weight", C3.W.data(), g.W2.data(), C3.W.size()}, {"C3.bias", C3.b.data(), g.b2.data(), C3.b.size()},
                {"C5.weight", C5.W.data(), g.W3.data(), C5.W.size()}, {"C5.bias", C5.b.data(), g.b3.data(), C5.b.size()},
                {"F6.weight", F6.W.data(), g.W4.data(), F6.W.size()}, {"F6.bias", F6.b.data(), g.b4.data(), F6.b.size()},
                {"output.weight", output.W.data(), g.W5.data(), output.W.size()},
                {"output.bias", output.b.data(), g.b5.data(), output.b.size()}};
    }
    LeNet5Params params() const {
        return {C1.W, C1.b, C3.W, C3.b, C5.W, C5.b, F6.W, F6.b, output.W, output.b};
    }
    bool classic() const { return classic_; }

    // The layers. Each activation and pooling slot has both forms; act() and pool() pick one.
    Convolution C1, C3;
    Affine C5, F6, output;
    Relu relu[4];
    Sigmoid sigmoid[4];
    MaxPooling max_pool[2] = {MaxPooling(2, 2, 2), MaxPooling(2, 2, 2)};
    AvgPooling avg_pool[2] = {AvgPooling(2, 2, 2), AvgPooling(2, 2, 2)};
    SoftmaxWithLoss last_layer;

protected:
    // Provided: the i-th activation (0..3) and pooling (0..1) of the chosen form, and their backward.
    template <class T> T act(int i, const T& x) { return classic_ ? sigmoid[i].forward(x) : relu[i].forward(x); }
    template <class T> T act_backward(int i, const T& d) { return classic_ ? sigmoid[i].backward(d) : relu[i].backward(d); }
    Tensor4 pool(int i, const Tensor4& x) { return classic_ ? avg_pool[i].forward(x) : max_pool[i].forward(x); }
    Tensor4 pool_backward(int i, const Tensor4& d) {
        return classic_ ? avg_pool[i].backward(d) : max_pool[i].backward(d);
    }

    Shape4 s4_out_{};  // S4's output shape in the last predict: (N,16,5,5)

private:
    bool classic_;
};

}  // namespace cnn
