// Runs a chapter's doctest program with the XML reporter and reads what happened to each test case.
// Scores are counted per test case from the XML (the JUnit reporter counts assertions instead).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace workbook {

/// The first thing that went wrong in a test case, as doctest reported it.
struct Failure {
    std::string file;
    int line = 0;
    std::string check;     // "CHECK( close(y, expected) )"
    std::string expanded;  // the values doctest saw, or the exception message
    std::vector<std::string> context;  // CAPTURE / INFO lines and subcase names
    bool not_implemented = false;      // a stub threw NotImplemented
};

struct TestCaseResult {
    std::string name;
    bool passed = false;
    std::optional<Failure> failure;
};

struct RunResult {
    std::vector<TestCaseResult> cases;
    bool complete = true;  // false when the program stopped early (a crash); cases then holds
                           // the test cases that ran up to that point
    int exit_code = 0;
};

/// The names of every test case in `program`, in the order they run.
std::vector<std::string> list_tests(const std::filesystem::path& program);

/// Runs `program` with doctest's XML reporter (extra doctest arguments in `args`).
RunResult run_tests(const std::filesystem::path& program, const std::string& args = "");

}  // namespace workbook
