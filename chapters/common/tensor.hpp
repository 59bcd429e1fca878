// Tensor and matrix types of the workbook. Everything is row-major, like NumPy, so that an
// (N,C,H,W) tensor and its reshapes share one memory layout, as in the book
// (『밑바닥부터 시작하는 딥러닝』 7.4.1 4차원 배열).
#pragma once

#include "common/errors.hpp"

#include <stdexcept>

// Eigen checks indices and sizes with eigen_assert, and the workbook makes the check throw: a
// student's out-of-range index then fails one test case with a message instead of aborting the
// test program. CMake defines eigen_assert for every target (cmake/Dependencies.cmake), so that no
// file sees Eigen's own version because it included Eigen first; this copy, the same text, serves
// a file compiled by hand. std::logic_error is declared by the headers Eigen itself includes.
#ifndef eigen_assert
#define eigen_assert(x) \
    (static_cast<bool>(x) ? static_cast<void>(0) : throw std::logic_error("Eigen check failed: " #x))
#endif

#include <Eigen/Core>
#include <unsupported/Eigen/CXX11/Tensor>

#include <array>

namespace cnn {

using Scalar = float;
using Index = Eigen::Index;

/// A 2D map (H,W), a filter (FH,FW), or an im2col matrix. Row-major.
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// A bias, one value per filter (FN).
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

/// Row-major tensors: Tensor3 is (C,H,W), Tensor4 is (N,C,H,W) or filters (FN,C,FH,FW).
template <int Rank>
using Tensor = Eigen::Tensor<Scalar, Rank, Eigen::RowMajor>;
using Tensor3 = Tensor<3>;
using Tensor4 = Tensor<4>;

/// Views into existing storage, without copying (book 7.4.1: x[0] of an (N,C,H,W) array).
using MatrixView = Eigen::Map<Matrix>;
using ConstMatrixView = Eigen::Map<const Matrix>;
using Tensor3View = Eigen::TensorMap<Tensor3>;
using ConstTensor3View = Eigen::TensorMap<const Tensor3>;
using ConstTensor4View = Eigen::TensorMap<const Tensor4>;

using Shape4 = std::array<Index, 4>;

}  // namespace cnn
