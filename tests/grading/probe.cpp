// A program that misbehaves on request, for the sandbox's tests: each mode is one thing a
// student's code could do by mistake or on purpose.
//   probe MODE [ARG]
#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    const std::string arg = argc > 2 ? argv[2] : "";
    if (mode == "hello") {
        fmt::print("hello\n");
        fmt::print(stderr, "to stderr\n");
        return 3;
    }
    if (mode == "segfault") {
        std::raise(SIGSEGV);
    }
    if (mode == "sleep") {
        for (;;) pause();
    }
    if (mode == "spin") {
        volatile unsigned long n = 0;
        for (;;) n = n + 1;
    }
    if (mode == "alloc") {  // ARG megabytes, touched so that they are real
        try {
            const std::size_t bytes = std::stoull(arg) << 20;
            char* p = new char[bytes];
            for (std::size_t i = 0; i < bytes; i += 4096) p[i] = 1;
            fmt::print("allocated\n");
            return 0;
        } catch (const std::bad_alloc&) {
            fmt::print("bad_alloc\n");
            return 4;
        }
    }
    if (mode == "print") {  // without end
        const std::string line(1023, 'x');
        for (;;) std::fwrite((line + "\n").data(), 1, 1024, stdout);
    }
    if (mode == "fork") {  // forks without end; counts the forks that succeeded
        int forks = 0;
        for (int i = 0; i < 100000; ++i) {
            const pid_t pid = fork();
            if (pid == 0) {
                pause();
                _exit(0);
            }
            if (pid < 0) break;
            ++forks;
        }
        fmt::print("forks {}\n", forks);
        return 0;
    }
    if (mode == "stdin") {  // what is on stdin
        std::string all, line;
        while (std::getline(std::cin, line)) all += line;
        fmt::print("stdin [{}]\n", all);
        return 0;
    }
    if (mode == "env") {
        for (char** e = environ; *e; ++e) fmt::print("{}\n", *e);
        return 0;
    }
    if (mode == "uid") {
        fmt::print("{}\n", getuid());
        return 0;
    }
    if (mode == "write") {  // ARG is a path to create
        std::ofstream f(arg);
        f << "written by probe\n";
        f.close();
        fmt::print("{}\n", f.good() ? "wrote" : "could not write");
        return f.good() ? 0 : 5;
    }
    if (mode == "bigfile") {  // a file in the working directory without end
        std::FILE* f = std::fopen("big.bin", "wb");
        const std::vector<char> block(1 << 20, 'y');
        for (;;) std::fwrite(block.data(), 1, block.size(), f);
    }
    if (mode == "network") {  // connects to ARG port on 127.0.0.1
        const int s = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(std::stoi(arg)));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        const int r = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
        fmt::print("{}\n", r == 0 ? "connected" : std::strerror(errno));
        return r == 0 ? 0 : 6;
    }
    if (mode == "ignore-term") {  // ignores SIGTERM, then sleeps
        std::signal(SIGTERM, SIG_IGN);
        for (;;) pause();
    }
    if (mode == "setsid-child") {  // leaves a child in its own session, then exits
        if (fork() == 0) {
            setsid();
            for (;;) pause();
        }
        return 0;
    }
    fmt::print(stderr, "probe: unknown mode '{}'\n", mode);
    return 2;
}
