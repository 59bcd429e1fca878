// The interactive convolution's data: the CS231n notes' demo (a 5x5x3 input, padded by 1 to the
// 7x7x3 volume the demo draws, two 3x3x3 filters, stride 2, a 3x3x2 output), with the reference
// conv3d's output for every stride and padding the page offers, or the refusal the reference gives.
#pragma once

#include "common/tensor.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace site {

struct DemoData {
    cnn::Tensor3 x;  ///< (3,5,5), integers 0..2
    cnn::Tensor4 w;  ///< (2,3,3,3), integers -1..1
    cnn::Vector b;   ///< (2): 1 and 0
};

DemoData demo_data();

/// Every (stride 1..3, pad 0..2) case: the output of cnn::conv3d or its refusal, in Korean and English.
nlohmann::json conv_demo_json();

/// Runs the page's own arithmetic (the text of assets/conv-math.js) on conv_demo_json()'s data and
/// returns every case where it disagrees with cnn::conv3d: an output cell, a shape, or a stride one
/// of them accepts and the other refuses. Empty when the page shows what the model answer computes.
std::vector<std::string> check_conv_page(const std::string& conv_math_js, const nlohmann::json& data);

/// The page's refusal of S=3, P=1 (WE-10: 5 + 2*1 - 3 = 4 is not divisible by 3) against the
/// sentences the student loop prints for the same ShapeError, kept in tests/cli/stride-refusal.txt
/// (Korean, then English) and checked there by tests/cli/run.sh: one line per difference.
std::vector<std::string> check_refusal_agrees(const nlohmann::json& data, const std::string& cli_sentences);

/// A refusal as the page shows it, in Korean or English: chapter 02's "does not fit" ShapeError in
/// the words the student loop prints (tools/workbook/refusal.cpp); another message unchanged.
std::string refusal_text(const std::string& english, bool korean);

}  // namespace site
