// Chapter 08 — dropout, as AlexNet used it in its first two fully connected layers
// (『밑바닥부터 시작하는 딥러닝』 6.4.3 드롭아웃 and 7.7.2; Krizhevsky, Sutskever, Hinton 2012, §4.2).
#pragma once

#include "common/random.hpp"
#include "common/tensor.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <stdexcept>

namespace cnn {

/// The book's Dropout layer (6.4.3): while training, each value is dropped (set to 0) with
/// probability `ratio` and kept as it is otherwise; at test time every value is kept and scaled
/// by (1 - ratio), the fraction that was kept on average while training, so that the next layer
/// sees on average the same sum as it did in training.
class Dropout {
public:
    /// Provided. ratio in [0, 1): the book's dropout_ratio (AlexNet: 0.5). The seed fixes which
    /// values are dropped, so a run can be repeated exactly. Throws std::invalid_argument for a
    /// ratio outside [0, 1).
    explicit Dropout(Scalar ratio = 0.5f, std::uint32_t seed = 0) : ratio_(ratio), rng_(seed) {
        if (!(ratio >= 0 && ratio < 1))
            throw std::invalid_argument(fmt::format("Dropout: the ratio must be in [0, 1), got {}", ratio));
    }

    /// 08.4 Forward: x:(N,C,H,W) -> y of the same shape.
    ///   training (train = true): mask(i) = (u_i > ratio) with u_i = rng.uniform() drawn once per
    ///     element in row-major order (the book's np.random.rand(*x.shape) > dropout_ratio);
    ///     y(i) = x(i) * mask(i). The mask is kept for backward.
    ///   test (train = false): y(i) = x(i) * (1 - ratio); no random numbers are drawn.
    Tensor4 forward(const Tensor4& x, bool train = true);

    /// 08.4 Backward of a training forward: dx(i) = dout(i) * mask(i): a dropped value passed
    /// nothing on, so it gets no gradient (the ReLU rule of 5.5.1 with the mask drawn at random).
    /// Throws ShapeError before any training forward, and when dout is not the shape of the last
    /// training forward's mask, e.g.
    ///   "Dropout::backward: dout has shape (2,3,1,1) but the last training forward had (2,4,1,1)"
    Tensor4 backward(const Tensor4& dout);

    Scalar ratio() const { return ratio_; }

private:
    Scalar ratio_;
    Random rng_;
    Tensor4 mask_;  // 1 where the last training forward kept the value, 0 where it dropped it
};

}  // namespace cnn
