// Shape rules that several layers share, each written once. Provided code: the exercises call
// these first, so that every layer refuses bad shapes with the same sentence.
#pragma once

#include "common/shape.hpp"

#include <string_view>

namespace cnn {

/// The input's channels must be the filters' channels (book 7.2.5): x is (C,H,W) or (N,C,H,W),
/// w is (FN,C,FH,FW). E.g. "conv3d: input has 3 channels but the filters have 4 (x (3,7,7),
/// w (2,4,3,3))".
template <int Rank>
void check_channels(std::string_view where, const Tensor<Rank>& x, const Tensor4& w) {
    static_assert(Rank == 3 || Rank == 4, "x is (C,H,W) or (N,C,H,W)");
    const Index C = x.dimension(Rank - 3);
    if (C != w.dimension(1)) {
        throw ShapeError(fmt::format("{}: input has {} channels but the filters have {} (x {}, w {})",
                                     where, C, w.dimension(1), shape_of(x), shape_of(w)));
    }
}

/// One bias per filter (book 7.2.6, fig 7-12): b holds FN values for w:(FN,C,FH,FW).
void check_bias(std::string_view where, const Vector& b, const Tensor4& w);

/// backward takes the gradient of what the last forward returned, in that shape. A layer that has
/// not run forward yet remembers the shape (0,0,0,0).
void check_dout(std::string_view where, const Tensor4& dout, const Shape4& forward_out);

// Compiled once in common/checks.cpp, like the checks above: their messages are fmt templates
// that every chapter file would otherwise compile again.
extern template void check_channels<3>(std::string_view, const Tensor<3>&, const Tensor4&);
extern template void check_channels<4>(std::string_view, const Tensor<4>&, const Tensor4&);

}  // namespace cnn
