// The instructor's commands on the command line: `grade` and `release`.
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>

namespace workbook::grade {

/// Adds the subcommands to `app`. The function returned runs the one that was chosen with the
/// repository root and the reference build folder, and returns its exit code, or -1 when the
/// command line chose neither.
std::function<int(const std::filesystem::path& root, const std::filesystem::path& build)> add_commands(CLI::App& app);

}  // namespace workbook::grade
