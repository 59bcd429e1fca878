// The book's optimizers (『밑바닥부터 시작하는 딥러닝』 6.1: SGD 6.1.2, Momentum 6.1.4, AdaGrad 6.1.5,
// Adam 6.1.6), provided for chapter 07's training. Like the book's update(params, grads), update()
// changes every parameter in place from its gradient; the optimizer keeps its own state (velocity,
// sums of squares, moments) per parameter, in the order the parameters are given.
#pragma once

#include "common/tensor.hpp"

#include <string>
#include <vector>

namespace cnn {

/// One parameter tensor and its gradient, both seen as `size` consecutive values.
struct Parameter {
    std::string name;     // as in a PyTorch state_dict: "conv1.weight"
    Scalar* value;        // updated in place
    const Scalar* grad;   // dL/dvalue from the last backward
    Index size;
};

class Optimizer {
public:
    virtual ~Optimizer() = default;
    /// One step for every parameter. The list must name the same parameters, with the same sizes,
    /// on every call (the state belongs to them); otherwise ShapeError.
    virtual void update(const std::vector<Parameter>& params) = 0;

protected:
    /// Makes `state` hold one zero-filled array per parameter on the first call, and checks the
    /// sizes on later ones.
    static void match_state(std::vector<Eigen::ArrayX<Scalar>>& state, const std::vector<Parameter>& params,
                            const char* who);
};

/// W <- W - lr * dW
class SGD : public Optimizer {
public:
    explicit SGD(double lr = 0.01) : lr_(lr) {}
    void update(const std::vector<Parameter>& params) override;

private:
    double lr_;
};

/// v <- momentum * v - lr * dW;  W <- W + v      (v starts at 0)
class Momentum : public Optimizer {
public:
    explicit Momentum(double lr = 0.01, double momentum = 0.9) : lr_(lr), momentum_(momentum) {}
    void update(const std::vector<Parameter>& params) override;

private:
    double lr_, momentum_;
    std::vector<Eigen::ArrayX<Scalar>> v_;
};

/// h <- h + dW*dW;  W <- W - lr * dW / (sqrt(h) + 1e-7)      (h starts at 0)
class AdaGrad : public Optimizer {
public:
    explicit AdaGrad(double lr = 0.01) : lr_(lr) {}
    void update(const std::vector<Parameter>& params) override;

private:
    double lr_;
    std::vector<Eigen::ArrayX<Scalar>> h_;
};

/// Adam (Kingma & Ba 2015), in the book's form. At step t = 1, 2, ...:
///   lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t)      (the bias correction)
///   m <- m + (1 - beta1)(dW - m);  v <- v + (1 - beta2)(dW*dW - v)
///   W <- W - lr_t * m / (sqrt(v) + 1e-7)
/// Without the correction the first steps would be about ten times too small (m starts at 0).
class Adam : public Optimizer {
public:
    explicit Adam(double lr = 0.001, double beta1 = 0.9, double beta2 = 0.999)
        : lr_(lr), beta1_(beta1), beta2_(beta2) {}
    void update(const std::vector<Parameter>& params) override;
    int steps() const { return iter_; }

private:
    double lr_, beta1_, beta2_;
    int iter_ = 0;
    std::vector<Eigen::ArrayX<Scalar>> m_, v_;
};

}  // namespace cnn
