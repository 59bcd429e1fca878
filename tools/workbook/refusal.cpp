#include "refusal.hpp"

#include <fmt/format.h>

#include <cstdio>

namespace workbook {

bool mentions_stride_refusal(const std::string& text) {
    return text.find(" is not an integer: stride ") != std::string::npos;
}

std::optional<StrideRefusal> parse_stride_refusal(const std::string& quoted) {
    // "conv_output_shape: height: (7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer: stride 3 does not
    // fit a 7-wide input with a 3-wide filter" (chapter 02, solutions/02_stride/stride.cpp); doctest
    // puts quotes around an exception that a CHECK met.
    const bool in_quotes = quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"';
    const std::string message = in_quotes ? quoted.substr(1, quoted.size() - 2) : quoted;
    const auto open = message.find(": (");
    if (open == std::string::npos || open == 0) return std::nullopt;
    StrideRefusal r;
    r.where = message.substr(0, open);
    if (r.where.find_first_of("\"\n") != std::string::npos) return std::nullopt;
    int stride_again = 0, input_again = 0, filter_again = 0, end = -1;
    const int read = std::sscanf(message.c_str() + open + 2,
                                 "(%d + 2*%d - %d)/%d + 1 = %lf is not an integer: stride %d does not fit a "
                                 "%d-wide input with a %d-wide filter%n",
                                 &r.input, &r.pad, &r.filter, &r.stride, &r.exact, &stride_again, &input_again,
                                 &filter_again, &end);
    // The whole message, and the same numbers twice: anything else is some other text.
    if (read != 8 || end < 0 || open + 2 + static_cast<std::size_t>(end) != message.size()) return std::nullopt;
    if (stride_again != r.stride || input_again != r.input || filter_again != r.filter || r.stride < 1)
        return std::nullopt;
    return r;
}

std::string stride_refusal_text(const StrideRefusal& r, Lang language) {
    // The axis decides the letters of the rule: (H + 2P - FH) for a height, (W + 2P - FW) for a width.
    const bool width = r.where.size() >= 7 && r.where.compare(r.where.size() - 7, 7, ": width") == 0;
    const bool height = r.where.size() >= 8 && r.where.compare(r.where.size() - 8, 8, ": height") == 0;
    const char* in = width ? "W" : "H";
    const char* filter = width ? "FW" : "FH";
    const int span = r.input + 2 * r.pad - r.filter;
    const int remainder = span % r.stride;
    const double exact = static_cast<double>(span) / r.stride + 1;
    const std::string sum = fmt::format("({} + 2*{} - {})", r.input, r.pad, r.filter);
    if (language == Lang::en)
        return fmt::format("{}: the stride does not fit. ({} + 2P - {}) must be divisible by S, but with {} = {}, "
                           "P = {}, {} = {}, S = {} the remainder of {} ÷ {} is {}, so the output size {}/{} + 1 = "
                           "{:.2f} is not an integer.",
                           r.where, in, filter, in, r.input, r.pad, filter, r.filter, r.stride, sum, r.stride,
                           remainder, sum, r.stride, exact);
    std::string where = r.where;
    if (width) where.replace(where.size() - 5, 5, "너비 (width)");
    if (height) where.replace(where.size() - 6, 6, "높이 (height)");
    return fmt::format("{}: 스트라이드 (stride)가 맞지 않습니다. ({} + 2P - {})가 S로 나눠떨어져야 하는데, "
                       "{} = {}, P = {}, {} = {}, S = {}이면 {} ÷ {}의 나머지가 {}이라 출력 크기 (output size) "
                       "{}/{} + 1 = {:.2f}이(가) 정수가 아닙니다.",
                       where, in, filter, in, r.input, r.pad, filter, r.filter, r.stride, sum, r.stride, remainder,
                       sum, r.stride, exact);
}

}  // namespace workbook
