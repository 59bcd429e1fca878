// The sandbox that runs students' test programs: each test makes the probe program misbehave in
// one way and checks that the sandbox stops it and names what happened. Every test runs with the
// resource limits alone, and again inside bubblewrap when bubblewrap works on this machine.
#include "../../tools/workbook/sandbox.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace fs = std::filesystem;
namespace sb = workbook::sandbox;

namespace {

const fs::path probe = SANDBOX_PROBE;  // the probe program, built next to this test

// A fresh scratch folder per run, removed afterwards.
struct Scratch {
    fs::path dir;
    Scratch() {
        char tmpl[] = "/tmp/workbook-sandbox-test-XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        dir = tmpl;
        fs::permissions(dir, fs::perms::owner_all | fs::perms::others_exec | fs::perms::group_exec);
        sb::prepare_workdir(dir / "work");
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
};

sb::Options options(const Scratch& s, std::vector<std::string> args, sb::Isolation isolation) {
    sb::Options o;
    o.argv = {probe.string()};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    o.workdir = s.dir / "work";
    o.read_only = {probe.parent_path()};
    o.isolation = isolation;
    o.limits.wall = std::chrono::seconds(20);
    return o;
}

// Both ways of isolating, as subcases; bubblewrap only where it can create namespaces.
std::vector<sb::Isolation> isolations() {
    std::vector<sb::Isolation> v{sb::Isolation::limits_only};
    std::string why;
    if (sb::bubblewrap_works(&why)) v.push_back(sb::Isolation::bubblewrap);
    else MESSAGE("bubblewrap is not tested here: " << why);
    return v;
}

std::string name_of(sb::Isolation i) { return i == sb::Isolation::bubblewrap ? "bubblewrap" : "limits only"; }

}  // namespace

TEST_CASE("sandbox: exit code, stdout and stderr are returned separately") {
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        const auto r = sb::run(options(s, {"hello"}, isolation));
        CHECK(r.outcome == sb::Outcome::exited);
        CHECK(r.exit_code == 3);
        CHECK_FALSE(r.ok());
        CHECK(r.out == "hello\n");
        CHECK(r.err == "to stderr\n");
        CHECK(r.isolated == (isolation == sb::Isolation::bubblewrap));
        CHECK(r.describe() == "exit code 3");
    }
}

TEST_CASE("sandbox: a crash is reported with its signal") {
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        const auto r = sb::run(options(s, {"segfault"}, isolation));
        CHECK(r.outcome == sb::Outcome::signaled);
        CHECK(r.signal == SIGSEGV);
        CHECK(r.limit.empty());
    }
}

TEST_CASE("sandbox: a program that never ends is stopped at the wall-clock limit") {
    for (const auto isolation : isolations()) {
        for (const char* mode : {"sleep", "spin", "ignore-term"}) {
            CAPTURE(name_of(isolation));
            CAPTURE(mode);
            Scratch s;
            auto o = options(s, {mode}, isolation);
            o.limits.wall = std::chrono::milliseconds(300);
            const auto r = sb::run(o);
            CHECK(r.outcome == sb::Outcome::timeout);
            CHECK(r.limit == "time");
            // 0.3 s, then SIGTERM, then at most 1 s of grace before SIGKILL.
            CHECK(r.wall_seconds >= 0.3);
            CHECK(r.wall_seconds < 3.0);
        }
    }
}

TEST_CASE("sandbox: the address-space limit turns a huge allocation into std::bad_alloc") {
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        auto o = options(s, {"alloc", "10240"}, isolation);  // 10 GB
        o.limits.address_space = std::uint64_t{512} << 20;
        const auto big = sb::run(o);
        CHECK(big.exit_code == 4);
        CHECK(big.out == "bad_alloc\n");
        o.argv.back() = "64";  // 64 MB fits in 512 MB
        const auto small = sb::run(o);
        CHECK(small.ok());
        CHECK(small.out == "allocated\n");
    }
}

TEST_CASE("sandbox: output beyond the limit stops the program; the first bytes are kept") {
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        auto o = options(s, {"print"}, isolation);
        o.limits.output = 1 << 20;
        o.keep = 4096;
        const auto r = sb::run(o);
        CHECK(r.outcome == sb::Outcome::output_limit);
        CHECK(r.limit == "output");
        CHECK(r.out.size() == 4096);
        CHECK(r.out_truncated);
        CHECK(r.out.substr(0, 3) == "xxx");
        CHECK(r.wall_seconds < 5.0);
    }
}

TEST_CASE("sandbox: the process limit stops a fork bomb, and its processes die with it") {
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        auto o = options(s, {"fork"}, isolation);
        o.limits.processes = 20;
        const auto r = sb::run(o);
        REQUIRE(r.ok());
        // "forks N": at most 20 processes, less the probe itself (and bubblewrap's own two).
        int forks = -1;
        REQUIRE(std::sscanf(r.out.c_str(), "forks %d", &forks) == 1);
        CHECK(forks >= 1);
        CHECK(forks < 20);
    }
}

TEST_CASE("sandbox: a file larger than the file-size limit is stopped by name") {
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        auto o = options(s, {"bigfile"}, isolation);
        o.limits.file_size = 1 << 20;
        const auto r = sb::run(o);
        CHECK(r.outcome == sb::Outcome::signaled);
        CHECK(r.signal == SIGXFSZ);
        CHECK(r.limit == "file size");
    }
}

TEST_CASE("sandbox: no stdin, a clean environment, arguments passed without a shell") {
    setenv("WORKBOOK_SANDBOX_SECRET", "leaked", 1);
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        const auto in = sb::run(options(s, {"stdin"}, isolation));
        CHECK(in.out == "stdin []\n");

        auto o = options(s, {"env"}, isolation);
        o.env = {"OMP_NUM_THREADS=1"};
        const auto env = sb::run(o);
        CHECK(env.out.find("WORKBOOK_SANDBOX_SECRET") == std::string::npos);
        CHECK(env.out.find("OMP_NUM_THREADS=1\n") != std::string::npos);
        CHECK(env.out.find(fmt::format("HOME={}\n", (s.dir / "work").string())) != std::string::npos);

        // A shell would run the second command; execve takes it as one odd file name.
        const auto odd = sb::run(options(s, {"write", "a; touch b"}, isolation));
        CHECK(odd.ok());
        CHECK(fs::exists(s.dir / "work" / "a; touch b"));
        CHECK_FALSE(fs::exists(s.dir / "work" / "b"));
    }
    unsetenv("WORKBOOK_SANDBOX_SECRET");
}

TEST_CASE("sandbox: the program writes in its working directory and nowhere else") {
    for (const auto isolation : isolations()) {
        CAPTURE(name_of(isolation));
        Scratch s;
        CHECK(sb::run(options(s, {"write", "inside.txt"}, isolation)).ok());
        CHECK(fs::exists(s.dir / "work" / "inside.txt"));
        // Next to the working directory. Run as root, the program has a user of its own and root's folder
        // refuses it; inside bubblewrap the folder is not there at all (the write lands in the
        // sandbox's own /tmp, which disappears with it).
        const fs::path outside = s.dir / "outside.txt";
        const auto r = sb::run(options(s, {"write", outside.string()}, isolation));
        if (isolation == sb::Isolation::limits_only && geteuid() == 0) CHECK(r.exit_code == 5);
        if (isolation == sb::Isolation::bubblewrap || geteuid() == 0) CHECK_FALSE(fs::exists(outside));
        if (geteuid() == 0) {
            const int uid = std::atoi(sb::run(options(s, {"uid"}, isolation)).out.c_str());
            CHECK(uid >= 64000);
            CHECK(uid < 64064);
        }
        if (isolation == sb::Isolation::bubblewrap) {
            // Its /tmp is its own: a file written there is not in the real /tmp.
            const fs::path tmp = fs::path("/tmp") / fs::path(s.dir).filename() += "-probe";
            CHECK(sb::run(options(s, {"write", tmp.string()}, isolation)).ok());
            CHECK_FALSE(fs::exists(tmp));
        }
    }
}

TEST_CASE("sandbox: inside bubblewrap there is no network") {
    std::string why;
    if (!sb::bubblewrap_works(&why)) {
        MESSAGE("skipped: " << why);
        return;
    }
    // A server on the host's loopback that the sandboxed program tries to reach.
    const int server = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(server >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(listen(server, 1) == 0);
    socklen_t len = sizeof a;
    getsockname(server, reinterpret_cast<sockaddr*>(&a), &len);
    const std::string port = std::to_string(ntohs(a.sin_port));

    Scratch s;
    const auto outside = sb::run(options(s, {"network", port}, sb::Isolation::limits_only));
    CHECK(outside.out == "connected\n");  // the probe itself can connect
    const auto inside = sb::run(options(s, {"network", port}, sb::Isolation::bubblewrap));
    CHECK(inside.exit_code == 6);
    close(server);
}

TEST_CASE("sandbox: programs running at once do not share the process limit") {
    // Two fork bombs side by side, each allowed 20 processes: run as root, each has a user of its
    // own, so each gets its own 20 (RLIMIT_NPROC counts per user).
    if (geteuid() != 0) {
        MESSAGE("skipped: only run as root do programs get users of their own");
        return;
    }
    Scratch s1, s2;
    auto o1 = options(s1, {"fork"}, sb::Isolation::limits_only), o2 = options(s2, {"fork"}, sb::Isolation::limits_only);
    o1.limits.processes = o2.limits.processes = 20;
    sb::Result r1, r2;
    std::thread t1([&] { r1 = sb::run(o1); }), t2([&] { r2 = sb::run(o2); });
    t1.join();
    t2.join();
    int f1 = -1, f2 = -1;
    REQUIRE(std::sscanf(r1.out.c_str(), "forks %d", &f1) == 1);
    REQUIRE(std::sscanf(r2.out.c_str(), "forks %d", &f2) == 1);
    CHECK(f1 >= 15);
    CHECK(f2 >= 15);
}

TEST_CASE("sandbox: a program that does not exist is reported, not thrown") {
    Scratch s;
    sb::Options o;
    o.argv = {(s.dir / "no-such-program").string()};
    o.workdir = s.dir / "work";
    o.isolation = sb::Isolation::limits_only;
    const auto r = sb::run(o);
    CHECK(r.outcome == sb::Outcome::failed_to_start);
    CHECK(r.error.find("No such file") != std::string::npos);
    CHECK(r.describe().find("could not start") == 0);
}

TEST_CASE("sandbox: the student's own loop runs as the caller, in its folder and environment, one output stream") {
    // The settings of runner.cpp's run_program: the student's own test programs.
    Scratch s;
    setenv("WORKBOOK_SANDBOX_KEPT", "kept", 1);
    sb::Options o;
    o.isolation = sb::Isolation::limits_only;
    o.same_user = true;
    o.inherit_environment = true;
    o.merge_output = true;
    o.grace = std::chrono::milliseconds(0);
    o.limits.processes = 0;
    o.limits.output = 0;
    o.limits.file_size = 0;
    std::string streamed;
    o.on_output = [&](const char* data, std::size_t n) { streamed.append(data, n); };

    o.argv = {probe.string(), "hello"};
    const auto hello = sb::run(o);
    CHECK(hello.exit_code == 3);
    CHECK(hello.err.empty());  // stderr went into the same stream
    CHECK(hello.out.find("hello\n") != std::string::npos);
    CHECK(hello.out.find("to stderr\n") != std::string::npos);
    CHECK(hello.output_bytes == hello.out.size());
    CHECK(streamed == hello.out);

    o.argv = {probe.string(), "env"};
    CHECK(sb::run(o).out.find("WORKBOOK_SANDBOX_KEPT=kept\n") != std::string::npos);
    o.argv = {probe.string(), "uid"};
    CHECK(sb::run(o).out == fmt::format("{}\n", getuid()));

    // At the time limit the program is killed at once, even one that ignores SIGTERM.
    o.argv = {probe.string(), "ignore-term"};
    o.limits.wall = std::chrono::milliseconds(300);
    const auto hang = sb::run(o);
    CHECK(hang.outcome == sb::Outcome::timeout);
    CHECK(hang.wall_seconds < 0.9);
    unsetenv("WORKBOOK_SANDBOX_KEPT");
}
