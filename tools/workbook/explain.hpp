// Raw texts from libraries (an Eigen check, std::bad_alloc, a JSON exception) turned into a
// sentence that says what happened, in the student's language.
#pragma once

#include <string>

namespace workbook {

/// A sentence for an exception message that escaped a test, or an empty string when the
/// message is already the workbook's own (a ShapeError, for instance). Chapter 02's refusal of a
/// stride that does not fit is the one ShapeError said again, in the student's language
/// (refusal.hpp). `where` names the exercise the test belongs to ("05.2 col2im").
std::string explain(const std::string& message, const std::string& where);

/// A sentence for an nlohmann::json exception met while reading `file`.
std::string explain_json(const std::string& message, const std::string& file);

}  // namespace workbook
