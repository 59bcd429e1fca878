// Runs a chapter's doctest program with the XML reporter, under a time limit, and reads what
// happened to each test case. Scores are counted per test case from the XML (the JUnit reporter
// counts assertions instead).
//
// doctest writes and flushes the XML of each test case as it starts, so when a program crashes,
// hangs or calls exit(), the last test case still open in the XML is the one it stopped in. The
// test cases before it keep their results; the ones after it are run again, from the next one on.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace workbook {

/// Why a test case did not pass.
enum class FailureKind {
    check,            // a CHECK/REQUIRE failed
    exception,        // an exception escaped the test
    not_implemented,  // a stub still throws NotImplemented
    crash,            // the program died on a signal inside this test case
    timeout,          // the program was still in this test case at the time limit
    exit_call,        // exit() (or similar) ended the program inside this test case
    not_run,          // the program stopped before this test case and could not run it
};

/// The first thing that went wrong in a test case.
struct Failure {
    FailureKind kind = FailureKind::check;
    std::string file;
    int line = 0;
    std::string check;     // "CHECK( close(y, expected) )"
    std::string expanded;  // the values doctest saw, or the exception message
    std::vector<std::string> context;  // CAPTURE / INFO lines and subcase names
    int signal = 0, exit_code = 0;     // for crash, exit_call
    double seconds = 0;                // for timeout: the limit
};

struct TestCaseResult {
    std::string name;
    int index = 0;  // 1-based position in the program's run order (doctest --first/--last)
    bool passed = false;
    std::optional<Failure> failure;
};

struct RunResult {
    std::vector<TestCaseResult> cases;  // every test case that passed the filters, in run order
    bool complete = true;  // false when the program crashed, hung or exited in some test case
    std::string output;    // what the program printed on stdout/stderr (first 64 KiB)
    std::size_t output_bytes = 0;
    bool started = true;   // false when the program could not be started at all
    std::string error;     // why not
};

/// The names of the test cases of `program` that pass the doctest filters in `filters`, in the
/// order they run.
std::vector<std::string> list_tests(const std::filesystem::path& program,
                                    const std::vector<std::string>& filters = {},
                                    std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// Runs every test case of `program` (with extra doctest arguments `args`) within `timeout` in
/// total.
RunResult run_tests(const std::filesystem::path& program, std::chrono::milliseconds timeout,
                    const std::vector<std::string>& args = {});

/// What test case number `index` alone prints when run (the student's own output).
std::string output_of(const std::filesystem::path& program, int index, std::chrono::milliseconds timeout);

}  // namespace workbook
