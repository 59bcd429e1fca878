#include "svg.hpp"

namespace site {

std::string escape(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

void Svg::rect(double x, double y, double w, double h, const std::string& fill, const std::string& stroke,
               double stroke_width, const std::string& extra) {
    body_ += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" stroke="{}" stroke-width="{}" {}/>)",
                         x, y, w, h, fill.empty() ? "#fff" : fill, stroke, stroke_width, extra);
    body_ += '\n';
}

void Svg::line(double x1, double y1, double x2, double y2, const std::string& stroke, double stroke_width,
               const std::string& extra) {
    body_ += fmt::format(R"(<line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="{}" stroke-width="{}" {}/>)",
                         x1, y1, x2, y2, stroke, stroke_width, extra);
    body_ += '\n';
}

void Svg::text(double x, double y, const std::string& s, double size, const std::string& anchor,
               const std::string& fill, const std::string& extra) {
    body_ += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="{}" text-anchor="{}" fill="{}" {}>{}</text>)",
                         x, y, size, anchor, fill, extra, escape(s));
    body_ += '\n';
}

std::string Svg::str() const {
    return fmt::format(
        R"(<svg xmlns="http://www.w3.org/2000/svg" class="figure-svg" viewBox="0 0 {:.0f} {:.0f}" width="{:.0f}" height="{:.0f}" role="img" aria-label="{}" font-family="'Noto Sans CJK KR','Noto Sans KR',sans-serif">)"
        "\n{}</svg>\n",
        width_, height_, width_, height_, escape(label_), body_);
}

void grid(Svg& svg, double x, double y, const cnn::Matrix& m, double cell, const CellFill& fill, double font) {
    for (Index r = 0; r < m.rows(); ++r)
        for (Index c = 0; c < m.cols(); ++c) {
            const double cx = x + static_cast<double>(c) * cell, cy = y + static_cast<double>(r) * cell;
            svg.rect(cx, cy, cell, cell, fill ? fill(r, c) : "");
            if (font > 0) svg.text(cx + cell / 2, cy + cell / 2 + font * 0.35, number(m(r, c)), font);
        }
}

std::string number(double v) {
    if (v == 0) return "0";  // no "-0"
    return fmt::format("{:g}", v);
}

}  // namespace site
