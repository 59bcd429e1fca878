// Precompiled into every student chapter (cmake/Chapter.cmake): the workbook's tensor header, and
// Eigen's float matrix-product kernels declared as compiled elsewhere (cmake/eigen_products.cpp),
// so that saving a chapter file recompiles only the student's own code, not Eigen's GEMM.
#pragma once

#include "common/tensor.hpp"

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
