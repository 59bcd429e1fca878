// Runs one program that nobody has reviewed (a student's test program) so that it cannot hang the
// caller, fill the disk or memory, fork without end, read stdin, touch the instructor's tree or the
// network, and so that whatever it does is reported by name.
//
//   sandbox::Options o;
//   o.argv = {"/path/to/test_ch05", "--reporters=xml"};
//   o.workdir = scratch;                       // created by the caller, the only writable place
//   o.read_only = {build_dir};                 // what the program may read besides /usr
//   o.limits.wall = std::chrono::seconds(30);
//   const sandbox::Result r = sandbox::run(o);
//   if (r.outcome == sandbox::Outcome::timeout) ...
//
// The program is started directly (an argv list, never a shell) in a new session, with stdin from
// /dev/null, a clean environment, its working directory in `workdir`, and resource limits
// (address space, processes, file size, CPU time). With bubblewrap (Debian package `bubblewrap`)
// it also runs in its own namespaces: only /usr, `read_only` (read-only) and `workdir` (writable)
// are visible, /tmp is private, there is no network, and it dies with the caller. Where
// bubblewrap is missing or cannot create namespaces, the limits alone apply and
// Result::isolation_note says so. Run as root, each program runs as a user of its own (uid 64000 +
// a slot; no account needed), so that the process limit counts only its own processes, two
// programs running at once cannot touch each other, and root's files stay read-only.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace workbook::sandbox {

struct Limits {
    std::chrono::milliseconds wall{std::chrono::seconds(60)};  // then SIGTERM, Options::grace later SIGKILL
    std::uint64_t address_space = std::uint64_t{4} << 30;  // bytes (RLIMIT_AS); 0 = no limit
    int processes = 64;       // processes and threads beyond those the user already has (RLIMIT_NPROC); 0 = no limit
    std::uint64_t output = std::uint64_t{16} << 20;  // bytes on stdout + stderr together; then killed; 0 = no limit
    std::uint64_t file_size = std::uint64_t{64} << 20;  // largest file it may write (RLIMIT_FSIZE); 0 = no limit
    int cpu_seconds = 120;    // CPU time of the program itself (RLIMIT_CPU); 0 = no limit
};

enum class Isolation {
    automatic,    // bubblewrap when it works here, the limits alone otherwise
    bubblewrap,   // bubblewrap or nothing: Outcome::failed_to_start when it cannot run
    limits_only,  // never bubblewrap
};

struct Options {
    std::vector<std::string> argv;   // argv[0] is an absolute path to the program
    std::filesystem::path workdir;   // exists; the program's working directory and HOME, and the
                                     // only place it may write (run as root, it is chown'ed to
                                     // the program's user)
    std::vector<std::filesystem::path> read_only;  // extra paths visible read-only (bubblewrap)
    std::vector<std::string> env;    // "NAME=value" on top of PATH, HOME, LANG, TMPDIR
    Limits limits;
    Isolation isolation = Isolation::automatic;
    std::size_t keep = 64 * 1024;    // bytes of stdout and of stderr kept in Result (each)
    std::chrono::milliseconds grace{1000};  // from SIGTERM to SIGKILL at a limit; 0: SIGKILL at once

    // The student's own loop (runner.hpp) runs the student's own programs as the student: in the
    // caller's working directory (workdir empty), environment and user, output as one stream.
    bool same_user = false;            // never a user of its own, even as root
    bool inherit_environment = false;  // the caller's environment, then `env`, instead of a clean one
    bool merge_output = false;         // stderr into stdout, in the order written (all in Result::out)
    std::function<void(const char*, std::size_t)> on_output;  // each piece of stdout as it arrives
};

enum class Outcome {
    exited,           // exited by itself; see exit_code
    signaled,         // killed by a signal it raised or received (a crash); see signal
    timeout,          // still running after limits.wall
    output_limit,     // wrote more than limits.output bytes
    failed_to_start,  // could not be started at all; see error
};

struct Result {
    Outcome outcome = Outcome::failed_to_start;
    int exit_code = -1;  // when exited
    int signal = 0;      // when signaled (also the signal that ended a timeout)
    std::string limit;   // the limit that was hit, by name: "time", "output", "cpu time",
                         // "file size"; empty when none was recognized
    std::string out, err;  // the first Options::keep bytes of each
    bool out_truncated = false, err_truncated = false;
    std::uint64_t output_bytes = 0;  // all bytes on stdout and stderr, kept or not
    double wall_seconds = 0;
    double cpu_seconds = 0;  // user + system time of the program and the children it waited for;
                             // not known inside bubblewrap (cpu_measured false), which does not
                             // pass its children's times on
    bool cpu_measured = false;
    bool isolated = false;       // ran inside bubblewrap
    std::string isolation_note;  // why not, when it did not
    std::string error;           // when failed_to_start

    bool ok() const { return outcome == Outcome::exited && exit_code == 0; }
    /// One line for a report: "exit code 1", "signal 11 (Segmentation fault)", "time limit (10 s)".
    std::string describe() const;
};

/// Runs the program to the end or to a limit. Never throws for what the program does; throws
/// std::runtime_error only when the caller's own resources fail (no pipe, no fork). When this
/// process is interrupted (SIGINT, SIGTERM, SIGHUP), every program running is killed with its
/// whole process group first.
Result run(const Options& options);

/// Whether bubblewrap can create its namespaces on this machine (checked once, then cached);
/// when it cannot, `why` says so.
bool bubblewrap_works(std::string* why = nullptr);

/// Creates `dir` (and parents), readable by everyone. run() hands the working directory to the
/// program's user itself.
void prepare_workdir(const std::filesystem::path& dir);

}  // namespace workbook::sandbox
