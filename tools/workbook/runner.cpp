#include "runner.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace workbook {

namespace {

using Clock = std::chrono::steady_clock;

// The process group being run, so that Ctrl-C on the workbook also ends the test program.
volatile sig_atomic_t running_group = 0;

void forward_interrupt(int sig) {
    if (running_group > 0) kill(-running_group, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

void install_interrupt_handlers() {
    static bool installed = false;
    if (installed) return;
    installed = true;
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) signal(sig, forward_interrupt);
}

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

Outcome run_program(const RunSpec& spec) {
    install_interrupt_handlers();
    Outcome outcome;
    const auto start = Clock::now();

    int xml_fd = -1;
    std::vector<std::string> argv = spec.argv;
    if (spec.xml) {
        xml_fd = memfd_create("workbook-xml", 0);  // in memory only: nothing is left in /tmp
        if (xml_fd < 0) throw std::runtime_error(fmt::format("memfd_create: {}", std::strerror(errno)));
        argv.push_back(fmt::format("--out=/proc/self/fd/{}", xml_fd));
    }
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));

    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);

    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error(fmt::format("fork: {}", std::strerror(errno)));
    if (pid == 0) {
        setpgid(0, 0);
        const int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(out[1], 1);
        dup2(out[1], 2);
        // Big enough for chapter 08's networks, small enough that a runaway allocation fails
        // with std::bad_alloc instead of freezing the machine.
        const rlimit memory{std::uint64_t{6} << 30, std::uint64_t{6} << 30};
        setrlimit(RLIMIT_AS, &memory);
        execv(args[0], args.data());
        dprintf(2, "cannot start %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);
    running_group = pid;
    close(out[1]);

    const auto deadline = start + spec.timeout;
    bool open_pipe = true, timed_out = false;
    int status = 0;
    char buffer[65536];
    while (true) {
        if (open_pipe) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            pollfd p{out[0], POLLIN, 0};
            const int ready = poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count())));
            if (ready > 0) {
                const ssize_t n = read(out[0], buffer, sizeof buffer);
                if (n <= 0) {
                    open_pipe = false;
                } else {
                    const auto size = static_cast<std::size_t>(n);
                    if (outcome.output.size() < spec.keep)
                        outcome.output.append(buffer, std::min(size, spec.keep - outcome.output.size()));
                    if (spec.on_output && outcome.output_bytes < spec.keep)
                        spec.on_output(buffer, std::min(size, spec.keep - outcome.output_bytes));
                    outcome.output_bytes += size;
                }
            } else if (ready < 0 && errno != EINTR) {
                open_pipe = false;
            }
        } else {
            // The pipe closed (or a grandchild keeps it open no longer): wait for the exit itself.
            if (waitpid(pid, &status, WNOHANG) == pid) break;
            usleep(2000);
        }
        if (open_pipe == false && waitpid(pid, &status, WNOHANG) == pid) break;
        if (Clock::now() >= deadline) {
            timed_out = true;
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
    }
    kill(-pid, SIGKILL);  // anything the program left running in its group
    running_group = 0;
    close(out[0]);

    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (timed_out) {
        outcome.end = Outcome::End::timeout;
    } else if (WIFSIGNALED(status)) {
        outcome.end = Outcome::End::signaled;
        outcome.signal = WTERMSIG(status);
    } else {
        outcome.end = Outcome::End::exited;
        outcome.exit_code = WEXITSTATUS(status);
    }
    if (xml_fd >= 0) {
        outcome.xml = read_all(xml_fd);
        close(xml_fd);
    }
    return outcome;
}

}  // namespace workbook
