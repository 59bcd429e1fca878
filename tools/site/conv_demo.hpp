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

/// The Korean form of chapter 02's "does not fit" ShapeError; other messages come back unchanged.
std::string shape_error_ko(const std::string& english);

}  // namespace site
