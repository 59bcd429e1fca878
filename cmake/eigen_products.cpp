// What cmake/eigen_products.hpp declares for the student's chapters, compiled once: the float
// GEMM kernels, and the products of matrices, maps and their transposes.
#include "eigen_products.hpp"

namespace Eigen::internal {
template struct general_matrix_matrix_product<Eigen::Index, float, RowMajor, false, float, RowMajor, false, ColMajor, 1>;
template struct general_matrix_matrix_product<Eigen::Index, float, RowMajor, false, float, ColMajor, false, ColMajor, 1>;
template struct general_matrix_matrix_product<Eigen::Index, float, ColMajor, false, float, RowMajor, false, ColMajor, 1>;
template struct general_matrix_matrix_product<Eigen::Index, float, ColMajor, false, float, ColMajor, false, ColMajor, 1>;
}  // namespace Eigen::internal

namespace cnn::student_build {

Matrix product(const Operand& lhs, const Operand& rhs) {
    const ConstMatrixView a(lhs.data, lhs.rows, lhs.cols), b(rhs.data, rhs.rows, rhs.cols);
    // Eigen's own operator*, called by name: `a * b` here would find cnn::operator* again.
    if (!lhs.transposed && !rhs.transposed) return a.operator*(b);
    if (!lhs.transposed) return a.operator*(b.transpose());
    if (!rhs.transposed) return a.transpose().operator*(b);
    return a.transpose().operator*(b.transpose());
}

}  // namespace cnn::student_build
