// Chapter 08 model answer: the book's Dropout layer (6.4.3).
#include "08_lenet_alexnet/dropout.hpp"

#include "common/shape.hpp"

namespace cnn {

Tensor4 Dropout::forward(const Tensor4& x, bool train) {
    Tensor4 y(x.dimensions());
    if (!train) {
        // Test time: every unit is on, scaled by the fraction kept on average while training.
        for (Index i = 0; i < x.size(); ++i) y.data()[i] = x.data()[i] * (1 - ratio_);
        return y;
    }
    mask_ = Tensor4(x.dimensions());
    for (Index i = 0; i < x.size(); ++i) {
        mask_.data()[i] = rng_.uniform() > ratio_ ? Scalar{1} : Scalar{0};
        y.data()[i] = x.data()[i] * mask_.data()[i];
    }
    return y;
}

Tensor4 Dropout::backward(const Tensor4& dout) {
    if (mask_.size() == 0) throw ShapeError("Dropout::backward: no training forward came before it");
    if (dout.dimensions() != mask_.dimensions())
        throw ShapeError(fmt::format("Dropout::backward: dout has shape {} but the last training forward had {}",
                                     shape_of(dout), shape_of(mask_)));
    Tensor4 dx(dout.dimensions());
    for (Index i = 0; i < dout.size(); ++i) dx.data()[i] = dout.data()[i] * mask_.data()[i];
    return dx;
}

}  // namespace cnn
