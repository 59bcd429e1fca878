// Numerical gradients by centered differences, the independent method every backward pass is
// checked against: df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h (the book's chapter 4, used again in 7.5).
#pragma once

#include "common/tensor.hpp"

#include <functional>

namespace cnn::test {

/// Gradient of `loss` with respect to every element of `x`, which `loss` reads. `x` is restored.
/// Accumulate the loss in double: in float the difference of two nearby losses loses its digits.
template <typename T>
T numerical_gradient(const std::function<double()>& loss, T& x, double h = 1e-2) {
    T grad = x;
    for (Index i = 0; i < x.size(); ++i) {
        const Scalar saved = x.data()[i];
        x.data()[i] = static_cast<Scalar>(saved + h);
        const double plus = loss();
        x.data()[i] = static_cast<Scalar>(saved - h);
        const double minus = loss();
        x.data()[i] = saved;
        grad.data()[i] = static_cast<Scalar>((plus - minus) / (2 * h));
    }
    return grad;
}

}  // namespace cnn::test
