// Seeded random numbers for weight initialization and for the tests' random inputs. The same seed
// gives the same numbers on every machine (std::mt19937 is fully specified; we draw through our
// own transforms because std::normal_distribution is not).
#pragma once

#include "common/tensor.hpp"

#include <cstdint>
#include <random>

namespace cnn {

class Random {
public:
    explicit Random(std::uint32_t seed) : engine_(seed) {}

    /// Uniform in [low, high).
    Scalar uniform(Scalar low = 0, Scalar high = 1);
    /// Standard normal times `std` (Box-Muller), e.g. the book's weight_init_std = 0.01.
    Scalar normal(Scalar std = 1);
    /// Integer in [low, high].
    int integer(int low, int high);

    template <typename T>
    void fill_uniform(T& t, Scalar low = -1, Scalar high = 1) {
        for (Index i = 0; i < t.size(); ++i) t.data()[i] = uniform(low, high);
    }
    template <typename T>
    void fill_normal(T& t, Scalar std = 1) {
        for (Index i = 0; i < t.size(); ++i) t.data()[i] = normal(std);
    }

private:
    std::mt19937 engine_;
};

}  // namespace cnn
