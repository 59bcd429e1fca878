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

std::string shape_of(const Matrix& m);

std::string shape_of(const Shape4& s);

// Compiled once in common/shape.cpp: fmt's formatting of a list is a large template, and every
// chapter file that checks a shape would otherwise compile it again (edit-to-verdict time).
extern template std::string shape_of<2>(const Tensor<2>&);
extern template std::string shape_of<3>(const Tensor<3>&);
extern template std::string shape_of<4>(const Tensor<4>&);

template <int Rank>
Shape4 shape4(const Tensor<Rank>& t) {
    static_assert(Rank == 4, "shape4 takes an (N,C,H,W) tensor");
    return {t.dimension(0), t.dimension(1), t.dimension(2), t.dimension(3)};
}

}  // namespace cnn
