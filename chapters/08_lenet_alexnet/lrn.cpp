// Chapter 08 exercise 08.3. Replace each `throw` with your code; run `./workbook check 08`.
#include "08_lenet_alexnet/lrn.hpp"

#include "common/shape.hpp"

#include <algorithm>
#include <cmath>

namespace cnn {

Tensor4 LocalResponseNorm::forward(const Tensor4& x) {
    // TODO: for every (n, c, h, w) add up the squares over the channels of c's window (cut where
    // the channels end), then divide. Keep x and s in x_ and scale_: backward needs both.
    throw NotImplemented("08.3 LocalResponseNorm::forward");
}

Tensor4 LocalResponseNorm::backward(const Tensor4& dout) {
    // TODO: check dout's shape first. Each x(i) reaches the loss through its own y(i) and through
    // the s(c) of every channel c whose window holds i. Compute dout(c)*y(c)/s(c) once per element,
    // then sum it over i's window.
    throw NotImplemented("08.3 LocalResponseNorm::backward");
}

}  // namespace cnn
