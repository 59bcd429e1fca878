// Chapter 02 — stride and output size (notes: 001 §7.2.4 eq 7.1, 000 spatial arrangement, 002, 003).
#pragma once

#include "common/tensor.hpp"

namespace cnn {

/// How conv_output_size treats a stride that does not fit the input exactly.
enum class Rounding {
    Strict,  ///< the notes' rule: (H + 2P - F) must be divisible by S, else a ShapeError
    Floor,   ///< what frameworks do: drop the windows that would run past the edge
};

/// 02.1 / 02.2 Output size along one axis (001 §7.2.4, eq 7.1; 000 "(W-F+2P)/S+1"):
///   OH = (H + 2P - FH) / S + 1
/// WE-09: H=7, F=3, P=0: S=1 -> 5, S=2 -> 3, S=3 -> 2.33 is refused (Strict) or 2 (Floor).
/// Throws ShapeError, naming the computation, when S < 1, P < 0, F < 1, the filter is larger
/// than the padded input, or (Strict only) the division leaves a remainder.
int conv_output_size(int input, int filter, int pad, int stride, Rounding rounding = Rounding::Strict);

}  // namespace cnn
