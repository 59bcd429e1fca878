// The workbook's subcommands. Each returns the process exit code.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace workbook {

struct Paths {
    std::filesystem::path root;       // the repository
    std::filesystem::path build;      // the build folder of the side being run (build/student, build/ref)
    std::filesystem::path build_log;  // the log of a build that failed somewhere; empty when it did not
    std::chrono::milliseconds timeout{10000};  // for each chapter's test program
};

/// Progress per chapter and the next exercise to do (the student's main loop).
int status(const Paths& paths);
/// One chapter only (for `watch`): its progress, its first failure, and the whole workbook's
/// progress with the other chapters as they last ran.
int status_of_chapter(const Paths& paths, const std::string& chapter);
/// Every exercise with its state.
int list(const Paths& paths);
/// One chapter's student tests with doctest's full console output; `args` go to doctest as they are.
int check(const Paths& paths, const std::string& chapter, const std::vector<std::string>& args);
/// The next tier of hints for exercise `id` ("05.2").
int hint(const Paths& paths, const std::string& id);
/// Puts the stub of exercise `id` back, keeping the student's file in a timestamped backup.
int reset(const Paths& paths, const std::string& id);
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
