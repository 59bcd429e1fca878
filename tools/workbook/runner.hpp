// Runs a test program with a time limit, an argument list (never a shell) and bounded output, and
// leaves nothing on disk: its XML report goes to an anonymous in-memory file.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace workbook {

struct RunSpec {
    std::vector<std::string> argv;  // argv[0] is the program's path
    std::chrono::milliseconds timeout{10000};
    std::size_t keep = 64 * 1024;  // bytes of stdout + stderr kept; the rest is counted, not kept
    bool xml = false;              // append --out=/dev/fd/N and collect that file in Outcome::xml
    /// Called with each piece of output as it arrives (for `check`); may be empty.
    std::function<void(const char*, std::size_t)> on_output;
};

struct Outcome {
    enum class End { exited, signaled, timeout, not_started } end = End::not_started;
    int exit_code = 0;  // when exited
    int signal = 0;     // when signaled
    std::string output;  // stdout and stderr together, as far as `keep` allows
    std::size_t output_bytes = 0;  // all of it, kept or not
    std::string xml;     // doctest's XML report, when RunSpec::xml
    std::string error;   // when not_started
    double seconds = 0;
};

/// Runs `spec.argv[0]` to its end or its time limit; the program and everything it started are
/// killed at the limit, and when this process is interrupted (Ctrl-C).
Outcome run_program(const RunSpec& spec);

/// "Segmentation fault (SIGSEGV)" for a signal number.
std::string signal_name(int signal);

}  // namespace workbook
