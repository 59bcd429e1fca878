// Chapter 01 exercises. Replace each `throw` with your code; run `./workbook check 01`.
// Read chapters/01_padding/README.md and 001 §7.2.2–7.2.3 first.
#include "01_padding/padding.hpp"

namespace cnn {

Matrix zero_pad(const Matrix& x, int pad) {
    // TODO: refuse a negative pad with a ShapeError, then start from a zero matrix of the
    // padded size and copy x into the block that starts at row pad, column pad.
    throw NotImplemented("01.1 zero_pad");
}

Tensor3 zero_pad(const Tensor3& x, int pad) {
    // TODO: the same as the 2D version, once per channel: only H and W grow.
    throw NotImplemented("01.1 zero_pad (C,H,W)");
}

Matrix cross_correlate(const Matrix& x, const Matrix& w, Scalar bias) {
    // TODO: one output element per window position; each is the sum of x times w over the
    // window, plus the bias. How many positions fit along each axis?
    throw NotImplemented("01.2 cross_correlate");
}

Matrix cross_correlate_padded(const Matrix& x, const Matrix& w, int pad, Scalar bias) {
    // TODO: you have written both halves already.
    throw NotImplemented("01.3 cross_correlate_padded");
}

int same_padding(int filter_size) {
    // TODO: which P makes H + 2P - F + 1 equal H? Which filter sizes have no such integer P?
    throw NotImplemented("01.3 same_padding");
}

Matrix vertical_edge_filter() {
    // TODO: the 3x3 filter from the notes (002); Eigen's comma initializer fills it row by row.
    throw NotImplemented("01.4 vertical_edge_filter");
}

Matrix detect_vertical_edges(const Matrix& image) {
    // TODO: one line that combines two functions of this chapter.
    throw NotImplemented("01.4 detect_vertical_edges");
}

}  // namespace cnn
