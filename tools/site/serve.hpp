#pragma once
#include <string>
namespace site {
/// Serves `dir` on http://127.0.0.1:port/ until interrupted.
int serve(const std::string& dir, int port);
}  // namespace site
