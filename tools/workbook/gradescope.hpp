// ./workbook grade --gradescope-bundle FILE.zip: the autograder zip that Gradescope builds its
// grading image from (Gradescope's "autograder specification"). At the root of the zip:
//   setup.sh          run once as root when the image is built: installs the Debian/Ubuntu
//                     packages the workbook needs, builds the reference (model answers, test
//                     objects, the grader) and makes the model answers and hidden tests readable
//                     by root alone
//   run_autograder    run for every submission in /autograder: grades /autograder/submission
//                     with ./workbook grade and leaves results.json in /autograder/results
//   workbook/         the instructor's tree (no build/, .git/, out/, chapters/.backup/)
//   weights.json      the weights file the bundle was made with
//   hidden/           the --hidden tests, when given
// Both scripts take the root of the layout from AUTOGRADER_ROOT (default /autograder), so that
// the bundle can be tried in a local copy of that layout (tests/grading/gradescope.sh).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace workbook::grade {

struct BundleOptions {
    std::filesystem::path root;     // the instructor's tree
    std::filesystem::path cwd;      // where relative paths start
    std::filesystem::path zip;      // the bundle to write
    std::filesystem::path weights;  // default: grading/weights.json when it exists
    std::filesystem::path hidden;   // instructor-only tests: DIR/NN_name/*.cpp
    std::vector<std::string> chapters;  // grade only these chapters; empty: all
    double timeout = 60;
    std::uint64_t memory_mb = 2048;
    bool no_bubblewrap = false;
};

/// Every file of the bundle: path inside the zip -> (content, executable).
struct BundleFile {
    std::string content;
    bool executable = false;
};

/// The Debian packages the `workbook` entry script installs (its `packages=(...)` list).
std::vector<std::string> workbook_packages(const std::filesystem::path& root);

/// Writes the bundle; returns the process exit code.
int gradescope_bundle(const BundleOptions& options);

}  // namespace workbook::grade
