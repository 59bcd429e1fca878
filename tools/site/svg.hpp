// A few drawing calls that write SVG text: rectangles, lines, text and a grid of numbers.
#pragma once

#include "common/tensor.hpp"

#include <fmt/format.h>

#include <functional>
#include <string>

namespace site {

using cnn::Index;

/// Escapes the characters that would end an SVG/HTML text or attribute.
std::string escape(const std::string& s);

class Svg {
public:
    Svg(double width, double height, std::string label) : width_(width), height_(height), label_(std::move(label)) {}

    void rect(double x, double y, double w, double h, const std::string& fill,
              const std::string& stroke = "#555", double stroke_width = 1, const std::string& extra = "");
    void line(double x1, double y1, double x2, double y2, const std::string& stroke = "#555",
              double stroke_width = 1, const std::string& extra = "");
    void text(double x, double y, const std::string& s, double size = 13, const std::string& anchor = "middle",
              const std::string& fill = "#222", const std::string& extra = "");
    void raw(const std::string& s) { body_ += s; }
    std::string str() const;

private:
    double width_, height_;
    std::string label_;
    std::string body_;
};

/// Cell fill colour for (row, column); "" means white.
using CellFill = std::function<std::string(Index, Index)>;

/// A matrix as a grid of numbered cells whose top-left corner is (x, y); font 0 draws no numbers.
void grid(Svg& svg, double x, double y, const cnn::Matrix& m, double cell, const CellFill& fill = nullptr,
          double font = 13);

/// A number the way the figures print it: 15, 0.5, -1.
std::string number(double v);

}  // namespace site
