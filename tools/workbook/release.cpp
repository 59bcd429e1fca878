#include "release.hpp"

#include "grade_model.hpp"
#include "grade_report.hpp"
#include "manifest.hpp"
#include "sandbox.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace workbook::grade {

namespace fs = std::filesystem;

std::vector<std::string> release_exclusions() {
    return {"solutions", "fast", "grading", "tests/grading", "bench", ".ci", "build", ".git", ".cache", "chapters/.backup"};
}

namespace {

// Runs a command of the instructor's own (cmake) in `dir`, its output into `log`.
int run_logged(const std::vector<std::string>& argv, const fs::path& dir, const fs::path& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> args = argv;
    std::vector<char*> c;
    for (auto& a : args) c.push_back(a.data());
    c.push_back(nullptr);
    const fs::path previous = fs::current_path();
    fs::current_path(dir);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, c[0], &actions, nullptr, c.data(), environ);
    fs::current_path(previous);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return 127;
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string tail_of(const fs::path& file, std::size_t bytes) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    const std::string t = s.str();
    return t.size() > bytes ? t.substr(t.size() - bytes) : t;
}

// .github/workflows/classroom.yml: one command-grader step per exercise (its test cases by name:
// the exercise id and its worked examples), then the reporter that adds them up. Formats of
// classroom-resources/autograding-command-grader@v1 and autograding-grading-reporter@v1.
std::string classroom_workflow(const std::vector<Chapter>& chapters, const Weights& weights) {
    std::string y =
        "# GitHub Classroom autograding, written by ./workbook release --classroom.\n"
        "# One step per exercise: ./workbook check NN with the exercise's test cases; the points are\n"
        "# those of grading/weights.json when the release was made.\n"
        "name: Autograding Tests\n"
        "'on':\n"
        "- push\n"
        "- repository_dispatch\n"
        "permissions:\n"
        "  checks: write\n"
        "  actions: read\n"
        "  contents: read\n"
        "jobs:\n"
        "  run-autograding-tests:\n"
        "    runs-on: ubuntu-latest\n"
        "    if: github.actor != 'github-classroom[bot]'\n"
        "    steps:\n"
        "    - name: Checkout code\n"
        "      uses: actions/checkout@v4\n"
        "    - name: Install the packages and build every chapter\n"
        "      run: ./workbook list || true\n";
    std::vector<std::string> ids;
    std::string env;
    for (const auto& chapter : chapters) {
        for (const auto& e : chapter.exercises) {
            std::string id = "ex-" + e.id;
            std::replace(id.begin(), id.end(), '.', '-');
            std::string filter = e.id + "*";
            for (const auto& we : e.examples) filter += "," + we + "*";
            const double points = weights.points_of(e.id);
            y += fmt::format(
                "    - name: {} {}\n"
                "      id: {}\n"
                "      uses: classroom-resources/autograding-command-grader@v1\n"
                "      with:\n"
                "        test-name: {} {}\n"
                "        command: ./workbook check {} -tc='{}'\n"
                "        timeout: 10\n"
                "        max-score: {}\n",
                e.id, e.function, id, e.id, e.function, chapter.number, filter, points);
            std::string upper = id;
            std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
            env += fmt::format("        {}_RESULTS: \"${{{{steps.{}.outputs.result}}}}\"\n", upper, id);
            ids.push_back(id);
        }
    }
    std::string runners;
    for (const auto& id : ids) runners += (runners.empty() ? "" : ",") + id;
    y += "    - name: Autograding Reporter\n"
         "      uses: classroom-resources/autograding-grading-reporter@v1\n"
         "      env:\n" + env +
         "      with:\n"
         "        runners: " + runners + "\n";
    return y;
}

}  // namespace

int release(const ReleaseOptions& options) {
    const fs::path root = fs::absolute(options.root);
    const fs::path out = fs::absolute(options.out.is_absolute() || options.cwd.empty() ? options.out : options.cwd / options.out)
                             .lexically_normal();
    if (fs::exists(out) && !fs::is_empty(out))
        throw std::runtime_error(fmt::format("{}가 비어 있지 않습니다 (not empty): 새 폴더를 주세요 (give a new folder)", out.string()));
    if ((out.string() + "/").rfind(root.string() + "/", 0) == 0)
        throw std::runtime_error("학생용 사본은 작업 트리 밖에 만들어야 합니다 (the release must be outside the instructor's tree)");
    auto exclusions = release_exclusions();
    if (!options.hidden.empty()) {
        const fs::path hidden = fs::absolute(options.cwd.empty() ? options.hidden : options.cwd / options.hidden).lexically_normal();
        const auto rel = hidden.lexically_relative(root);
        if (!rel.empty() && rel.begin()->string() != "..") exclusions.push_back(rel.generic_string());
    }

    // Copy everything else; report what was left out.
    std::size_t copied = 0;
    std::map<std::string, std::size_t> left_out;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string rel = fs::relative(it->path(), root).generic_string();
        const auto top_excluded = [&] {
            for (const auto& e : exclusions)
                if (rel == e || rel.rfind(e + "/", 0) == 0) return e;
            return std::string();
        }();
        if (!top_excluded.empty()) {
            if (it->is_directory()) {
                // Count what is left out, but never walk a build folder or the history.
                if (top_excluded != "build" && top_excluded != ".git")
                    for (fs::recursive_directory_iterator in(it->path(), ec), stop; !ec && in != stop; in.increment(ec))
                        left_out[top_excluded] += in->is_regular_file();
                it.disable_recursion_pending();
            } else if (it->is_regular_file()) {
                ++left_out[top_excluded];
            }
            continue;
        }
        if (it->is_directory()) continue;
        if (!it->is_regular_file() && !it->is_symlink()) continue;
        fs::create_directories(out / fs::path(rel).parent_path());
        fs::copy(it->path(), out / rel, fs::copy_options::copy_symlinks);
        ++copied;
    }
    const auto chapters = load_chapters(out);
    std::size_t exercises = 0;
    for (const auto& c : chapters) exercises += c.exercises.size();
    if (options.classroom) {
        const Weights weights = load_weights(fs::exists(root / "grading/weights.json") ? root / "grading/weights.json" : fs::path());
        write_atomic(out / ".github/workflows/classroom.yml", classroom_workflow(chapters, weights));
    }
    fmt::print("학생용 사본 (student release): {} — 파일 {}개 (files)\n", out.string(), copied);
    fmt::print("빼놓은 것 (left out):\n");
    for (const auto& e : exclusions)
        fmt::print("  {:<18} {}\n", e, left_out.count(e) ? fmt::format("파일 {}개 (files)", left_out[e])
                                   : fs::exists(root / e) ? std::string("뺌 (left out)") : std::string("없음 (none here)"));
    if (options.classroom) fmt::print("GitHub Classroom 워크플로 (workflow): .github/workflows/classroom.yml\n");

    // Nothing the release needs may be missing: it must build and show 0 of N.
    if (!options.check) return 0;
    const fs::path build = out.parent_path() / (".release-check-" + out.filename().string());
    fs::remove_all(build, ec);
    fs::create_directories(build);
    const fs::path log = build / "build.log";
    fmt::print("빌드 확인 중 (building the release as a student would; a few minutes)…\n");
    int rc = run_logged({"cmake", "-S", out.string(), "-B", build.string(), "-G", "Ninja", "-DWORKBOOK_SIDE=student",
                         "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_CXX_FLAGS_RELEASE=-O2"}, out, log);
    if (rc == 0) rc = run_logged({"cmake", "--build", build.string(), "-j2"}, out, log);
    if (rc != 0) {
        fmt::print(stderr, "{}\n", tail_of(log, 4000));
        throw std::runtime_error(fmt::format("학생용 사본이 빌드되지 않습니다 (the release does not build; log: {})", log.string()));
    }
    int done = 0, tests = 0;
    for (const auto& chapter : chapters) {
        const fs::path program = build / fmt::format("test_ch{}_student", chapter.number);
        if (!fs::exists(program))
            throw std::runtime_error(fmt::format("{}장의 테스트 프로그램이 없습니다 (no test program for chapter {})", chapter.number, chapter.number));
        const fs::path scratch = build / ("run" + chapter.number);
        sandbox::prepare_workdir(scratch);
        sandbox::Options o;
        o.argv = {program.string(), "--reporters=xml", "--no-colors=true"};
        o.workdir = scratch;
        o.read_only = {build};
        if (fs::exists(out / "data")) o.read_only.push_back(out / "data");
        o.limits.wall = std::chrono::seconds(120);
        o.keep = 16 << 20;
        o.limits.output = 32 << 20;
        const auto r = sandbox::run(o);
        pugi::xml_document doc;
        doc.load_string(r.out.c_str());
        std::map<std::string, std::pair<int, int>> by_exercise;  // passed, total
        for (const auto& tc : doc.select_nodes("//TestCase")) {
            const std::string name = tc.node().attribute("name").as_string();
            const Exercise* e = exercise_of(chapter, name);
            if (!e) continue;
            ++tests;
            const auto overall = tc.node().child("OverallResultsAsserts");
            auto& [passed, total] = by_exercise[e->id];
            ++total;
            if (overall && overall.attribute("test_case_success").as_bool()) ++passed;
        }
        for (const auto& e : chapter.exercises) {
            const auto it = by_exercise.find(e.id);
            if (it != by_exercise.end() && it->second.second > 0 && it->second.first == it->second.second) {
                ++done;
                fmt::print(stderr, "  {}: 뼈대 코드인데 통과합니다 (passes as a stub)\n", e.id);
            }
        }
    }
    fs::remove_all(build, ec);
    fmt::print("학생용 사본이 빌드되고, 연습문제 {}개 중 {}개가 끝난 것으로 나옵니다 ({} of {} exercises done; {} test cases ran)\n",
               exercises, done, done, exercises, tests);
    return done == 0 && tests > 0 ? 0 : 1;
}

}  // namespace workbook::grade
