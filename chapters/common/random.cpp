#include "common/random.hpp"

#include <cmath>

namespace cnn {

namespace {
// 24 random bits make every float in [0,1) on a grid of 2^-24, identically everywhere.
double unit(std::mt19937& engine) { return static_cast<double>(engine() >> 8) / 16777216.0; }
}  // namespace

Scalar Random::uniform(Scalar low, Scalar high) {
    return static_cast<Scalar>(low + (high - low) * unit(engine_));
}

Scalar Random::normal(Scalar std) {
    const double pi = 3.14159265358979323846;
    const double u1 = 1.0 - unit(engine_);  // in (0,1], so the log is finite
    const double u2 = unit(engine_);
    return static_cast<Scalar>(std * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * pi * u2));
}

int Random::integer(int low, int high) {
    const auto span = static_cast<std::uint32_t>(high - low + 1);
    return low + static_cast<int>(engine_() % span);
}

}  // namespace cnn
