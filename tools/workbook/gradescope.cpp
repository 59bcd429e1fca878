#include "gradescope.hpp"

#include "grade_input.hpp"
#include "manifest.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

namespace workbook::grade {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("{}를 읽을 수 없습니다 (cannot read {})", p.string(), p.string()));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

fs::path resolve(const fs::path& cwd, const fs::path& p) {
    return p.is_absolute() || cwd.empty() ? p : (cwd / p).lexically_normal();
}

// A word for a bash script, quoted: 'it''s' style.
std::string quoted(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string join(const std::vector<std::string>& words, const std::string& sep = " ") {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : sep) + w;
    return out;
}

// Left out of the bundle's copy of the instructor's tree: build output, history, a student's
// backups and the demo's pictures. The reference is built again inside Gradescope's image.
bool left_out(const std::string& rel) {
    for (const char* top : {"out/", "chapters/.backup/", ".cache/", ".ci/"})
        if (rel.rfind(top, 0) == 0) return true;
    return false;
}

std::string setup_script(const std::vector<std::string>& packages, const std::vector<std::string>& targets) {
    return fmt::format(R"SH(#!/usr/bin/env bash
# Gradescope runs this once, as root, while it builds the autograder's image (choose the Ubuntu
# 22.04 base image): the packages the workbook needs (the list of its ./workbook script), then the
# reference build that ./workbook grade links every submission against. Written by
# ./workbook grade --gradescope-bundle.
set -euo pipefail
source_dir=$(cd "$(dirname "${{BASH_SOURCE[0]}}")" && pwd)   # /autograder/source
tree=$source_dir/workbook

packages=({packages})
missing=()
for p in "${{packages[@]}}"; do
  dpkg-query -W -f='${{Status}}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${{#missing[@]}} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${{missing[@]}}"
fi

# The model answers only (no fast side), for any x86-64 processor: the image is built on one
# machine and may run on another.
cd "$tree"
cmake --preset ref -DWORKBOOK_SIDE=ref -DWORKBOOK_NATIVE=OFF -DWORKBOOK_WERROR=OFF >/dev/null
cmake --build --preset ref --target {targets}

# A student's code runs in this image. Where bubblewrap cannot hide the instructor's tree (many
# containers cannot create namespaces), the model answers and the hidden tests stay readable by
# root alone; the grader reads them as root and the sandbox runs each program as a user of its own.
chmod -R go-rwx "$tree/solutions"
[ ! -d "$tree/fast" ] || chmod -R go-rwx "$tree/fast"
[ ! -d "$tree/grading" ] || chmod -R go-rwx "$tree/grading"
[ ! -d "$tree/tests/grading/hidden" ] || chmod -R go-rwx "$tree/tests/grading/hidden"
[ ! -d "$source_dir/hidden" ] || chmod -R go-rwx "$source_dir/hidden"
echo "workbook: the autograder is ready"
)SH",
                       fmt::arg("packages", join(packages)), fmt::arg("targets", join(targets)));
}

std::string run_script(const std::vector<std::string>& grade_args) {
    return fmt::format(R"SH(#!/usr/bin/env bash
# Gradescope runs this for every submission, as root, in /autograder: ./workbook grade on
# /autograder/submission, then its Gradescope report goes to /autograder/results/results.json.
# AUTOGRADER_ROOT replaces /autograder (to try the bundle in a local copy of the layout), and
# WORKBOOK_TREE / WORKBOOK_BUILD replace the tree and its reference build. Written by
# ./workbook grade --gradescope-bundle.
set -uo pipefail
ag=${{AUTOGRADER_ROOT:-/autograder}}
source_dir=$ag/source
tree=${{WORKBOOK_TREE:-$source_dir/workbook}}
build=${{WORKBOOK_BUILD:-$tree/build/ref}}
mkdir -p "$ag/results"
rm -f "$ag/results/results.json"

# The grader's folder must be open to the sandbox's own users (mktemp makes it 0700).
out=$(mktemp -d "${{TMPDIR:-/tmp}}/workbook-gradescope.XXXXXX")
chmod 755 "$out"
trap 'rm -rf "$out"' EXIT

# The submission's folder may hold the whole workbook, its chapters/ or the .cpp files alone.
"$build/tools/workbook/workbook" --root "$tree" --build "$build" grade "$ag/submission" --out "$out/grades" \
  {args}
status=$?
if [ -s "$out/grades/submission/results.json" ]; then
  cp "$out/grades/submission/results.json" "$ag/results/results.json.tmp"
  mv "$ag/results/results.json.tmp" "$ag/results/results.json"
  cat "$out/grades/submission/report.md"
  exit 0
fi
echo "workbook: the grader wrote no results.json (exit code $status); see the messages above" >&2
exit 1
)SH",
                       fmt::arg("args", join(grade_args, " \\\n  ")));
}

void write_zip(const fs::path& zip, const std::map<std::string, BundleFile>& files) {
    const fs::path tmp = zip.parent_path() / fmt::format(".{}.tmp{}", zip.filename().string(), getpid());
    {
        std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), archive_write_free);
        archive_write_set_format_zip(a.get());
        if (archive_write_open_filename(a.get(), tmp.c_str()) != ARCHIVE_OK)
            throw std::runtime_error(fmt::format("{}를 쓸 수 없습니다 (cannot write): {}", zip.string(), archive_error_string(a.get())));
        const std::time_t now = std::time(nullptr);
        for (const auto& [path, file] : files) {
            std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(), archive_entry_free);
            archive_entry_set_pathname(e.get(), path.c_str());
            archive_entry_set_filetype(e.get(), AE_IFREG);
            archive_entry_set_perm(e.get(), file.executable ? 0755 : 0644);
            archive_entry_set_size(e.get(), static_cast<la_int64_t>(file.content.size()));
            archive_entry_set_mtime(e.get(), now, 0);
            if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK ||
                archive_write_data(a.get(), file.content.data(), file.content.size()) != static_cast<la_ssize_t>(file.content.size()))
                throw std::runtime_error(fmt::format("{}: {}", path, archive_error_string(a.get())));
        }
        if (archive_write_close(a.get()) != ARCHIVE_OK)
            throw std::runtime_error(fmt::format("{}: {}", zip.string(), archive_error_string(a.get())));
    }
    fs::rename(tmp, zip);
}

}  // namespace

std::vector<std::string> workbook_packages(const fs::path& root) {
    const std::string script = read_text(root / "workbook");
    static const std::regex list(R"(\npackages=\(([^)]*)\))");
    std::smatch m;
    if (!std::regex_search(script, m, list))
        throw std::runtime_error("workbook 스크립트에서 packages=(...) 목록을 찾지 못했습니다 (no packages=(...) list in ./workbook)");
    std::vector<std::string> packages;
    std::istringstream words(m[1].str());
    for (std::string w; words >> w;) {
        if (!std::regex_match(w, std::regex("[a-z0-9][a-z0-9+.-]*")))
            throw std::runtime_error(fmt::format("./workbook의 패키지 이름이 이상합니다 (odd package name): {}", w));
        packages.push_back(w);
    }
    return packages;
}

int gradescope_bundle(const BundleOptions& options) {
    const fs::path root = fs::absolute(options.root).lexically_normal();
    const fs::path zip = fs::absolute(resolve(options.cwd, options.zip)).lexically_normal();
    if (zip.extension() != ".zip")
        throw std::runtime_error(fmt::format("--gradescope-bundle: .zip 파일 이름을 주세요 (give a .zip file name): {}", zip.string()));
    if (!fs::is_directory(zip.parent_path()))
        throw std::runtime_error(fmt::format("--gradescope-bundle: 폴더가 없습니다 (no such folder): {}", zip.parent_path().string()));

    std::map<std::string, BundleFile> files;
    for (auto& [rel, content] : instructor_files(root))
        if (!left_out(rel)) files["workbook/" + rel] = {std::move(content), false};
    for (const char* exe : {"workbook/workbook", "workbook/grading/run-mutants.sh", "workbook/tests/grading/run.sh",
                            "workbook/tests/grading/gradescope.sh", "workbook/tests/cli/run.sh"})
        if (auto it = files.find(exe); it != files.end()) it->second.executable = true;
    if (!fs::is_directory(root / "solutions"))
        throw std::runtime_error("모범 답안 (solutions/)이 없는 트리로는 채점기를 만들 수 없습니다 (the bundle needs solutions/)");

    std::vector<std::string> args;
    fs::path weights = options.weights.empty() ? fs::path() : resolve(options.cwd, options.weights);
    if (weights.empty() && fs::exists(root / "grading/weights.json")) weights = root / "grading/weights.json";
    if (!weights.empty()) {
        files["weights.json"] = {read_text(weights), false};
        args.push_back("--weights \"$source_dir/weights.json\"");
    }
    if (!options.hidden.empty()) {
        const fs::path hidden = fs::absolute(resolve(options.cwd, options.hidden)).lexically_normal();
        if (!fs::is_directory(hidden))
            throw std::runtime_error(fmt::format("--hidden: 폴더가 없습니다 (no such folder): {}", hidden.string()));
        for (const auto& entry : fs::recursive_directory_iterator(hidden))
            if (entry.is_regular_file())
                files["hidden/" + fs::relative(entry.path(), hidden).generic_string()] = {read_text(entry.path()), false};
        args.push_back("--hidden \"$source_dir/hidden\"");
    }
    const auto chapters = load_chapters(root);
    std::vector<std::string> targets{"workbook_cli", "workbook_grading_main"};
    for (const auto& c : chapters)
        if (options.chapters.empty() || std::find(options.chapters.begin(), options.chapters.end(), c.number) != options.chapters.end())
            targets.push_back(fmt::format("test_ch{}_ref", c.number));
    for (const auto& wanted : options.chapters) {
        if (std::none_of(chapters.begin(), chapters.end(), [&](const Chapter& c) { return c.number == wanted; }))
            throw std::runtime_error(fmt::format("--chapters: {}장이 없습니다 (no chapter {})", wanted, wanted));
    }
    if (!options.chapters.empty()) args.push_back("--chapters " + quoted(join(options.chapters, ",")));
    args.push_back(fmt::format("--timeout {} --memory {}", options.timeout, options.memory_mb));
    if (options.no_bubblewrap) args.push_back("--no-bubblewrap");

    files["setup.sh"] = {setup_script(workbook_packages(root), targets), true};
    files["run_autograder"] = {run_script(args), true};
    write_zip(zip, files);
    fmt::print("Gradescope 자동 채점기 묶음 (autograder bundle): {} ({}개 파일, {} files)\n"
               "  Gradescope의 Configure Autograder에서 Ubuntu 22.04 기본 이미지를 고르고 이 zip을 올리세요 "
               "(choose the Ubuntu 22.04 base image and upload this zip)\n",
               zip.string(), files.size(), files.size());
    return 0;
}

}  // namespace workbook::grade
