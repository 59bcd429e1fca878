// Chapter 08 exercise 08.4. Replace each `throw` with your code; run `./workbook check 08`.
#include "08_lenet_alexnet/dropout.hpp"

#include "common/shape.hpp"

namespace cnn {

Tensor4 Dropout::forward(const Tensor4& x, bool train) {
    // TODO: at test time draw nothing and scale. While training draw one rng_.uniform() per
    // element, in the order of x's memory, and keep the mask for backward.
    throw NotImplemented("08.4 Dropout::forward");
}

Tensor4 Dropout::backward(const Tensor4& dout) {
    // TODO: like ReLU's backward: where the mask is 0, nothing flows back.
    throw NotImplemented("08.4 Dropout::backward");
}

}  // namespace cnn
