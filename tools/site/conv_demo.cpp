#include "conv_demo.hpp"

#include "03_conv3d/conv3d.hpp"
#include "common/random.hpp"
#include "refusal.hpp"

#include <duktape.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <tuple>

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

std::string refusal_text(const std::string& english, bool korean) {
    const auto refusal = workbook::parse_stride_refusal(english);
    return refusal ? workbook::stride_refusal_text(*refusal, korean ? workbook::Lang::ko : workbook::Lang::en) : english;
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
                c["error_ko"] = refusal_text(e.what(), true);
                c["error_en"] = refusal_text(e.what(), false);
            }
            j["cases"].push_back(c);
        }
    return j;
}

namespace {

struct HeapDeleter {
    void operator()(duk_context* ctx) const { duk_destroy_heap(ctx); }
};

/// Runs JavaScript source and returns what its last expression is, as a string.
std::string run_js(duk_context* ctx, const std::string& source, const std::string& what) {
    if (duk_peval_lstring(ctx, source.data(), source.size()) != 0) {
        const std::string error = duk_safe_to_string(ctx, -1);
        duk_pop(ctx);
        throw std::runtime_error(fmt::format("{}: {}", what, error));
    }
    const char* out = duk_safe_to_string(ctx, -1);
    std::string result = out ? out : "";
    duk_pop(ctx);
    return result;
}

}  // namespace

std::vector<std::string> check_conv_page(const std::string& conv_math_js, const nlohmann::json& data) {
    std::unique_ptr<duk_context, HeapDeleter> ctx(duk_create_heap_default());
    if (!ctx) throw std::runtime_error("Duktape could not start");
    run_js(ctx.get(), conv_math_js, "assets/conv-math.js");
    const nlohmann::json page = nlohmann::json::parse(
        run_js(ctx.get(), "JSON.stringify(ConvMath(" + data.dump() + ").outputs())", "ConvMath(...).outputs()"));
    std::vector<std::string> problems;
    const auto problem = [&](int stride, int pad, const std::string& ko, const std::string& en) {
        problems.push_back(fmt::format("합성곱 데모 페이지 (assets/conv-math.js), S={} P={}: {} ({})", stride, pad, ko, en));
    };
    const nlohmann::json& cases = data.at("cases");
    if (page.size() != cases.size())
        problems.push_back(fmt::format("합성곱 데모 페이지가 경우 {}개를 계산했지만 모범 답안은 {}개입니다 "
                                       "(the page computed {} cases, the reference {})",
                                       page.size(), cases.size(), page.size(), cases.size()));
    for (std::size_t i = 0; i < std::min(page.size(), cases.size()); ++i) {
        const nlohmann::json &mine = page[i], &ref = cases[i];
        const int stride = ref.at("stride"), pad = ref.at("pad");
        const bool refused = ref.contains("error");
        if (mine.at("stride") != stride || mine.at("pad") != pad) {
            problem(stride, pad, "경우의 순서가 다릅니다", "the cases come in another order");
        } else if (mine.at("refused").get<bool>() != refused) {
            problem(stride, pad, refused ? "페이지는 받아들이지만 모범 답안은 거부합니다" : "페이지는 거부하지만 모범 답안은 받아들입니다",
                    refused ? "the page accepts what cnn::conv3d refuses" : "the page refuses what cnn::conv3d accepts");
        } else if (!refused && mine.at("shape") != ref.at("shape")) {
            problem(stride, pad, fmt::format("출력 형상 {}, 모범 답안 {}", mine.at("shape").dump(), ref.at("shape").dump()),
                    "the output shapes differ");
        } else if (!refused) {
            const nlohmann::json &y = mine.at("y"), &want = ref.at("y");
            for (std::size_t n = 0; n < want.size(); ++n)
                if (!y[n].is_number() || std::abs(y[n].get<double>() - want[n].get<double>()) > 1e-4) {
                    problem(stride, pad, fmt::format("출력 원소 {}: 페이지 {}, cnn::conv3d {}", n, y[n].dump(), want[n].dump()),
                            "an output cell differs");
                    break;
                }
        }
    }
    return problems;
}

std::vector<std::string> check_refusal_agrees(const nlohmann::json& data, const std::string& cli_sentences) {
    std::vector<std::string> lines;
    for (std::size_t at = 0; at < cli_sentences.size();) {
        const auto end = std::min(cli_sentences.find('\n', at), cli_sentences.size());
        lines.push_back(cli_sentences.substr(at, end - at));
        at = end + 1;
    }
    std::vector<std::string> problems;
    for (const auto& c : data.at("cases")) {
        if (c.at("stride") != 3 || c.at("pad") != 1) continue;
        for (const auto& [key, line, language] :
             {std::tuple{"error_ko", std::size_t{0}, "한국어"}, std::tuple{"error_en", std::size_t{1}, "영어"}}) {
            const std::string page = c.value(key, "");
            const std::string cli = line < lines.size() ? lines[line] : "";
            if (page != cli)
                problems.push_back(fmt::format("합성곱 데모의 S=3 P=1 거부 메시지 ({})가 ./workbook이 출력하는 문장과 다릅니다 "
                                               "(the page's refusal differs from the student loop's, "
                                               "tests/cli/stride-refusal.txt line {}):\n    page: {}\n    CLI:  {}",
                                               language, line + 1, page, cli));
        }
        return problems;
    }
    problems.push_back("합성곱 데모에 S=3 P=1 경우가 없습니다 (no S=3 P=1 case in the page's data)");
    return problems;
}

}  // namespace site
