#include "grade.hpp"

#include "grade_build.hpp"
#include "grade_input.hpp"
#include "grade_model.hpp"
#include "grade_report.hpp"
#include "manifest.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

namespace workbook::grade {

namespace fs = std::filesystem;

namespace {

fs::path resolve(const fs::path& cwd, const fs::path& p) {
    return p.is_absolute() || cwd.empty() ? p : (cwd / p).lexically_normal();
}

// A folder name for each submission: its own name, made unique.
std::vector<std::string> unique_ids(const std::vector<std::string>& ids) {
    std::map<std::string, int> seen;
    std::vector<std::string> out;
    for (auto id : ids) {
        for (auto& c : id)
            if (c == '/' || c == '\\' || c == ':' || static_cast<unsigned char>(c) < 32) c = '_';
        if (id.empty() || id[0] == '.') id = "submission" + id;
        const int n = ++seen[id];
        out.push_back(n == 1 ? id : fmt::format("{}-{}", id, n));
    }
    return out;
}

void write_reports(const fs::path& dir, const SubmissionResult& r) {
    write_atomic(dir / "results.json", gradescope_json(r));
    write_atomic(dir / "report.md", report_markdown(r));
    write_atomic(dir / "junit.xml", junit_xml(r));
}

}  // namespace

int grade(const GradeOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const fs::path out = fs::absolute(resolve(options.cwd, options.out));  // bubblewrap binds need absolute paths
    auto chapters = load_chapters(options.root);
    if (!options.chapters.empty()) {
        for (const auto& wanted : options.chapters)
            if (std::none_of(chapters.begin(), chapters.end(), [&](const Chapter& c) { return c.number == wanted; }))
                throw std::runtime_error(fmt::format("--chapters: {}장이 없습니다 (no chapter {})", wanted, wanted));
        chapters.erase(std::remove_if(chapters.begin(), chapters.end(), [&](const Chapter& c) {
                           return std::find(options.chapters.begin(), options.chapters.end(), c.number) == options.chapters.end();
                       }), chapters.end());
    }
    fs::path weights_file = options.weights.empty() ? fs::path() : resolve(options.cwd, options.weights);
    if (weights_file.empty() && fs::exists(options.root / "grading/weights.json")) weights_file = options.root / "grading/weights.json";
    const Weights weights = load_weights(weights_file);

    ClassBuild cls;
    cls.root = fs::absolute(options.root);
    cls.build = fs::absolute(options.build);
    cls.work = out / ".work";
    cls.hidden = options.hidden.empty() ? fs::path() : fs::absolute(resolve(options.cwd, options.hidden));
    cls.limits.timeout = std::chrono::milliseconds(static_cast<long>(options.timeout * 1000));
    cls.limits.memory_mb = options.memory_mb;
    if (options.no_bubblewrap) cls.isolation = sandbox::Isolation::limits_only;
    if (!cls.hidden.empty() && !fs::is_directory(cls.hidden))
        throw std::runtime_error(fmt::format("--hidden: 폴더가 없습니다 (no such folder): {}", cls.hidden.string()));
    std::error_code ec;
    fs::remove_all(cls.work, ec);  // nothing of an earlier run is reused
    fs::create_directories(cls.work);

    fmt::print(stderr, "채점 준비 (preparing the class): 테스트는 반 전체에 한 번 컴파일됩니다 (tests are compiled once per class)\n");
    prepare_class(cls, chapters);
    for (const auto& cb : cls.chapters)
        fmt::print(stderr, "  {}장 ({}): 테스트 케이스 {}개{}, 모범 답안 (model answers) {}\n", cb.chapter->number, cb.chapter->folder,
                   cb.test_names.size(),
                   std::count(cb.hidden.begin(), cb.hidden.end(), true) ? fmt::format(" (숨은 테스트 hidden {}개)", std::count(cb.hidden.begin(), cb.hidden.end(), true)) : "",
                   cb.reference_outcome);
    if (!cls.isolation_note.empty()) fmt::print(stderr, "  격리 (isolation): {}\n", cls.isolation_note);
    const auto instructor = instructor_files(cls.root);
    std::vector<std::string> exercise_sources;
    for (const auto& cb : cls.chapters) exercise_sources.insert(exercise_sources.end(), cb.exercise_sources.begin(), cb.exercise_sources.end());

    std::vector<std::string> names;
    for (const auto& s : options.submissions) {
        fs::path p = s;
        while (!p.empty() && p.filename().empty()) p = p.parent_path();
        std::string id = p.filename().string();
        for (const char* ext : {".zip", ".tgz", ".tar.gz", ".tar.xz", ".tar.bz2", ".tar", ".git"}) {
            const std::string e = ext;
            if (id.size() > e.size() && id.compare(id.size() - e.size(), e.size(), e) == 0) {
                id.erase(id.size() - e.size());
                break;
            }
        }
        names.push_back(id);
    }
    const auto ids = unique_ids(names);
    std::vector<SubmissionResult> results(options.submissions.size());
    std::atomic<std::size_t> next{0};
    std::atomic<int> finished{0};
    std::mutex print_mutex;

    auto worker = [&] {
        for (std::size_t i; (i = next++) < options.submissions.size();) {
            const auto t0 = std::chrono::steady_clock::now();
            SubmissionResult& r = results[i];
            r.id = ids[i];
            r.source = options.submissions[i].string();
            const fs::path scratch = cls.work / "submissions" / r.id;
            try {
                const fs::path path = resolve(options.cwd, options.submissions[i]);
                if (fs::equivalent(path, cls.root, ec))
                    throw std::runtime_error("강사의 작업 트리 자체는 제출물이 아닙니다 (the instructor's tree is not a submission)");
                const SubmissionFiles files = read_submission(path, scratch / "input");
                r.kind = files.kind;
                r.error = files.error;
                r.warnings = files.notes;
                const Picked picked = pick_sources(files, exercise_sources, instructor);
                r.warnings.insert(r.warnings.end(), picked.warnings.begin(), picked.warnings.end());
                for (const auto& m : picked.missing)
                    r.warnings.push_back(fmt::format("없는 파일 (missing): {} — 처음 나눠 준 뼈대 코드로 채점했습니다 (graded as the stub)", m));
                r.chapters = build_and_run(cls, files.error.empty() ? picked.sources : std::map<std::string, std::string>{},
                                           scratch, r.cpu_seconds, r.isolation_note);
            } catch (const std::exception& e) {
                if (r.error.empty()) r.error = fmt::format("채점 중 오류 (grading error): {}", e.what());
            }
            if (r.isolation_note.empty()) r.isolation_note = cls.isolation_note;
            r.cpu_measured = cls.isolation == sandbox::Isolation::limits_only || !cls.isolation_note.empty();
            score(r, chapters, weights);
            r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            try {
                write_reports(out / r.id, r);
            } catch (const std::exception& e) {
                std::lock_guard<std::mutex> lock(print_mutex);
                fmt::print(stderr, "workbook: {}: 보고서를 쓸 수 없습니다 (cannot write the report): {}\n", r.id, e.what());
            }
            if (!options.keep_work) fs::remove_all(scratch, ec);
            std::lock_guard<std::mutex> lock(print_mutex);
            fmt::print(stderr, "[{}/{}] {}: {} / {}{} ({:.1f} s, CPU {})\n", ++finished, results.size(), r.id,
                       fmt::format("{:.2f}", r.score), fmt::format("{:.2f}", r.max_score),
                       r.error.empty() ? (r.warnings.empty() ? "" : fmt::format(", 경고 {}개 ({} warnings)", r.warnings.size(), r.warnings.size()))
                                       : ", " + r.error,
                       r.wall_seconds, r.cpu_measured ? fmt::format("{:.1f} s", r.cpu_seconds) : std::string("n/a in bubblewrap"));
        }
    };
    const int jobs = std::max(1, options.jobs);
    std::vector<std::thread> threads;
    for (int j = 0; j < jobs; ++j) threads.emplace_back(worker);
    for (auto& t : threads) t.join();

    write_atomic(out / "class.csv", class_csv(results));
    write_atomic(out / "summary.md", class_summary(results));
    if (!options.keep_work) fs::remove_all(cls.work, ec);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print("제출물 {}개 채점 완료 (graded {} submissions) in {:.1f} s with --jobs {}: {}\n", results.size(), results.size(),
               wall, jobs, (out / "class.csv").string());
    return 0;
}

}  // namespace workbook::grade
