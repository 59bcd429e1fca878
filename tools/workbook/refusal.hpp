// Chapter 02's refusal of a stride that does not fit, as a sentence for the reader. The one place
// where this sentence is written: the student loop prints it when such a ShapeError reaches a
// test, and the site generator writes the same text into the interactive convolution's data.
#pragma once

#include "i18n.hpp"

#include <optional>
#include <string>

namespace workbook {

/// The numbers of chapter 02's ShapeError "<where>: (H + 2*P - F)/S + 1 = <exact> is not an
/// integer: stride S does not fit a H-wide input with a F-wide filter".
struct StrideRefusal {
    std::string where;  ///< "conv_output_shape: height", "conv_output_size", ...
    int input = 0, pad = 0, filter = 0, stride = 0;
    double exact = 0;   ///< (input + 2*pad - filter)/stride + 1, as the message prints it
};

/// The refusal in `message`, when the whole message is that ShapeError (nothing before `where`,
/// nothing after the filter's width, or all of it in double quotes); otherwise nothing.
std::optional<StrideRefusal> parse_stride_refusal(const std::string& message);

/// True when `text` (a test program's whole output, say) holds such a refusal somewhere.
bool mentions_stride_refusal(const std::string& text);

/// The refusal in the reader's language, naming the rule ((H + 2P - FH) divisible by S) and the
/// numbers: Korean with the English term beside, or English.
std::string stride_refusal_text(const StrideRefusal& r, Lang language);

}  // namespace workbook
