#include "serve.hpp"

#include <fmt/format.h>
#include <httplib.h>

namespace site {

int serve(const std::string& dir, int port) {
    httplib::Server server;
    if (!server.set_mount_point("/", dir)) {
        fmt::print(stderr, "docs: 사이트 폴더가 없습니다 (site folder missing): {}\n", dir);
        return 1;
    }
    // Only this machine: the site is for the reader at this keyboard.
    fmt::print("docs: http://127.0.0.1:{}/index.html 에서 보세요 (serving {}; 멈추려면 Ctrl+C)\n", port, dir);
    std::fflush(stdout);
    if (!server.listen("127.0.0.1", port)) {
        fmt::print(stderr, "docs: 127.0.0.1:{}에서 들을 수 없습니다 (port in use?) — --port로 다른 포트를 고르세요\n", port);
        return 1;
    }
    return 0;
}

}  // namespace site
