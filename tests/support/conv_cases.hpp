// Random convolution shapes for property tests: every case satisfies the strict output-size rule
// (chapter 02), because OH and OW are drawn first and H, W derived from them.
#pragma once

#include "common/random.hpp"

#include <fmt/format.h>

#include <ostream>

namespace cnn::test {

struct ConvCase {
    Index N, C, H, W, FN, FH, FW;
    int S, P;
};

/// For doctest's CAPTURE(k).
inline std::ostream& operator<<(std::ostream& os, const ConvCase& k) {
    return os << fmt::format("N={} C={} H={} W={} FN={} FH={} FW={} S={} P={}", k.N, k.C, k.H, k.W, k.FN,
                             k.FH, k.FW, k.S, k.P);
}

/// Strides 1-3, pads 0-2, filters up to 4x4 (non-square too), output maps up to max_out wide:
/// H = (OH-1)S + FH - 2P.
inline ConvCase random_conv_case(Random& rng, int max_out) {
    ConvCase k{};
    k.S = rng.integer(1, 3);
    k.P = rng.integer(0, 2);
    k.FH = rng.integer(1, 4);
    k.FW = rng.integer(1, 4);
    const Index OH = rng.integer(1, max_out), OW = rng.integer(1, max_out);
    // Too much padding for so small a map: take padding away until the map exists.
    for (;; --k.P) {
        k.H = (OH - 1) * k.S + k.FH - 2 * k.P;
        k.W = (OW - 1) * k.S + k.FW - 2 * k.P;
        if (k.H >= 1 && k.W >= 1) break;
    }
    k.N = rng.integer(1, 3);
    k.C = rng.integer(1, 3);
    k.FN = rng.integer(1, 4);
    return k;
}

/// An input x:(N,C,H,W), filters W:(FN,C,FH,FW) and bias b:(FN), uniform in [-1,1).
struct ConvLayer {
    Tensor4 x, W;
    Vector b;
};

inline ConvLayer random_layer(Random& rng, const ConvCase& k) {
    ConvLayer layer{Tensor4(k.N, k.C, k.H, k.W), Tensor4(k.FN, k.C, k.FH, k.FW), Vector(k.FN)};
    rng.fill_uniform(layer.x);
    rng.fill_uniform(layer.W);
    rng.fill_uniform(layer.b);
    return layer;
}

}  // namespace cnn::test
