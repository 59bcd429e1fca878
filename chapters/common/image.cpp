#include "common/image.hpp"

#include "common/shape.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wunused-function"
#endif
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace cnn {

GreyImage to_grey(const Matrix& map, int scale) {
    GreyImage img;
    img.width = static_cast<int>(map.cols()) * scale;
    img.height = static_cast<int>(map.rows()) * scale;
    img.pixels.assign(static_cast<std::size_t>(img.width) * img.height, 128);
    if (map.size() == 0) return img;
    const double lo = map.minCoeff(), hi = map.maxCoeff();
    for (int r = 0; r < img.height; ++r)
        for (int c = 0; c < img.width; ++c) {
            const double v = map(r / scale, c / scale);
            if (hi > lo) img.at(r, c) = static_cast<std::uint8_t>(std::lround(255.0 * (v - lo) / (hi - lo)));
        }
    return img;
}

GreyImage tile(const std::vector<GreyImage>& images, int columns, int gap) {
    GreyImage out;
    if (images.empty()) return out;
    int cell_w = 0, cell_h = 0;
    for (const auto& im : images) cell_w = std::max(cell_w, im.width), cell_h = std::max(cell_h, im.height);
    const int count = static_cast<int>(images.size());
    const int rows = (count + columns - 1) / columns, cols = std::min(columns, count);
    out.width = cols * cell_w + (cols + 1) * gap;
    out.height = rows * cell_h + (rows + 1) * gap;
    out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, 255);
    for (int i = 0; i < count; ++i) {
        const int top = gap + (i / columns) * (cell_h + gap), left = gap + (i % columns) * (cell_w + gap);
        for (int r = 0; r < images[i].height; ++r)
            for (int c = 0; c < images[i].width; ++c) out.at(top + r, left + c) = images[i].at(r, c);
    }
    return out;
}

GreyImage filter_grid(const Tensor4& W, int columns, int scale) {
    if (W.dimension(1) != 1) {
        throw ShapeError(fmt::format("filter_grid: filters {} have {} channels; one grey image needs 1", shape_of(W),
                                     W.dimension(1)));
    }
    const Index FN = W.dimension(0), FH = W.dimension(2), FW = W.dimension(3);
    std::vector<GreyImage> images;
    for (Index f = 0; f < FN; ++f) images.push_back(to_grey(ConstMatrixView(W.data() + f * FH * FW, FH, FW), scale));
    return tile(images, columns, std::max(2, scale / 2));
}

void write_png(const std::string& path, const GreyImage& image) {
    if (stbi_write_png(path.c_str(), image.width, image.height, 1, image.pixels.data(), image.width) == 0) {
        throw std::runtime_error(fmt::format("could not write the PNG file {}", path));
    }
}

}  // namespace cnn
