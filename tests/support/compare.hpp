// Element-wise comparison of tensors for tests: |actual - expected| <= atol + rtol * |expected|.
// CHECK(close(actual, expected)) prints, on failure, the first (n,c,h,w) that differs, the largest
// difference and both tensors (small ones in full).
#pragma once

#include "common/tensor.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace cnn::test {

/// Exact for the integer-valued worked examples of the book and the slides.
struct Tolerance {
    double atol = 1e-5;
    double rtol = 1e-5;
};

/// Float sums of a few hundred products, compared with another summation order.
inline constexpr Tolerance kFloatSums{1e-4, 1e-4};

struct Comparison {
    bool ok = true;
    std::string report;
    explicit operator bool() const { return ok; }
};

inline std::ostream& operator<<(std::ostream& os, const Comparison& c) {
    return os << (c.ok ? std::string("tensors agree") : c.report);
}

/// The core: two flat row-major arrays with their shapes.
Comparison compare_flat(const Scalar* actual, const std::vector<Index>& actual_shape,
                        const Scalar* expected, const std::vector<Index>& expected_shape,
                        Tolerance tol);

inline Comparison close(const Matrix& actual, const Matrix& expected, Tolerance tol = {}) {
    return compare_flat(actual.data(), {actual.rows(), actual.cols()}, expected.data(),
                        {expected.rows(), expected.cols()}, tol);
}

template <int Rank>
Comparison close(const Tensor<Rank>& actual, const Tensor<Rank>& expected, Tolerance tol = {}) {
    const auto& a = actual.dimensions();
    const auto& e = expected.dimensions();
    return compare_flat(actual.data(), {a.begin(), a.end()}, expected.data(), {e.begin(), e.end()},
                        tol);
}

inline Comparison close(const Vector& actual, const Vector& expected, Tolerance tol = {}) {
    return compare_flat(actual.data(), {actual.size()}, expected.data(), {expected.size()}, tol);
}

}  // namespace cnn::test
