#include "grade_input.hpp"

#include "sandbox.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

namespace workbook::grade {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Folders a submission may carry that never matter: build output, version control, OS litter.
bool ignored(const std::string& rel) {
    static const std::vector<std::string> prefixes{"build/", ".git/", "__MACOSX/", ".vscode/", ".idea/", ".cache/"};
    for (const auto& p : prefixes)
        if (rel.rfind(p, 0) == 0 || rel.find("/" + p) != std::string::npos) return true;
    const std::string name = fs::path(rel).filename().string();
    return name == ".DS_Store" || name == "Thumbs.db";
}

// A path inside an archive, made relative and safe: no absolute paths, no "..".
bool clean_path(std::string& p) {
    while (p.rfind("./", 0) == 0) p.erase(0, 2);
    if (p.empty() || p[0] == '/') return false;
    for (const auto& part : fs::path(p))
        if (part == "..") return false;
    return true;
}

struct Adder {
    SubmissionFiles& s;
    const InputLimits& limits;
    std::size_t total = 0;
    bool add(const std::string& rel, std::string content) {
        if (ignored(rel)) return true;
        if (s.files.size() >= limits.max_files) {
            s.notes.push_back(fmt::format("파일이 {}개를 넘어 나머지는 읽지 않았습니다 (more than {} files)",
                                          limits.max_files, limits.max_files));
            return false;
        }
        if (content.size() > limits.max_file) {
            s.notes.push_back(fmt::format("{}: {} 바이트로 너무 커서 건너뜀 (skipped, larger than {} bytes)", rel,
                                          content.size(), limits.max_file));
            return true;
        }
        total += content.size();
        if (total > limits.max_total) {
            s.notes.push_back(fmt::format("제출물이 {} 바이트를 넘어 나머지는 읽지 않았습니다 (more than {} bytes)",
                                          limits.max_total, limits.max_total));
            return false;
        }
        s.files[rel] = std::move(content);
        return true;
    }
};

void read_folder(const fs::path& dir, Adder& add) {
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const auto& entry = *it;
        const std::string rel = fs::relative(entry.path(), dir).generic_string();
        if (entry.is_symlink()) {
            if (!ignored(rel)) add.s.notes.push_back(fmt::format("{}: 심볼릭 링크는 따라가지 않습니다 (symbolic link, skipped)", rel));
            continue;
        }
        if (entry.is_directory()) {
            if (ignored(rel + "/")) it.disable_recursion_pending();
            continue;
        }
        if (!entry.is_regular_file()) continue;
        if (!add.add(rel, read_file(entry.path()))) break;
    }
}

void read_archive(const fs::path& file, Adder& add) {
    std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
    archive_read_support_filter_all(a.get());
    archive_read_support_format_all(a.get());
    if (archive_read_open_filename(a.get(), file.c_str(), 1 << 16) != ARCHIVE_OK) {
        add.s.error = fmt::format("압축 파일을 열 수 없습니다 (cannot open the archive): {}", archive_error_string(a.get()));
        return;
    }
    archive_entry* entry = nullptr;
    int r;
    while ((r = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK || r == ARCHIVE_WARN) {
        std::string path = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
        if (archive_entry_filetype(entry) != AE_IFREG) {
            if (archive_entry_filetype(entry) == AE_IFLNK && !ignored(path))
                add.s.notes.push_back(fmt::format("{}: 심볼릭 링크는 따라가지 않습니다 (symbolic link, skipped)", path));
            continue;
        }
        if (!clean_path(path)) {
            add.s.notes.push_back(fmt::format("{}: 제출물 밖을 가리키는 경로라서 건너뜀 (path outside the submission, skipped)",
                                              archive_entry_pathname(entry)));
            continue;
        }
        const auto size = archive_entry_size(entry);
        if (size > static_cast<la_int64_t>(add.limits.max_file)) {
            add.s.notes.push_back(fmt::format("{}: {} 바이트로 너무 커서 건너뜀 (skipped, larger than {} bytes)", path,
                                              size, add.limits.max_file));
            continue;
        }
        std::string content;
        char buffer[1 << 16];
        la_ssize_t n;
        while ((n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0) {
            content.append(buffer, static_cast<std::size_t>(n));
            if (content.size() > add.limits.max_file) break;
        }
        if (n < 0) {
            add.s.notes.push_back(fmt::format("{}: 읽다가 멈춤 (read error): {}", path, archive_error_string(a.get())));
            continue;
        }
        if (!add.add(path, std::move(content))) break;
    }
    if (r == ARCHIVE_FATAL)
        add.s.notes.push_back(fmt::format("압축 파일이 중간에 깨져 있습니다 (the archive is damaged): {}",
                                          archive_error_string(a.get())));
    if (add.s.files.empty() && add.s.error.empty())
        add.s.error = "압축 파일에 읽을 수 있는 파일이 없습니다 (no readable file in the archive)";
}

// What the build reads: deleting anything else (docs, solutions) is not worth a warning.
bool affects_build(const std::string& rel) {
    for (const char* prefix : {"chapters/", "tests/", "cmake/", "tools/"})
        if (rel.rfind(prefix, 0) == 0) return true;
    return rel == "CMakeLists.txt" || rel == "CMakePresets.json" || rel == "workbook";
}

bool is_git(const fs::path& dir) {
    return fs::exists(dir / ".git") || (fs::exists(dir / "HEAD") && fs::is_directory(dir / "objects"));
}

// `git archive` of the last commit, run with the sandbox's limits: a repository is data, and
// its configuration must not run anything (hooks do not run for archive; fsmonitor is off).
bool git_archive(const fs::path& repo, const fs::path& scratch, fs::path& tar, std::string& why) {
    sandbox::prepare_workdir(scratch);
    tar = scratch / "submission.tar";
    sandbox::Options o;
    const bool bare = !fs::exists(repo / ".git");
    o.argv = {"/usr/bin/git", "-c", "core.fsmonitor=false", "-c", "safe.directory=*"};
    if (bare) o.argv.insert(o.argv.end(), {"--git-dir", fs::absolute(repo).string()});
    else o.argv.insert(o.argv.end(), {"-C", fs::absolute(repo).string()});
    o.argv.insert(o.argv.end(), {"archive", "--format=tar", "-o", tar.string(), "HEAD"});
    o.workdir = scratch;
    o.read_only = {fs::absolute(repo)};
    o.limits.wall = std::chrono::seconds(60);
    o.limits.file_size = std::uint64_t{256} << 20;
    const auto r = sandbox::run(o);
    if (!r.ok()) {
        why = fmt::format("{}: {}", r.describe(), r.err.substr(0, r.err.find('\n')));
        return false;
    }
    return true;
}

// A submission packed inside one folder ("kim-minji/chapters/..."): drop that folder.
void strip_common_top(SubmissionFiles& s) {
    for (int depth = 0; depth < 3 && !s.files.empty(); ++depth) {
        std::set<std::string> tops;
        bool has_chapters = false;
        for (const auto& [path, _] : s.files) {
            const auto slash = path.find('/');
            if (slash == std::string::npos) return;  // a file at the top: nothing to strip
            tops.insert(path.substr(0, slash));
            has_chapters = has_chapters || path.rfind("chapters/", 0) == 0;
        }
        if (tops.size() != 1 || has_chapters) return;
        const std::size_t cut = tops.begin()->size() + 1;
        std::map<std::string, std::string> stripped;
        for (auto& [path, content] : s.files) stripped[path.substr(cut)] = std::move(content);
        s.files = std::move(stripped);
    }
}

}  // namespace

SubmissionFiles read_submission(const fs::path& path, const fs::path& scratch, const InputLimits& limits) {
    SubmissionFiles s;
    fs::path name = path.filename();
    if (name.empty()) name = path.parent_path().filename();
    s.id = name.string();
    for (const char* ext : {".zip", ".tar", ".tgz", ".gz", ".bz2", ".xz", ".zst", ".git"}) {
        if (s.id.size() > std::strlen(ext) && s.id.compare(s.id.size() - std::strlen(ext), std::string::npos, ext) == 0)
            s.id.erase(s.id.size() - std::strlen(ext));
        if (s.id.size() > 4 && s.id.compare(s.id.size() - 4, 4, ".tar") == 0) s.id.erase(s.id.size() - 4);
    }
    Adder add{s, limits};
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        if (is_git(path)) {
            s.kind = "git";
            fs::path tar;
            std::string why;
            if (git_archive(path, scratch, tar, why)) {
                read_archive(tar, add);
                fs::remove(tar, ec);
            } else {
                s.notes.push_back(fmt::format(
                    "git archive가 실패해서 작업 폴더를 그대로 읽었습니다 (git archive failed, read the work tree): {}", why));
                s.error.clear();
                read_folder(path, add);
            }
        } else {
            s.kind = "folder";
            read_folder(path, add);
        }
    } else if (fs::is_regular_file(path, ec)) {
        s.kind = "archive";
        read_archive(path, add);
    } else {
        s.error = fmt::format("제출물을 찾을 수 없습니다 (no such file or folder): {}", path.string());
    }
    strip_common_top(s);
    if (s.error.empty() && s.files.empty()) s.error = "제출물이 비어 있습니다 (the submission is empty)";
    return s;
}

std::map<std::string, std::string> instructor_files(const fs::path& root) {
    std::map<std::string, std::string> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string rel = fs::relative(it->path(), root).generic_string();
        if (it->is_directory() && (ignored(rel + "/") || rel.rfind("build", 0) == 0)) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && !ignored(rel)) files[rel] = read_file(it->path());
    }
    return files;
}

Picked pick_sources(const SubmissionFiles& submission, const std::vector<std::string>& exercise_sources,
                    const std::map<std::string, std::string>& instructor) {
    Picked p;
    std::set<std::string> used;
    for (const auto& source : exercise_sources) {
        if (auto it = submission.files.find(source); it != submission.files.end()) {
            p.sources[source] = it->second;
            used.insert(source);
            continue;
        }
        // A flat upload (Gradescope, a zip of the files alone): the one file with that name.
        const std::string name = fs::path(source).filename().string();
        std::vector<std::string> candidates;
        for (const auto& [path, _] : submission.files)
            if (fs::path(path).filename() == name) candidates.push_back(path);
        if (candidates.size() == 1) {
            p.sources[source] = submission.files.at(candidates[0]);
            used.insert(candidates[0]);
            if (candidates[0] != name)
                p.warnings.push_back(fmt::format("{}: {}에서 가져왔습니다 (taken from {})", source, candidates[0], candidates[0]));
        } else {
            p.missing.push_back(source);
            if (candidates.size() > 1)
                p.warnings.push_back(fmt::format("{}: 같은 이름의 파일이 {}개라서 어느 것도 쓰지 않았습니다 ({} files with this name; none used)",
                                                 source, candidates.size(), candidates.size()));
        }
    }
    std::vector<std::string> changed, added, deleted;
    for (const auto& [path, content] : submission.files) {
        if (used.count(path)) continue;
        const auto it = instructor.find(path);
        if (it == instructor.end()) added.push_back(path);
        else if (it->second != content) changed.push_back(path);
    }
    // Only a submission that looks like the whole workbook can have deleted something.
    const bool whole = std::any_of(submission.files.begin(), submission.files.end(),
                                   [](const auto& f) { return f.first.rfind("chapters/", 0) == 0; }) &&
                       submission.files.count("CMakeLists.txt");
    if (whole) {
        for (const auto& [path, _] : instructor)
            if (affects_build(path) && !submission.files.count(path) &&
                std::find(exercise_sources.begin(), exercise_sources.end(), path) == exercise_sources.end())
                deleted.push_back(path);
    }
    auto list = [&](const std::vector<std::string>& paths, const char* what_ko, const char* what_en) {
        constexpr std::size_t shown = 15;
        for (std::size_t i = 0; i < std::min(shown, paths.size()); ++i)
            p.warnings.push_back(fmt::format("{} ({}): {} — 채점에 쓰지 않았습니다 (ignored)", what_ko, what_en, paths[i]));
        if (paths.size() > shown)
            p.warnings.push_back(fmt::format("{} ({}): 그 밖에 {}개 더 (and {} more)", what_ko, what_en,
                                             paths.size() - shown, paths.size() - shown));
    };
    list(changed, "바뀐 파일", "changed");
    list(added, "추가된 파일", "added");
    list(deleted, "지워진 파일", "deleted");
    return p;
}

}  // namespace workbook::grade
