// The float matrix-product kernels that cmake/eigen_products.hpp declares, compiled once.
#include "common/tensor.hpp"

namespace Eigen::internal {
template struct general_matrix_matrix_product<Eigen::Index, float, RowMajor, false, float, RowMajor, false, ColMajor, 1>;
template struct general_matrix_matrix_product<Eigen::Index, float, RowMajor, false, float, ColMajor, false, ColMajor, 1>;
template struct general_matrix_matrix_product<Eigen::Index, float, ColMajor, false, float, RowMajor, false, ColMajor, 1>;
template struct general_matrix_matrix_product<Eigen::Index, float, ColMajor, false, float, ColMajor, false, ColMajor, 1>;
}  // namespace Eigen::internal
