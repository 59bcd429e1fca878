// The shape rules of common/checks.hpp, compiled once.
#include "common/checks.hpp"

namespace cnn {

void check_bias(std::string_view where, const Vector& b, const Tensor4& w) {
    if (b.size() != w.dimension(0)) {
        throw ShapeError(fmt::format("{}: bias has {} values but there are {} filters (w {})", where,
                                     b.size(), w.dimension(0), shape_of(w)));
    }
}

void check_dout(std::string_view where, const Tensor4& dout, const Shape4& forward_out) {
    if (forward_out == Shape4{}) throw ShapeError(fmt::format("{}: called before forward", where));
    if (shape4(dout) != forward_out) {
        throw ShapeError(fmt::format("{}: dout has shape {} but forward returned {}", where,
                                     shape_of(dout), shape_of(forward_out)));
    }
}

template void check_channels<3>(std::string_view, const Tensor<3>&, const Tensor4&);
template void check_channels<4>(std::string_view, const Tensor<4>&, const Tensor4&);

}  // namespace cnn
