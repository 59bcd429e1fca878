// `./workbook explain NAME [--time]`: the layer table of one of the notes' networks (chapter 08,
// exercise 08.1), in the style of Keras's summary() and torchinfo, with Korean and English
// headings. With --time it also runs the network forward on one random image, layer by layer,
// with the chapters' own layers, and prints the measured time of each.
#include "05_im2col/convolution.hpp"
#include "06_pooling/pooling.hpp"
#include "08_lenet_alexnet/dropout.hpp"
#include "08_lenet_alexnet/layer_table.hpp"
#include "08_lenet_alexnet/lrn.hpp"
#include "08_lenet_alexnet/networks.hpp"
#include "common/memory.hpp"
#include "common/parallel.hpp"
#include "common/random.hpp"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace {

using cnn::Index;
using cnn::LayerKind;
using cnn::LayerRow;
using cnn::LayerSpec;
using cnn::LayerTable;
using cnn::Tensor4;

// 61100840 -> "61,100,840"
std::string grouped(Index value) {
    std::string digits = std::to_string(value < 0 ? -value : value), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return value < 0 ? "-" + out : out;
}

// Bytes of `count` float32 values, in the unit that keeps 3-4 digits.
std::string bytes_of(Index count) {
    const double bytes = 4.0 * static_cast<double>(count);
    if (bytes >= 1e9) return fmt::format("{:.2f} GB", bytes / 1e9);
    if (bytes >= 1e6) return fmt::format("{:.2f} MB", bytes / 1e6);
    if (bytes >= 1e3) return fmt::format("{:.1f} kB", bytes / 1e3);
    return fmt::format("{} B", bytes);
}

std::string volume(cnn::Shape3 s) { return fmt::format("({},{},{})", s.C, s.H, s.W); }

// ---- the table --------------------------------------------------------------------------------

// --lang en: English only; otherwise Korean with the English term beside.
bool english = false;
const char* tr(const char* ko, const char* en) { return english ? en : ko; }

constexpr int kWidth = 96;

void print_table(const LayerTable& table, const std::vector<double>* millis) {
    const std::string rule(kWidth + (millis ? 22 : 0), '=');
    const std::string thin(rule.size(), '-');
    fmt::print("{}\n", rule);
    fmt::print(fmt::runtime(tr("{}  —  입력 (input) {} = {} 값 (values), {}\n", "{}  —  input {} = {} values, {}\n")),
               table.name, volume(table.input),
               grouped(Index{table.input.C} * table.input.H * table.input.W),
               bytes_of(Index{table.input.C} * table.input.H * table.input.W));
    fmt::print("{}\n", rule);
    // Two heading lines, Korean then English; one in English.
    if (!english) {
        fmt::print("{:<10} {:<12} {:<16} {:>14} {:>16} {:>12}", "계층", "종류", "출력 (C,H,W)", "매개변수",
                   "곱셈-덧셈", "출력 메모리");
        if (millis) fmt::print(" {:>10} {:>10}", "시간", "GFLOP/s");
        fmt::print("\n");
    }
    fmt::print("{:<10} {:<12} {:<16} {:>14} {:>16} {:>12}", "layer", "type", "output shape", "params",
               "mult-adds", "memory");
    if (millis) fmt::print(" {:>10} {:>10}", "time (ms)", english ? "GFLOP/s" : "");
    fmt::print("\n{}\n", thin);
    double total_ms = 0;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        const LayerRow& row = table.rows[i];
        fmt::print("{:<10} {:<12} {:<16} {:>14} {:>16} {:>12}", row.name, cnn::kind_name(row.kind), volume(row.output),
                   row.parameters() ? grouped(row.parameters()) : "0",
                   row.mult_adds ? grouped(row.mult_adds) : "-", bytes_of(row.activations));
        if (millis) {
            const double ms = (*millis)[i];
            total_ms += ms;
            // A multiply-add is two floating-point operations.
            const std::string rate =
                row.mult_adds ? fmt::format("{:.1f}", 2.0 * static_cast<double>(row.mult_adds) / (ms * 1e6)) : "";
            fmt::print(" {:>10.3f} {:>10}", ms, rate);
        }
        fmt::print("\n");
    }
    fmt::print("{}\n", rule);
    fmt::print(fmt::runtime(tr("매개변수 합계 (total params):          {:>16}   (float32로 {})\n",
                               "total params:                         {:>16}   ({} as float32)\n")),
               grouped(table.parameters), bytes_of(table.parameters));
    const double G = static_cast<double>(table.mult_adds) / 1e9;
    fmt::print(fmt::runtime(tr("곱셈-덧셈 합계 (total mult-adds):      {:>16}   ({}; 합성곱과 Affine의 곱만)\n",
                               "total mult-adds:                      {:>16}   ({}; conv and affine products only)\n")),
               grouped(table.mult_adds), G >= 0.1 ? fmt::format("{:.2f} G", G) : fmt::format("{:.2f} M", G * 1e3));
    fmt::print(fmt::runtime(tr("출력 값 합계 (activations per image):  {:>16}   (순전파 {}; 역전파가 그만큼 더 보관)\n",
                               "activations per image:                {:>16}   ({} forward; backward keeps about as much again)\n")),
               grouped(table.activations), bytes_of(table.activations));
    if (millis) {
        fmt::print(fmt::runtime(tr("순전파 시간 (forward time, 1 image):   {:>13.3f} ms   (네트워크 전체 {:.1f} GFLOP/s)\n",
                                   "forward time, 1 image:                {:>13.3f} ms   ({:.1f} GFLOP/s over the whole network)\n")),
                   total_ms, 2.0 * static_cast<double>(table.mult_adds) / (total_ms * 1e6));
    }
    fmt::print("{}\n", rule);
}

// ---- --time: the network built from the chapters' layers ------------------------------------

using Forward = std::function<Tensor4(const Tensor4&)>;

// x:(N,C,H,W) viewed as (N, C*H*W) times W:(C*H*W, FN) plus b -> (N,FN,1,1): the book's Affine.
Forward affine_layer(Index inputs, Index outputs, cnn::Random& rng) {
    cnn::Matrix W(inputs, outputs);
    rng.fill_normal(W, static_cast<cnn::Scalar>(std::sqrt(2.0 / static_cast<double>(inputs))));
    cnn::Vector b = cnn::Vector::Zero(outputs);
    return [W = std::move(W), b = std::move(b)](const Tensor4& x) {
        const Index N = x.dimension(0);
        Tensor4 y(N, b.size(), 1, 1);
        cnn::MatrixView out(y.data(), N, b.size());
        out.noalias() = cnn::ConstMatrixView(x.data(), N, x.size() / N) * W;
        out.rowwise() += b.transpose();
        return y;
    };
}

Forward elementwise(float (*f)(float)) {
    return [f](const Tensor4& x) {
        Tensor4 y(x.dimensions());
        for (Index i = 0; i < x.size(); ++i) y.data()[i] = f(x.data()[i]);
        return y;
    };
}

std::vector<Forward> build_layers(const cnn::NetworkSpec& spec, const LayerTable& table, cnn::Random& rng) {
    std::vector<Forward> layers;
    cnn::Shape3 in = spec.input;
    for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        const LayerSpec& l = spec.layers[i];
        switch (l.kind) {
            case LayerKind::Conv: {
                // He initialisation keeps the activations of a deep ReLU stack in range.
                Tensor4 W(l.FN, in.C, l.filter.H, l.filter.W);
                rng.fill_normal(W, static_cast<cnn::Scalar>(std::sqrt(2.0 / (in.C * l.filter.H * l.filter.W))));
                auto layer = std::make_shared<cnn::Convolution>(W, cnn::Vector::Zero(l.FN), l.stride, l.pad);
                layers.push_back([layer](const Tensor4& x) { return layer->forward(x); });
                break;
            }
            case LayerKind::MaxPool: {
                auto layer = std::make_shared<cnn::MaxPooling>(l.filter.H, l.filter.W, l.stride, l.pad);
                layers.push_back([layer](const Tensor4& x) { return layer->forward(x); });
                break;
            }
            case LayerKind::AvgPool: {
                auto layer = std::make_shared<cnn::AvgPooling>(l.filter.H, l.filter.W, l.stride, l.pad);
                layers.push_back([layer](const Tensor4& x) { return layer->forward(x); });
                break;
            }
            case LayerKind::LRN: {
                auto layer = std::make_shared<cnn::LocalResponseNorm>();
                layers.push_back([layer](const Tensor4& x) { return layer->forward(x); });
                break;
            }
            case LayerKind::Dropout: {
                auto layer = std::make_shared<cnn::Dropout>(0.5f, 1);
                layers.push_back([layer](const Tensor4& x) { return layer->forward(x, false); });  // test time
                break;
            }
            case LayerKind::Affine:
                layers.push_back(affine_layer(Index{in.C} * in.H * in.W, l.FN, rng));
                break;
            case LayerKind::Relu:
                layers.push_back(elementwise([](float v) { return v > 0 ? v : 0.0f; }));
                break;
            case LayerKind::Sigmoid:
                layers.push_back(elementwise([](float v) { return 1.0f / (1.0f + std::exp(-v)); }));
                break;
        }
        in = table.rows[i].output;
    }
    return layers;
}

// Median time of each layer over `repeats` forward passes of one image (after one untimed pass).
std::vector<double> time_layers(const cnn::NetworkSpec& spec, const LayerTable& table, int repeats) {
    cnn::keep_freed_memory();  // a fresh 1 MB output per layer must not cost page faults every time
    cnn::Random rng(2012);
    std::vector<Forward> layers = build_layers(spec, table, rng);
    Tensor4 image(1, spec.input.C, spec.input.H, spec.input.W);
    rng.fill_uniform(image, 0, 1);
    std::vector<std::vector<double>> samples(layers.size());
    for (int r = 0; r <= repeats; ++r) {
        Tensor4 x = image;
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const auto start = std::chrono::steady_clock::now();
            Tensor4 y = layers[i](x);
            const auto stop = std::chrono::steady_clock::now();
            if (r > 0) samples[i].push_back(std::chrono::duration<double, std::milli>(stop - start).count());
            x = std::move(y);
        }
    }
    std::vector<double> medians;
    for (auto& s : samples) {
        std::sort(s.begin(), s.end());
        medians.push_back(s[s.size() / 2]);
    }
    return medians;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"계층 표 (layer table): 출력 형상, 매개변수, 곱셈-덧셈, 메모리 / output shape, parameters, "
                 "multiply-adds, memory"};
    std::string name;
    bool time = false;
    int repeats = 5;
    std::vector<std::string> names(std::begin(cnn::kNetworkNames), std::end(cnn::kNetworkNames));
    app.add_option("network", name, "네트워크 (network)")->required()->check(CLI::IsMember(names));
    app.add_flag("--time", time, "한 장의 이미지로 계층별 순전파 시간을 잰다 (time the forward pass per layer)");
    app.add_option("--repeat", repeats, "시간을 잴 때 반복 횟수, 중앙값 (timed passes; the median is shown)")
        ->check(CLI::Range(1, 1000))
        ->capture_default_str();
    std::string lang = "ko";
    app.add_option("--lang", lang, "ko 또는 en (ko or en)")->check(CLI::IsMember({"ko", "en"}));
    CLI11_PARSE(app, argc, argv);
    english = lang == "en";
    try {
        const cnn::NetworkSpec spec = *cnn::network_by_name(name);
        const LayerTable table = cnn::layer_table(spec);
        if (time) {
            const std::vector<double> ms = time_layers(spec, table, repeats);
            print_table(table, &ms);
            fmt::print(fmt::runtime(tr("시간: {}회의 중앙값 (median), {} 스레드 (threads)\n",
                                       "time: median of {} passes, {} threads\n")),
                       repeats, cnn::thread_count());
        } else {
            print_table(table, nullptr);
        }
    } catch (const cnn::NotImplemented& e) {
        fmt::print(stderr, fmt::runtime(tr("explain: {} — 08장의 연습 문제를 먼저 푸세요\n",
                                           "explain: {} — solve chapter 08 first\n")), e.what());
        return 1;
    } catch (const std::exception& e) {
        fmt::print(stderr, "explain: {}\n", e.what());
        return 1;
    }
    return 0;
}
