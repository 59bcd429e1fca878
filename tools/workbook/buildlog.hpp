// Reads the log of the last build (ninja, kept going past failures) and finds, for each chapter
// that did not build, the first compiler or linker error, trimmed to the file and line.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace workbook {

struct BuildError {
    std::string file;     // relative to the repository when it is inside it
    int line = 0;
    std::string message;  // "error: expected ';' before '}' token"
};

/// Chapter number ("03") -> its first error. Empty when the log shows no failed step.
std::map<std::string, BuildError> build_errors(const std::filesystem::path& log, const std::filesystem::path& root);

}  // namespace workbook
