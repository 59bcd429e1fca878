// ./workbook release --out DIR: the copy of the workbook that students get.
//
// Left out, with the reason:
//   solutions/             the model answers
//   fast/                  tuned implementations of chapters 05–06: they answer exercises 05.x
//                          and 06.x as well as the model answers do
//   grading/               the weights, the known mistakes (mutants) and the script that runs them
//   tests/grading/         the grader's own tests and fixtures, and the example hidden tests
//   bench/                 benchmarks of the model answers (they build only with solutions/)
//   .ci/                   the workbook's own CI, which needs all of the above
//   the --hidden folder    when it lies inside the tree
//   build/, .git/          build output and history (the history holds the answers)
// Then the copy is configured and built as a student's would be, and its progress must read
// 0 of N exercises done.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace workbook::grade {

struct ReleaseOptions {
    std::filesystem::path root;    // the instructor's tree
    std::filesystem::path out;     // the student copy; must not exist or be empty
    std::filesystem::path cwd;     // where a relative --out starts
    std::filesystem::path hidden;  // left out when it is inside the tree
    bool classroom = false;        // add .github/workflows/classroom.yml (GitHub Classroom)
    bool check = true;             // build the copy and check that it shows 0 of N
};

/// The paths (relative to the root) the release leaves out, as listed above.
std::vector<std::string> release_exclusions();

int release(const ReleaseOptions& options);

}  // namespace workbook::grade
