#include "buildlog.hpp"

#include <cctype>
#include <fstream>
#include <vector>

namespace workbook {

namespace {

// "ch03" in "FAILED: CMakeFiles/ch03_student.dir/..." or "FAILED: test_ch03_student".
std::string chapter_of_target(const std::string& line) {
    for (auto at = line.find("ch"); at != std::string::npos; at = line.find("ch", at + 1)) {
        if (at + 4 < line.size() && std::isdigit(static_cast<unsigned char>(line[at + 2])) &&
            std::isdigit(static_cast<unsigned char>(line[at + 3])) && line[at + 4] == '_' &&
            (at == 0 || !std::isalpha(static_cast<unsigned char>(line[at - 1]))))
            return line.substr(at + 2, 2);
    }
    return "";
}

std::string relative_to(const std::string& file, const std::filesystem::path& root) {
    const std::string prefix = std::filesystem::absolute(root).lexically_normal().string() + "/";
    return file.rfind(prefix, 0) == 0 ? file.substr(prefix.size()) : file;
}

// "path:line:col: error: message" -> BuildError; false when the line is not one.
bool parse_diagnostic(const std::string& line, const std::filesystem::path& root, BuildError& out) {
    const auto error = line.find(": error: ");
    const auto fatal = line.find(": fatal error: ");
    const auto at = error != std::string::npos ? error : fatal;
    if (at == std::string::npos) return false;
    const std::string location = line.substr(0, at);  // path:line:col
    const auto c2 = location.rfind(':');
    const auto c1 = c2 == std::string::npos ? std::string::npos : location.rfind(':', c2 - 1);
    if (c1 == std::string::npos) {
        out.file = relative_to(location, root);
    } else {
        out.file = relative_to(location.substr(0, c1), root);
        out.line = std::atoi(location.substr(c1 + 1, c2 - c1 - 1).c_str());
    }
    out.message = line.substr(at + 2);
    return true;
}

}  // namespace

std::map<std::string, BuildError> build_errors(const std::filesystem::path& log, const std::filesystem::path& root) {
    std::map<std::string, BuildError> errors;
    std::ifstream in(log);
    std::string chapter, line;
    std::vector<std::string> block;
    auto finish = [&] {
        if (chapter.empty() || errors.count(chapter)) return;
        BuildError first;
        bool found = false;
        // Prefer the first error in a chapter file the student edits; else the first at all.
        for (const auto& l : block) {
            BuildError e;
            if (!parse_diagnostic(l, root, e)) continue;
            if (!found) first = e, found = true;
            if (e.file.rfind("chapters/" + chapter, 0) == 0) {
                first = e;
                break;
            }
        }
        if (!found) {
            for (const auto& l : block) {
                if (l.find("undefined reference") != std::string::npos) {
                    first.message = l.substr(l.find("undefined reference"));
                    found = true;
                    break;
                }
            }
        }
        if (!found && !block.empty()) first.message = block.front();
        errors[chapter] = first;
    };
    while (std::getline(in, line)) {
        if (line.rfind("FAILED: ", 0) == 0) {
            finish();
            chapter = chapter_of_target(line);
            block.clear();
        } else if (line.size() > 1 && line[0] == '[' && std::isdigit(static_cast<unsigned char>(line[1]))) {
            finish();
            chapter.clear();
            block.clear();
        } else if (!chapter.empty()) {
            block.push_back(line);
        }
    }
    finish();
    return errors;
}

}  // namespace workbook
