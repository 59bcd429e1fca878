#include "sandbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <mutex>
#include <optional>
#include <stdexcept>

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace workbook::sandbox {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// Run as root, each sandbox that runs at the same time gets a user of its own from this range, so
// that the process limit (RLIMIT_NPROC, counted per user) of one cannot be used up by another.
constexpr unsigned first_uid = 64000;
constexpr int uid_slots = 64;
std::mutex slot_mutex;
std::uint64_t slots_in_use = 0;

// A free user for one run (root only); released when the run ends. Free means free on this
// machine, not only in this process: two graders (or a grader and a student loop) run at the same
// time must not share a user, or one's process limit and clean-up would hit the other's programs.
// Each slot is also claimed with an exclusive lock on a file of its own, which the kernel drops
// when the holder ends, even by a crash.
struct UidSlot {
    int slot = -1;
    int lock_fd = -1;
    unsigned uid() const { return first_uid + static_cast<unsigned>(slot); }
    UidSlot() {
        std::lock_guard<std::mutex> lock(slot_mutex);
        for (int i = 0; i < uid_slots; ++i) {
            if (slots_in_use & (std::uint64_t{1} << i)) continue;
            const std::string path = fmt::format("/tmp/workbook-sandbox-uid-{}.lock", first_uid + static_cast<unsigned>(i));
            const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
            if (fd < 0) continue;
            if (flock(fd, LOCK_EX | LOCK_NB) != 0) {  // another process on this machine has it
                close(fd);
                continue;
            }
            slots_in_use |= std::uint64_t{1} << i;
            slot = i;
            lock_fd = fd;
            return;
        }
        throw std::runtime_error("sandbox: more than 64 programs at once on this machine");
    }
    ~UidSlot() {
        std::lock_guard<std::mutex> lock(slot_mutex);
        slots_in_use &= ~(std::uint64_t{1} << slot);
        close(lock_fd);
    }
    UidSlot(const UidSlot&) = delete;
    UidSlot& operator=(const UidSlot&) = delete;
};

// The process groups running now, so that an interrupt of this process (Ctrl-C) ends them too,
// with everything they started: the programs run in sessions of their own, which the terminal's
// signal does not reach.
constexpr int max_running = 256;
std::atomic<pid_t> running[max_running];

void kill_running_and_stop(int sig) {
    for (auto& group : running)
        if (const pid_t g = group.load(); g > 0) kill(-g, SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

void install_interrupt_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction old{};
            if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) signal(sig, kill_running_and_stop);
        }
    });
}

struct Registered {  // one entry of `running` while the program runs
    int slot = -1;
    explicit Registered(pid_t group) {
        for (int i = 0; i < max_running; ++i) {
            pid_t free = 0;
            if (running[i].compare_exchange_strong(free, group)) {
                slot = i;
                return;
            }
        }
    }
    ~Registered() {
        if (slot >= 0) running[slot].store(0);
    }
    Registered(const Registered&) = delete;
    Registered& operator=(const Registered&) = delete;
};

// Processes and threads the user `uid` has now: RLIMIT_NPROC counts them all, so the program's
// allowance goes on top of them.
long tasks_of(unsigned uid) {
    long tasks = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        std::ifstream status(entry.path() / "status");
        std::string key;
        unsigned real_uid = ~0u;
        long threads = 1;
        while (status >> key) {
            if (key == "Uid:") status >> real_uid;
            else if (key == "Threads:") status >> threads;
            status.ignore(4096, '\n');
        }
        if (real_uid == uid) tasks += threads;
    }
    return tasks;
}

// Kills every process of the sandbox's own user `uid` and waits (up to a second) until the kernel
// counts none: whatever a program left behind, even in a session of its own, is gone before its
// user runs the next program, whose process limit counts that user's processes. A dead one whose
// parent is this process (see PR_SET_CHILD_SUBREAPER in run) is reaped here; no other thread
// waits for it, as only this run's processes have this user.
void end_user_tasks(unsigned uid) {
    const pid_t self = getpid();
    for (int round = 0; round < 100; ++round) {
        bool live = false, zombies = false;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator("/proc", ec)) {
            const std::string name = entry.path().filename().string();
            if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
            std::ifstream status(entry.path() / "status");
            std::string key, state;
            unsigned real_uid = ~0u;
            pid_t parent = 0;
            while (status >> key) {
                if (key == "State:") status >> state;
                if (key == "PPid:") status >> parent;
                if (key == "Uid:") {
                    status >> real_uid;
                    break;
                }
                status.ignore(4096, '\n');
            }
            if (real_uid != uid) continue;
            if (state == "Z") {
                const pid_t pid = static_cast<pid_t>(std::stol(name));
                if (parent == self && waitpid(pid, nullptr, WNOHANG) == pid) continue;
                zombies = true;  // dead, counted until its new parent reaps it
                continue;
            }
            live = true;
            kill(static_cast<pid_t>(std::stol(name)), SIGKILL);
        }
        // Live ones get a second to die; the dead a fifth of one to be reaped.
        if (!live && (!zombies || round >= 20)) return;
        usleep(10000);
    }
}

std::string find_bwrap() {
    for (const char* p : {"/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap"})
        if (access(p, X_OK) == 0) return p;
    return {};
}

// The bubblewrap command line in front of the program: a new mount, pid, network, ipc, uts and
// user namespace; /usr and the caller's paths read-only; the workdir writable; a private /tmp.
std::vector<std::string> bwrap_prefix(const std::string& bwrap, const Options& o) {
    std::vector<std::string> a{bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr"};
    // Debian links /bin, /lib... into /usr; older layouts have them as real folders.
    for (const char* top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        std::error_code ec;
        const auto st = fs::symlink_status(top, ec);
        if (ec || !fs::exists(st)) continue;
        if (fs::is_symlink(st)) {
            a.insert(a.end(), {"--symlink", fs::read_symlink(top, ec).string(), top});
        } else {
            a.insert(a.end(), {"--ro-bind", top, top});
        }
    }
    for (const char* etc : {"/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
                            "/etc/localtime"})
        a.insert(a.end(), {"--ro-bind-try", etc, etc});
    a.insert(a.end(), {"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"});
    for (const auto& p : o.read_only) a.insert(a.end(), {"--ro-bind", p.string(), p.string()});
    a.insert(a.end(), {"--bind", o.workdir.string(), o.workdir.string(), "--chdir", o.workdir.string(), "--"});
    return a;
}

std::vector<char*> c_strings(std::vector<std::string>& v) {
    std::vector<char*> out;
    for (auto& s : v) out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// In the child, between fork and exec: only async-signal-safe calls. On failure the errno goes
// back to the parent through `report` and the child exits.
[[noreturn]] void child_fail(int report, int stage) {
    const int data[2] = {stage, errno};
    [[maybe_unused]] auto n = write(report, data, sizeof data);
    _exit(127);
}

struct Prepared {
    std::vector<std::string> argv, env;
    std::string workdir;  // empty: the caller's
    rlimit as{}, nproc{}, fsize{}, cpu{}, core{0, 0};
    bool set_as = false, set_nproc = false, set_fsize = false, set_cpu = false, change_user = false;
    unsigned uid = 0;
};

[[noreturn]] void exec_child(const Prepared& p, char* const* argv, char* const* env, int out, int err,
                             int report) {
    setsid();  // its own session and process group: a timeout kills the whole group
    const int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) child_fail(report, 1);
    if (!p.workdir.empty() && chdir(p.workdir.c_str()) != 0) child_fail(report, 2);
    if (p.change_user) {
        if (setgroups(0, nullptr) != 0 || setgid(p.uid) != 0 || setuid(p.uid) != 0) child_fail(report, 3);
    }
    // After the change of user, which clears it: die when the caller dies.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1) _exit(127);
    if ((p.set_as && setrlimit(RLIMIT_AS, &p.as) != 0) || (p.set_nproc && setrlimit(RLIMIT_NPROC, &p.nproc) != 0) ||
        (p.set_fsize && setrlimit(RLIMIT_FSIZE, &p.fsize) != 0) || (p.set_cpu && setrlimit(RLIMIT_CPU, &p.cpu) != 0) ||
        setrlimit(RLIMIT_CORE, &p.core) != 0)
        child_fail(report, 4);
    execve(argv[0], argv, env);
    child_fail(report, 5);
}

const char* stage_name(int stage) {
    switch (stage) {
        case 1: return "redirecting stdin/stdout/stderr";
        case 2: return "entering the working directory";
        case 3: return "changing to the sandbox's own user";
        case 4: return "setting the resource limits";
        default: return "starting the program";
    }
}

}  // namespace

void prepare_workdir(const fs::path& dir) {
    fs::create_directories(dir);
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                             fs::perms::others_read | fs::perms::others_exec);
}

bool bubblewrap_works(std::string* why) {
    static std::once_flag once;
    static bool works = false;
    static std::string reason;
    std::call_once(once, [] {
        if (find_bwrap().empty()) {
            reason = "bubblewrap is not installed (Debian package bubblewrap)";
            return;
        }
        char tmpl[] = "/tmp/workbook-sandbox-probe-XXXXXX";
        if (!mkdtemp(tmpl)) {
            reason = "cannot create a temporary folder to try bubblewrap";
            return;
        }
        chmod(tmpl, 0755);
        Options o;
        o.argv = {"/usr/bin/true"};
        o.workdir = tmpl;
        o.isolation = Isolation::bubblewrap;
        o.limits.wall = std::chrono::seconds(10);
        try {
            prepare_workdir(o.workdir);
            const Result r = run(o);
            works = r.ok();
            if (!works)
                reason = fmt::format("bubblewrap cannot create its namespaces here ({}{}{})", r.describe(),
                                     r.err.empty() ? "" : ": ", r.err.substr(0, r.err.find('\n')));
        } catch (const std::exception& e) {
            reason = e.what();
        }
        std::error_code ec;
        fs::remove_all(tmpl, ec);
    });
    if (why) *why = reason;
    return works;
}

std::string Result::describe() const {
    switch (outcome) {
        case Outcome::exited: return fmt::format("exit code {}", exit_code);
        case Outcome::signaled:
            if (!limit.empty()) return fmt::format("{} limit (signal {}, {})", limit, signal, strsignal(signal));
            return fmt::format("signal {} ({})", signal, strsignal(signal));
        case Outcome::timeout: return fmt::format("time limit ({:.0f} s of wall-clock time)", wall_seconds);
        case Outcome::output_limit: return "output limit (stdout + stderr)";
        case Outcome::failed_to_start: return fmt::format("could not start: {}", error);
    }
    return "?";
}

Result run(const Options& o) {
    Result result;
    if (o.argv.empty()) throw std::invalid_argument("sandbox::run: empty argv");

    bool use_bwrap = false;
    if (o.isolation == Isolation::bubblewrap) {
        use_bwrap = !find_bwrap().empty();
        if (!use_bwrap) {
            result.error = "bubblewrap is not installed (Debian package bubblewrap)";
            return result;
        }
    } else if (o.isolation == Isolation::automatic) {
        use_bwrap = bubblewrap_works(&result.isolation_note);
        if (!use_bwrap) result.isolation_note += "; the resource limits alone apply";
    } else {
        result.isolation_note = "bubblewrap not requested; the resource limits alone apply";
    }
    result.isolated = use_bwrap;

    if (use_bwrap && o.workdir.empty()) throw std::invalid_argument("sandbox::run: bubblewrap needs a workdir");
    Prepared p;
    p.workdir = o.workdir.string();
    p.argv = use_bwrap ? bwrap_prefix(find_bwrap(), o) : std::vector<std::string>{};
    p.argv.insert(p.argv.end(), o.argv.begin(), o.argv.end());
    if (o.inherit_environment) {
        for (char** e = environ; e && *e; ++e) p.env.emplace_back(*e);
    } else {
        p.env = {"PATH=/usr/bin:/bin", "HOME=" + p.workdir, "LANG=C.UTF-8", "TMPDIR=/tmp"};
    }
    p.env.insert(p.env.end(), o.env.begin(), o.env.end());
    std::optional<UidSlot> slot;
    if (geteuid() == 0 && !o.same_user) {
        if (o.workdir.empty()) throw std::invalid_argument("sandbox::run: a user of its own needs a workdir");
        slot.emplace();
        p.change_user = true;
        // bubblewrap's process inside the namespaces outlives bubblewrap by a moment; orphaned, it
        // would wait for the system's init to reap it (up to the fifth of a second end_user_tasks
        // gives the dead, on every run, where init is slow or absent as in many containers).
        // Orphans come to this process instead, and end_user_tasks reaps those of this run.
        static const bool subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1) == 0;
        (void)subreaper;
        p.uid = slot->uid();
        // The working directory is the one place it may write.
        if (chown(p.workdir.c_str(), p.uid, p.uid) != 0)
            throw std::runtime_error(fmt::format("sandbox: cannot hand {} to user {}: {}", p.workdir, p.uid, std::strerror(errno)));
    }
    const auto& l = o.limits;
    p.set_as = l.address_space > 0;
    p.as = {static_cast<rlim_t>(l.address_space), static_cast<rlim_t>(l.address_space)};
    p.set_nproc = l.processes > 0;
    if (p.set_nproc) {
        const rlim_t nproc = static_cast<rlim_t>(tasks_of(p.change_user ? p.uid : geteuid()) + l.processes);
        p.nproc = {nproc, nproc};
    }
    p.set_fsize = l.file_size > 0;
    p.fsize = {static_cast<rlim_t>(l.file_size), static_cast<rlim_t>(l.file_size)};
    p.set_cpu = l.cpu_seconds > 0;
    p.cpu = {static_cast<rlim_t>(l.cpu_seconds), static_cast<rlim_t>(l.cpu_seconds) + 1};
    auto argv = c_strings(p.argv);
    auto env = c_strings(p.env);

    int out[2], err[2], report[2];
    if (pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("sandbox: no pipe");
    if (pipe2(err, O_CLOEXEC) != 0) {
        close(out[0]); close(out[1]);
        throw std::runtime_error("sandbox: no pipe");
    }
    if (pipe2(report, O_CLOEXEC) != 0) {
        for (int fd : {out[0], out[1], err[0], err[1]}) close(fd);
        throw std::runtime_error("sandbox: no pipe");
    }

    install_interrupt_handlers();
    const auto start = Clock::now();
    const pid_t pid = fork();
    if (pid < 0) {
        for (int fd : {out[0], out[1], err[0], err[1], report[0], report[1]}) close(fd);
        throw std::runtime_error(fmt::format("sandbox: fork failed: {}", std::strerror(errno)));
    }
    if (pid == 0) exec_child(p, argv.data(), env.data(), out[1], o.merge_output ? out[1] : err[1], report[1]);
    const Registered registered(pid);  // its own session: the group id is its pid
    close(out[1]);
    close(err[1]);
    close(report[1]);

    // Did exec succeed? The report pipe closes on exec (O_CLOEXEC) or carries the failure.
    int failure[2] = {0, 0};
    const ssize_t got = read(report[0], failure, sizeof failure);
    close(report[0]);
    if (got == static_cast<ssize_t>(sizeof failure)) {
        waitpid(pid, nullptr, 0);
        close(out[0]);
        close(err[0]);
        result.error = fmt::format("{} ({}): {}", stage_name(failure[0]), o.argv[0], std::strerror(failure[1]));
        return result;
    }

    set_nonblocking(out[0]);
    set_nonblocking(err[0]);
    struct Stream { int fd; std::string* keep; bool* truncated; };
    Stream streams[2] = {{out[0], &result.out, &result.out_truncated}, {err[0], &result.err, &result.err_truncated}};
    std::uint64_t total = 0;
    bool timed_out = false, too_much_output = false;
    bool kill_pending = false;  // SIGTERM sent, SIGKILL due at kill_at
    Clock::time_point kill_at = start;
    const auto deadline = start + l.wall;
    int status = 0;
    rusage usage{};
    bool exited = false;

    auto stop = [&](bool gently) {
        if (gently && o.grace.count() > 0) {
            kill(-pid, SIGTERM);  // doctest reports the test case it was in, then exits
            kill_at = Clock::now() + o.grace;
            kill_pending = true;
        } else {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
        }
    };

    char buffer[65536];
    while (!exited) {
        pollfd fds[2];
        int n = 0;
        for (auto& s : streams)
            if (s.fd >= 0) fds[n++] = {s.fd, POLLIN, 0};
        const auto now = Clock::now();
        const auto wake = kill_pending ? std::min(deadline, kill_at) : deadline;
        int wait_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count());
        wait_ms = std::clamp(wait_ms, 0, n ? 200 : 2);
        if (n) poll(fds, n, wait_ms);
        else usleep(static_cast<useconds_t>(wait_ms) * 1000);

        for (auto& s : streams) {
            if (s.fd < 0) continue;
            for (;;) {
                const ssize_t r = read(s.fd, buffer, sizeof buffer);
                if (r > 0) {
                    total += static_cast<std::uint64_t>(r);
                    if (o.on_output && s.keep == &result.out) o.on_output(buffer, static_cast<std::size_t>(r));
                    const std::size_t room = o.keep > s.keep->size() ? o.keep - s.keep->size() : 0;
                    s.keep->append(buffer, std::min(room, static_cast<std::size_t>(r)));
                    if (static_cast<std::size_t>(r) > room) *s.truncated = true;
                    continue;
                }
                if (r == 0) {
                    close(s.fd);
                    s.fd = -1;
                }
                break;  // EAGAIN or EOF
            }
        }
        if (!too_much_output && !timed_out && l.output > 0 && total > l.output) {
            too_much_output = true;
            stop(true);
        }
        const auto t = Clock::now();
        if (!timed_out && !too_much_output && t >= deadline) {
            timed_out = true;
            stop(true);
        }
        if (kill_pending && t >= kill_at) {
            stop(false);
            kill_pending = false;
        }
        if (wait4(pid, &status, WNOHANG, &usage) == pid) exited = true;
    }
    // Whatever the program left running in its group goes with it; then the last bytes.
    kill(-pid, SIGKILL);
    for (auto& s : streams) {
        if (s.fd < 0) continue;
        ssize_t r;
        while ((r = read(s.fd, buffer, sizeof buffer)) > 0) {
            total += static_cast<std::uint64_t>(r);
            if (o.on_output && s.keep == &result.out) o.on_output(buffer, static_cast<std::size_t>(r));
            const std::size_t room = o.keep > s.keep->size() ? o.keep - s.keep->size() : 0;
            s.keep->append(buffer, std::min(room, static_cast<std::size_t>(r)));
            if (static_cast<std::size_t>(r) > room) *s.truncated = true;
        }
        close(s.fd);
    }

    if (p.change_user) end_user_tasks(p.uid);
    result.output_bytes = total;
    result.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    result.cpu_measured = !use_bwrap;
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    // bubblewrap passes the program's death by a signal on as exit code 128 + signal.
    if (use_bwrap && WIFEXITED(status) && result.exit_code > 128 && result.exit_code < 128 + 65) {
        result.signal = result.exit_code - 128;
    }
    if (timed_out) {
        result.outcome = Outcome::timeout;
        result.limit = "time";
    } else if (too_much_output) {
        result.outcome = Outcome::output_limit;
        result.limit = "output";
    } else if (result.signal != 0) {
        result.outcome = Outcome::signaled;
        if (result.signal == SIGXCPU) result.limit = "cpu time";
        if (result.signal == SIGXFSZ) result.limit = "file size";
    } else {
        result.outcome = Outcome::exited;
    }
    return result;
}

}  // namespace workbook::sandbox
