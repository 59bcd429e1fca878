// Shapes as text, in the book's notation: (N, C, H, W) prints as "(10,1,28,28)".
#pragma once

#include "common/tensor.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string>

namespace cnn {

template <int Rank>
std::string shape_of(const Tensor<Rank>& t) {
    return fmt::format("({})", fmt::join(t.dimensions(), ","));
}

inline std::string shape_of(const Matrix& m) { return fmt::format("({},{})", m.rows(), m.cols()); }

inline std::string shape_of(const Shape4& s) { return fmt::format("({})", fmt::join(s, ",")); }

template <int Rank>
Shape4 shape4(const Tensor<Rank>& t) {
    static_assert(Rank == 4, "shape4 takes an (N,C,H,W) tensor");
    return {t.dimension(0), t.dimension(1), t.dimension(2), t.dimension(3)};
}

}  // namespace cnn
