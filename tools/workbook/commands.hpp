// The workbook's subcommands. Each returns the process exit code.
#pragma once

#include <filesystem>
#include <string>

namespace workbook {

struct Paths {
    std::filesystem::path root;   // the repository
    std::filesystem::path build;  // the build folder of the side being run (build/student, build/ref)
};

/// Progress per chapter and the next exercise to do (the student's main loop).
int status(const Paths& paths);
/// One chapter's student tests with doctest's full console output; `args` go to doctest.
int check(const Paths& paths, const std::string& chapter, const std::string& args);
/// Every reference test, through CTest.
int test(const Paths& paths);
/// The data sets (bundled MNIST, Fashion-MNIST, full MNIST): where they are and whether present.
/// With a name, loads that one and reports its counts.
int data(const Paths& paths, const std::string& name);
/// CI check: every exercise has a test, and one that fails on its untouched stub.
int verify_stubs(const Paths& paths);
/// CI check: every worked-example id is in its chapter's manifest, tests, guide and the id list.
int verify_examples(const Paths& paths);

}  // namespace workbook
