// The shape texts of common/shape.hpp, compiled once.
#include "common/shape.hpp"

namespace cnn {

std::string shape_of(const Matrix& m) { return fmt::format("({},{})", m.rows(), m.cols()); }

std::string shape_of(const Shape4& s) { return fmt::format("({})", fmt::join(s, ",")); }

template std::string shape_of<2>(const Tensor<2>&);
template std::string shape_of<3>(const Tensor<3>&);
template std::string shape_of<4>(const Tensor<4>&);

}  // namespace cnn
