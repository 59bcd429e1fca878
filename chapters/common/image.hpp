// Grey pictures of weights and feature maps, written as PNG (provided code for chapter 07's
// figures: the book's 7.6, figs 7-24 and 7-25).
#pragma once

#include "common/tensor.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

/// An 8-bit grey image, row by row.
struct GreyImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // height * width, 0 black .. 255 white

    std::uint8_t& at(int row, int col) { return pixels[static_cast<std::size_t>(row) * width + col]; }
    std::uint8_t at(int row, int col) const { return pixels[static_cast<std::size_t>(row) * width + col]; }
};

/// One (H,W) map as grey levels, its smallest value black and its largest white (fig 7-24);
/// a map whose values are all equal is mid-grey. Each value becomes a `scale` x `scale` block.
GreyImage to_grey(const Matrix& map, int scale = 1);

/// Images side by side in a grid of `columns`, `gap` pixels apart, on a white background.
GreyImage tile(const std::vector<GreyImage>& images, int columns, int gap);

/// The 30 first-layer filters of SimpleConvNet, or any (FN,1,FH,FW) filters: filter f as a grey
/// image scaled by `scale`, each with its own min black and max white, in a grid of `columns`.
/// Throws ShapeError for filters with more than one channel.
GreyImage filter_grid(const Tensor4& W, int columns, int scale);

/// Writes a PNG; throws std::runtime_error naming the file when it cannot.
void write_png(const std::string& path, const GreyImage& image);

}  // namespace cnn
