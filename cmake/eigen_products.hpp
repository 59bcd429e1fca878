// Precompiled into every student chapter (cmake/Chapter.cmake), and only there: the headers every
// chapter file includes, and the matrix products compiled once (cmake/eigen_products.cpp) instead
// of in each file, so that saving a chapter file recompiles only the student's own code.
//
// Measured on a finished chapter 05 convolution.cpp: an Eigen product costs its file about a
// second of compiling (its evaluators, the small-size path, the matrix-vector path and the call
// of the GEMM kernel are instantiated and optimized for each pair of operand types), and three
// products were most of the file's time. Here a product of two float matrices, maps or their
// transposes is a call of one compiled function that runs the same Eigen product, so the result,
// the size check ("Eigen check failed: lhs.cols() == rhs.rows() ...") and the speed are as before.
// The model answers, the fast side and the tests never see this header.
#pragma once

#include "common/checks.hpp"
#include "common/shape.hpp"
#include "common/tensor.hpp"

#include <type_traits>

namespace Eigen::internal {
// Every storage-order pair of a float product; Eigen turns a row-major result into these.
#define WORKBOOK_GEMM(Lhs, Rhs) \
    extern template struct general_matrix_matrix_product<Eigen::Index, float, Lhs, false, float, Rhs, false, ColMajor, 1>;
WORKBOOK_GEMM(RowMajor, RowMajor)
WORKBOOK_GEMM(RowMajor, ColMajor)
WORKBOOK_GEMM(ColMajor, RowMajor)
WORKBOOK_GEMM(ColMajor, ColMajor)
#undef WORKBOOK_GEMM
}  // namespace Eigen::internal

namespace cnn::student_build {

/// One operand of a product: row-major storage, read as it is or transposed.
struct Operand {
    const Scalar* data;
    Index rows, cols;  // of the storage, before any transpose
    bool transposed;
};

/// lhs * rhs with Eigen, compiled once (cmake/eigen_products.cpp).
Matrix product(const Operand& lhs, const Operand& rhs);

template <typename T>
struct is_storage
    : std::bool_constant<std::is_same_v<T, Matrix> || std::is_same_v<T, MatrixView> ||
                         std::is_same_v<T, ConstMatrixView>> {};
template <typename T>
struct is_operand : is_storage<T> {};
template <typename T>
struct is_operand<Eigen::Transpose<T>> : is_storage<std::remove_const_t<T>> {};

template <typename T>
Operand operand(const T& m) {
    return {m.data(), m.rows(), m.cols(), false};
}
template <typename T>
Operand operand(const Eigen::Transpose<T>& t) {
    const auto& m = t.nestedExpression();
    return {m.data(), m.rows(), m.cols(), true};
}

}  // namespace cnn::student_build

namespace cnn {

/// A * B for Matrix, MatrixView, ConstMatrixView and their transposes, found before Eigen's own
/// operator* from code in namespace cnn (an exact match beats Eigen's conversion to MatrixBase).
/// Any other operand (a block, a vector, a scalar) goes to Eigen's operator* as before.
template <typename L, typename R,
          std::enable_if_t<student_build::is_operand<L>::value && student_build::is_operand<R>::value, int> = 0>
Matrix operator*(const L& lhs, const R& rhs) {
    return student_build::product(student_build::operand(lhs), student_build::operand(rhs));
}

}  // namespace cnn
