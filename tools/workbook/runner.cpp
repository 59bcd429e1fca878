#include "runner.hpp"

#include "sandbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <sys/mman.h>
#include <unistd.h>

namespace workbook {

namespace {

std::string read_all(int fd) {
    std::string text;
    char buffer[65536];
    lseek(fd, 0, SEEK_SET);
    for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    return text;
}

}  // namespace

std::string signal_name(int sig) {
    switch (sig) {
        case SIGSEGV: return "Segmentation fault (SIGSEGV)";
        case SIGABRT: return "Aborted (SIGABRT)";
        case SIGFPE: return "Floating point exception (SIGFPE)";
        case SIGBUS: return "Bus error (SIGBUS)";
        case SIGILL: return "Illegal instruction (SIGILL)";
        case SIGKILL: return "Killed (SIGKILL)";
        case SIGXFSZ: return "File size limit exceeded (SIGXFSZ)";
        case SIGXCPU: return "CPU time limit exceeded (SIGXCPU)";
        default: return fmt::format("signal {}", sig);
    }
}

// The same process running as the grader's (sandbox.hpp), as the student and in the student's
// folder: no user of its own, the caller's environment, stdout and stderr as one stream, and a
// program at its time limit killed at once.
Outcome run_program(const RunSpec& spec) {
    Outcome outcome;
    int xml_fd = -1;
    sandbox::Options o;
    o.argv = spec.argv;
    if (spec.xml) {
        xml_fd = memfd_create("workbook-xml", 0);  // in memory only: nothing is left in /tmp
        if (xml_fd < 0) throw std::runtime_error(fmt::format("memfd_create: {}", std::strerror(errno)));
        o.argv.push_back(fmt::format("--out=/proc/self/fd/{}", xml_fd));
    }
    o.isolation = sandbox::Isolation::limits_only;
    o.same_user = true;
    o.inherit_environment = true;
    o.merge_output = true;
    o.keep = spec.keep;
    o.grace = std::chrono::milliseconds(0);
    o.limits.wall = spec.timeout;
    // Big enough for chapter 08's networks, small enough that a runaway allocation fails
    // with std::bad_alloc instead of freezing the machine.
    o.limits.address_space = std::uint64_t{6} << 30;
    o.limits.processes = 0;
    o.limits.output = 0;  // counted and cut at `keep`, never a reason to stop
    o.limits.file_size = 0;
    o.limits.cpu_seconds = 0;
    std::size_t shown = 0;
    if (spec.on_output)
        o.on_output = [&](const char* data, std::size_t size) {
            if (shown >= spec.keep) return;
            const std::size_t n = std::min(size, spec.keep - shown);
            spec.on_output(data, n);
            shown += n;
        };
    const sandbox::Result r = sandbox::run(o);

    outcome.seconds = r.wall_seconds;
    outcome.output = r.out;
    outcome.output_bytes = static_cast<std::size_t>(r.output_bytes);
    switch (r.outcome) {
        case sandbox::Outcome::timeout: outcome.end = Outcome::End::timeout; break;
        case sandbox::Outcome::signaled:
            outcome.end = Outcome::End::signaled;
            outcome.signal = r.signal;
            break;
        case sandbox::Outcome::failed_to_start:  // as a shell says it: exit code 127 and why
            outcome.end = Outcome::End::exited;
            outcome.exit_code = 127;
            outcome.output = fmt::format("cannot start {}: {}\n", spec.argv.empty() ? "" : spec.argv[0], r.error);
            break;
        default:
            outcome.end = Outcome::End::exited;
            outcome.exit_code = r.exit_code;
    }
    if (xml_fd >= 0) {
        outcome.xml = read_all(xml_fd);
        close(xml_fd);
    }
    return outcome;
}

}  // namespace workbook
