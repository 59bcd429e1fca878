// ./workbook grade: a whole class, each submission built from its own content, each chapter on
// its own, each test program in the sandbox; per submission results.json (Gradescope), report.md
// and junit.xml, per class a CSV and a summary.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace workbook::grade {

struct GradeOptions {
    std::filesystem::path root;   // the instructor's tree (with solutions/)
    std::filesystem::path build;  // its reference build (build/ref)
    std::filesystem::path cwd;    // where relative submission paths start
    std::vector<std::filesystem::path> submissions;
    std::filesystem::path out;
    int jobs = 1;
    double timeout = 60;          // seconds per run of a test program
    std::uint64_t memory_mb = 2048;
    std::filesystem::path weights;  // default: grading/weights.json when it exists
    std::filesystem::path hidden;   // instructor-only tests: DIR/NN_name/*.cpp
    bool no_bubblewrap = false;     // the resource limits alone
    bool keep_work = false;         // keep the build folders of each submission (out/.work)
    std::vector<std::string> chapters;  // grade only these chapters ("01", "05"); empty: all
};

/// Grades every submission; returns the process exit code (0 when every report was written).
int grade(const GradeOptions& options);

}  // namespace workbook::grade
