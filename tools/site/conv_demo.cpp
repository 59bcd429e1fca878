#include "conv_demo.hpp"

#include "03_conv3d/conv3d.hpp"
#include "common/random.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace site {

DemoData demo_data() {
    // Small integers, as in the CS231n notes' demo, so that a reader can add the products by hand.
    cnn::Random rng(231);
    DemoData d{cnn::Tensor3(3, 5, 5), cnn::Tensor4(2, 3, 3, 3), cnn::Vector(2)};
    for (cnn::Index i = 0; i < d.x.size(); ++i) d.x.data()[i] = static_cast<cnn::Scalar>(rng.integer(0, 2));
    for (cnn::Index i = 0; i < d.w.size(); ++i) d.w.data()[i] = static_cast<cnn::Scalar>(rng.integer(-1, 1));
    d.b << 1, 0;
    return d;
}

std::string shape_error_ko(const std::string& english) {
    // Chapter 02 says: "<where>: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: stride 3 does not fit
    // a 7-wide input with a 3-wide filter". The Korean form keeps every number.
    const auto open = english.find('(');
    if (open == std::string::npos) return english;
    int H = 0, P = 0, F = 0, S = 0, S2 = 0, H2 = 0, F2 = 0;
    double exact = 0;
    const int read = std::sscanf(english.c_str() + open,
                                 "(%d + 2*%d - %d)/%d + 1 = %lf is not an integer: stride %d does not fit a "
                                 "%d-wide input with a %d-wide filter",
                                 &H, &P, &F, &S, &exact, &S2, &H2, &F2);
    if (read != 8) return english;
    std::string where = english.substr(0, open);
    while (!where.empty() && (where.back() == ' ' || where.back() == ':')) where.pop_back();
    for (auto [en, ko] : {std::pair{": height", ": 높이 (height)"}, std::pair{": width", ": 너비 (width)"}})
        if (auto at = where.find(en); at != std::string::npos) where.replace(at, std::string(en).size(), ko);
    return fmt::format("{}: ({} + 2*{} - {})/{} + 1 = {:.2f}은(는) 정수가 아닙니다. 스트라이드 (stride) {}은(는) "
                       "크기 {}인 입력과 크기 {}인 필터에 맞지 않습니다 (H + 2P - F가 S로 나누어떨어져야 합니다)",
                       where, H, P, F, S, exact, S, H, F);
}

nlohmann::json conv_demo_json() {
    const DemoData d = demo_data();
    nlohmann::json j;
    const auto tensor = [](const auto& t) {
        return std::vector<float>(t.data(), t.data() + t.size());
    };
    j["x"] = {{"shape", {3, 5, 5}}, {"data", tensor(d.x)}};
    j["w"] = {{"shape", {2, 3, 3, 3}}, {"data", tensor(d.w)}};
    j["b"] = std::vector<float>(d.b.data(), d.b.data() + d.b.size());
    j["cases"] = nlohmann::json::array();
    for (int stride = 1; stride <= 3; ++stride)
        for (int pad = 0; pad <= 2; ++pad) {
            nlohmann::json c = {{"stride", stride}, {"pad", pad}};
            try {
                const cnn::Tensor3 y = cnn::conv3d(d.x, d.w, d.b, stride, pad);
                c["shape"] = {y.dimension(0), y.dimension(1), y.dimension(2)};
                c["y"] = tensor(y);
            } catch (const cnn::ShapeError& e) {
                c["error"] = e.what();
                c["error_ko"] = shape_error_ko(e.what());
            }
            j["cases"].push_back(c);
        }
    return j;
}

}  // namespace site
