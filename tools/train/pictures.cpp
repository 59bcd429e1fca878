#include "pictures.hpp"

#include "common/image.hpp"

#include <fmt/format.h>
#ifdef WORKBOOK_HAVE_PLPLOT
#include <plplot/plplot.h>
#endif

#include <algorithm>
#include <array>
#include <cmath>

namespace cnn {

void write_filters(const std::string& path, const Tensor4& W) { write_png(path, filter_grid(W, 10, 8)); }

namespace {

/// How much a filter looks like a horizontal edge (+) or a vertical one (-): the energy of its
/// differences down the columns minus across the rows, over its own energy.
double edge_direction(const Tensor4& W, Index f) {
    const Index FH = W.dimension(2), FW = W.dimension(3);
    double down = 0, across = 0, energy = 1e-12;
    for (Index kh = 0; kh < FH; ++kh)
        for (Index kw = 0; kw < FW; ++kw) {
            const double v = W(f, 0, kh, kw);
            energy += v * v;
            if (kh + 1 < FH) down += std::pow(W(f, 0, kh + 1, kw) - v, 2);
            if (kw + 1 < FW) across += std::pow(W(f, 0, kh, kw + 1) - v, 2);
        }
    return (down - across) / energy;
}

/// Images side by side, each as wide as it is, centred vertically, `gap` white pixels apart.
GreyImage row_of(const std::vector<GreyImage>& images, int gap) {
    GreyImage out;
    out.width = gap;
    for (const auto& im : images) out.width += im.width + gap, out.height = std::max(out.height, im.height + 2 * gap);
    out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, 255);
    int left = gap;
    for (const auto& im : images) {
        const int top = (out.height - im.height) / 2;
        for (int r = 0; r < im.height; ++r)
            for (int c = 0; c < im.width; ++c) out.at(top + r, left + c) = im.at(r, c);
        left += im.width + gap;
    }
    return out;
}

Matrix map_of(const Tensor4& t, Index n, Index c) {
    return ConstMatrixView(t.data() + (n * t.dimension(1) + c) * t.dimension(2) * t.dimension(3), t.dimension(2),
                           t.dimension(3));
}

}  // namespace

std::pair<int, int> write_responses(const std::string& path, SimpleConvNet& net, const Tensor4& image) {
    const Tensor4& W = net.conv1.W;
    int horizontal = 0, vertical = 0;
    for (Index f = 1; f < W.dimension(0); ++f) {
        if (edge_direction(W, f) > edge_direction(W, horizontal)) horizontal = static_cast<int>(f);
        if (edge_direction(W, f) < edge_direction(W, vertical)) vertical = static_cast<int>(f);
    }
    const Tensor4 response = net.conv1.forward(image);  // (1,FN,OH,OW), before the ReLU
    const int scale = 6;
    // Row: the digit, then for each filter the filter itself and its response map, each with its
    // own min black and max white.
    std::vector<GreyImage> row{to_grey(map_of(image, 0, 0), scale)};
    for (int f : {horizontal, vertical}) {
        row.push_back(to_grey(map_of(W, f, 0), 16));
        row.push_back(to_grey(map_of(response, 0, f), scale));
    }
    write_png(path, row_of(row, 16));
    return {horizontal, vertical};
}

#ifdef WORKBOOK_HAVE_PLPLOT
namespace {

/// One PLplot stream writing `file` with the cairo device `device` ("svgcairo" or "pngcairo").
void begin_plot(const std::string& device, const std::string& file) {
    plsdev(device.c_str());
    plsfnam(file.c_str());
    plspage(0, 0, 900, 560, 0, 0);
    plscolbg(255, 255, 255);
    plinit();
    plscol0(1, 0, 0, 0);        // axes and labels: black
    plscol0(2, 31, 119, 180);   // blue
    plscol0(3, 255, 127, 14);   // orange
    plscol0(4, 190, 190, 190);  // light grey
    plschr(0, 1.1);
    plssym(0, 1.6);  // the epoch points, visible
    plcol0(1);
}

/// Axes with a light grey grid under black ticks and numbers; log_y labels the y axis in decades.
void frame(double xmin, double xmax, double ymin, double ymax, bool log_y) {
    pladv(0);
    plvsta();
    plwind(xmin, xmax, ymin, ymax);
    plwidth(1.0);
    plcol0(4);
    plbox("g", 0, 0, log_y ? "gl" : "g", 0, 0);
    plcol0(1);
    plbox("bcnst", 0, 0, log_y ? "bcnstvl" : "bcnstv", 0, 0);
}

void legend(const std::vector<std::string>& names, const std::vector<PLINT>& colours, PLINT position) {
    const PLINT n = static_cast<PLINT>(names.size());
    std::vector<PLINT> opts(n, PL_LEGEND_LINE), text_colours(n, 1), styles(n, 1), zeros(n, 0);
    std::vector<PLFLT> widths(n, 2.5), fzeros(n, 0);
    std::vector<const char*> text;
    for (const auto& s : names) text.push_back(s.c_str());
    PLFLT width = 0, height = 0;
    pllegend(&width, &height, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX, position, 0.02, 0.03, 0.08, 0, 1, 1, 0, 0,
             n, opts.data(), 1.0, 1.0, 2.0, 0.0, text_colours.data(), text.data(), nullptr, nullptr, nullptr,
             nullptr, colours.data(), styles.data(), widths.data(), nullptr, nullptr, nullptr, nullptr);
}

void draw_loss(const std::vector<EpochRecord>& records, const std::vector<double>& step_losses,
               Index steps_per_epoch, const std::string& title) {
    // The step losses fall from ln 10 to a few hundredths: a log scale shows every epoch.
    std::vector<PLFLT> x, y, ex, ey;
    for (std::size_t i = 0; i < step_losses.size(); ++i) {
        x.push_back(static_cast<double>(i + 1) / static_cast<double>(steps_per_epoch));
        y.push_back(std::log10(std::max(step_losses[i], 1e-6)));
    }
    for (const auto& r : records) ex.push_back(r.epoch - 0.5), ey.push_back(std::log10(std::max(r.loss, 1e-6)));  // mid-epoch
    // Whole decades, so that the axis always has labelled ticks (1, 0.1, 0.01, ...).
    const double lo = std::floor(*std::min_element(y.begin(), y.end()));
    const double hi = std::ceil(*std::max_element(y.begin(), y.end()) + 1e-9);
    frame(0, static_cast<double>(records.size()) + 0.2, lo, hi, true);
    pllab("에폭 (epoch)", "손실 (loss), 로그 눈금", title.c_str());
    plwidth(1.0);
    plcol0(4);
    plline(static_cast<PLINT>(x.size()), x.data(), y.data());
    plwidth(3.0);
    plcol0(2);
    plline(static_cast<PLINT>(ex.size()), ex.data(), ey.data());
    plpoin(static_cast<PLINT>(ex.size()), ex.data(), ey.data(), 17);
    plcol0(1);
    legend({"배치마다 (each step)", "에폭 평균 (epoch mean)"}, {4, 2}, PL_POSITION_TOP | PL_POSITION_RIGHT | PL_POSITION_INSIDE);
}

void draw_accuracy(const std::vector<EpochRecord>& records, const std::string& title) {
    std::vector<PLFLT> ex, train, test;
    for (const auto& r : records) {
        ex.push_back(r.epoch);
        train.push_back(100 * r.train_accuracy);
        test.push_back(100 * r.test_accuracy);
    }
    const double lo = std::min(*std::min_element(train.begin(), train.end()), *std::min_element(test.begin(), test.end()));
    frame(0.5, static_cast<double>(records.size()) + 0.5, std::floor(lo - 1), 100.5, false);
    pllab("에폭 (epoch)", "정확도 (accuracy) %", title.c_str());
    plwidth(3.0);
    plcol0(2);
    plline(static_cast<PLINT>(ex.size()), ex.data(), train.data());
    plpoin(static_cast<PLINT>(ex.size()), ex.data(), train.data(), 17);
    plcol0(3);
    plline(static_cast<PLINT>(ex.size()), ex.data(), test.data());
    plpoin(static_cast<PLINT>(ex.size()), ex.data(), test.data(), 17);
    plcol0(1);
    legend({"훈련 (train)", "시험 (test)"}, {2, 3}, PL_POSITION_BOTTOM | PL_POSITION_RIGHT | PL_POSITION_INSIDE);
}

}  // namespace

void write_curves(const std::string& out_dir, const std::vector<EpochRecord>& records,
                  const std::vector<double>& step_losses, Index steps_per_epoch, const std::string& title) {
    if (records.empty() || step_losses.empty()) return;
    for (const std::string ext : {"svg", "png"}) {
        const std::string device = ext + "cairo";
        begin_plot(device, out_dir + "/loss." + ext);
        draw_loss(records, step_losses, steps_per_epoch, title);
        plend();
        begin_plot(device, out_dir + "/accuracy." + ext);
        draw_accuracy(records, title);
        plend();
    }
}
#else
void write_curves(const std::string& out_dir, const std::vector<EpochRecord>&, const std::vector<double>&, Index,
                  const std::string&) {
    fmt::print("(PLplot이 없어 {}에 곡선을 그리지 않습니다: apt-get install libplplot-dev plplot-driver-cairo)\n", out_dir);
}
#endif

}  // namespace cnn
