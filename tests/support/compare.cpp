#include "support/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <functional>

namespace cnn::test {

namespace {

// Tensors up to this many elements are printed in full in a failure message.
constexpr Index kPrintLimit = 144;

Index count(const std::vector<Index>& shape) {
    Index n = 1;
    for (Index d : shape) n *= d;
    return n;
}

// Nested brackets like NumPy: [[1, 2], [3, 4]].
std::string nested(const Scalar* data, const std::vector<Index>& shape, std::size_t axis) {
    if (axis == shape.size()) return fmt::format("{:g}", *data);
    const Index stride = count({shape.begin() + axis + 1, shape.end()});
    std::vector<std::string> parts;
    for (Index i = 0; i < shape[axis]; ++i) parts.push_back(nested(data + i * stride, shape, axis + 1));
    const char* sep = axis + 1 == shape.size() ? ", " : ",\n ";
    return fmt::format("[{}]", fmt::join(parts, sep));
}

std::string show(const char* label, const Scalar* data, const std::vector<Index>& shape) {
    const std::string dims = fmt::format("({})", fmt::join(shape, ","));
    if (count(shape) > kPrintLimit) return fmt::format("{} {}: too large to print", label, dims);
    return fmt::format("{} {}:\n{}", label, dims, nested(data, shape, 0));
}

std::vector<Index> unravel(Index flat, const std::vector<Index>& shape) {
    std::vector<Index> index(shape.size());
    for (std::size_t k = shape.size(); k-- > 0;) {
        index[k] = flat % shape[k];
        flat /= shape[k];
    }
    return index;
}

}  // namespace

Comparison compare_flat(const Scalar* actual, const std::vector<Index>& actual_shape,
                        const Scalar* expected, const std::vector<Index>& expected_shape,
                        Tolerance tol) {
    if (actual_shape != expected_shape) {
        return {false, fmt::format("shapes differ: actual ({}), expected ({})",
                                   fmt::join(actual_shape, ","), fmt::join(expected_shape, ","))};
    }
    Index first_bad = -1, bad = 0;
    double largest = 0;
    for (Index i = 0; i < count(actual_shape); ++i) {
        const double diff = std::abs(double(actual[i]) - double(expected[i]));
        const bool ok = diff <= tol.atol + tol.rtol * std::abs(double(expected[i]));
        // NaN fails the comparison above only if we also test it explicitly.
        if (!ok || std::isnan(diff)) {
            if (first_bad < 0) first_bad = i;
            ++bad;
        }
        if (!(diff <= largest)) largest = diff;
    }
    if (bad == 0) return {};
    return {false,
            fmt::format("{} of {} elements differ (atol {:g}, rtol {:g}); first at ({}): actual {:g}, "
                        "expected {:g}; largest |difference| {:g}\n{}\n{}",
                        bad, count(actual_shape), tol.atol, tol.rtol,
                        fmt::join(unravel(first_bad, actual_shape), ","), actual[first_bad],
                        expected[first_bad], largest, show("actual", actual, actual_shape),
                        show("expected", expected, expected_shape))};
}

}  // namespace cnn::test
