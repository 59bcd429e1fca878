#include "commands.hpp"

#include "buildlog.hpp"
#include "common/datasets.hpp"
#include "explain.hpp"
#include "i18n.hpp"
#include "manifest.hpp"
#include "refusal.hpp"
#include "results.hpp"
#include "runner.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

namespace workbook {

namespace fs = std::filesystem;

namespace {

// fmt with a format string chosen at run time (the Korean or the English one).
template <typename... Args>
std::string say(const char* ko, const char* en, Args&&... args) {
    return fmt::format(fmt::runtime(tr(ko, en)), std::forward<Args>(args)...);
}

fs::path program_of(const Paths& paths, const Chapter& chapter, const char* side) {
    return paths.build / fmt::format("test_ch{}_{}", chapter.number, side);
}

const std::string& title(const Chapter& c) { return tr(c.title_ko, c.title_en); }
const std::string& title(const Exercise& e) { return tr(e.title_ko, e.title_en); }

/// What happened to each exercise of a chapter on one run of its tests.
struct ExerciseResult {
    const Exercise* exercise = nullptr;
    std::vector<TestCaseResult> cases;
    bool done() const {
        return !cases.empty() && std::all_of(cases.begin(), cases.end(), [](auto& c) { return c.passed; });
    }
    const TestCaseResult* first_failure() const {
        for (const auto& c : cases)
            if (!c.passed) return &c;
        return nullptr;
    }
};

struct ChapterResult {
    enum class State { ran, not_built, compile_error, blocked } state = State::ran;
    std::vector<ExerciseResult> exercises;
    std::vector<std::string> unassigned;  // test cases that belong to no exercise
    BuildError error;                     // when compile_error
    std::string blocked_by;               // when blocked: the earlier chapter that does not build
    RunResult run;
    int done() const {
        return static_cast<int>(std::count_if(exercises.begin(), exercises.end(), [](auto& r) { return r.done(); }));
    }
};

std::map<std::string, BuildError> errors_of(const Paths& paths) {
    if (paths.build_log.empty() || !fs::exists(paths.build_log)) return {};
    return build_errors(paths.build_log, paths.root);
}

// A chapter links every earlier chapter of the same side (CMakeLists.txt), so an earlier chapter
// that does not compile keeps this one from being built afresh.
ChapterResult run_chapter(const Paths& paths, const Chapter& chapter, const char* side,
                          const std::map<std::string, BuildError>& errors) {
    ChapterResult result;
    for (const auto& e : chapter.exercises) result.exercises.push_back({&e, {}});
    if (const auto it = errors.find(chapter.number); it != errors.end()) {
        result.state = ChapterResult::State::compile_error;
        result.error = it->second;
        return result;
    }
    for (const auto& [number, error] : errors) {
        if (number < chapter.number) {
            result.state = ChapterResult::State::blocked;
            result.blocked_by = number;
            return result;
        }
    }
    const fs::path program = program_of(paths, chapter, side);
    if (!fs::exists(program)) {
        result.state = ChapterResult::State::not_built;
        return result;
    }
    result.run = run_tests(program, paths.timeout);
    for (auto& c : result.run.cases) {
        const Exercise* owner = exercise_of(chapter, c.name);
        if (!owner) {
            result.unassigned.push_back(c.name);
            continue;
        }
        result.exercises[owner - chapter.exercises.data()].cases.push_back(c);
    }
    return result;
}

std::string progress_bar(int done, int total, int width = 10) {
    const int filled = total == 0 ? 0 : done * width / total;
    std::string bar;
    for (int i = 0; i < width; ++i) bar += i < filled ? "█" : "░";
    return bar;
}

std::string relative(const Paths& paths, const std::string& file) {
    std::error_code ec;
    const auto rel = fs::relative(file, fs::absolute(paths.root), ec);
    return ec || rel.empty() || rel.string().rfind("..", 0) == 0 ? file : rel.string();
}

// The .cpp file(s) the student edits for this chapter.
std::vector<std::string> chapter_files(const Paths& paths, const Chapter& chapter) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(paths.root / "chapters" / chapter.folder))
        if (entry.path().extension() == ".cpp")
            files.push_back("chapters/" + chapter.folder + "/" + entry.path().filename().string());
    std::sort(files.begin(), files.end());
    return files;
}

// The file that holds the stub of exercise `e`: the one whose text names "NotImplemented(\"05.2"
// or, once the student has replaced it, the function's name.
std::string file_of(const Paths& paths, const Chapter& chapter, const Exercise& e) {
    const auto files = chapter_files(paths, chapter);
    const std::string function = e.function.substr(0, e.function.find(','));
    const std::string name = function.substr(function.rfind(':') == std::string::npos ? 0 : function.rfind(':') + 1);
    for (const auto& needle : {"\"" + e.id + " ", name + "("}) {
        for (const auto& file : files) {
            std::ifstream in(paths.root / file);
            const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
            if (text.find(needle) != std::string::npos) return file;
        }
    }
    return files.empty() ? "" : files.front();
}

std::string seconds_text(double s) { return fmt::format("{:g}", std::round(s * 10) / 10); }

// One line for a test case that stopped the program or could not run.
std::string stop_sentence(const Exercise& e, const Failure& f) {
    switch (f.kind) {
        case FailureKind::timeout:
            return say("{}: {}초 안에 끝나지 않았습니다 (무한 루프?)", "{}: did not finish within {} s (an infinite loop?)",
                       e.id, seconds_text(f.seconds));
        case FailureKind::crash: {
            std::string what = f.signal ? signal_name(f.signal) : f.expanded;
            std::string advice = f.signal == 11 || f.expanded.find("SIGSEGV") != std::string::npos
                ? tr(" — 배열 밖의 메모리를 읽거나 썼을 가능성이 큽니다. 인덱스와 크기를 확인하세요.",
                     " — most likely memory outside an array was read or written: check the indices and sizes.")
                : "";
            return say("{}: 이 테스트를 실행하던 중에 테스트 프로그램이 비정상 종료했습니다: {}{}",
                       "{}: the test program crashed while running this test: {}{}", e.id, what, advice);
        }
        case FailureKind::exit_call:
            return say("{}: 이 테스트를 실행하던 중에 exit({})가 호출되어 테스트 프로그램이 끝났습니다. 연습 문제 "
                       "함수에서 exit()를 부르지 말고, 값을 돌려주거나 예외를 던지세요.",
                       "{}: exit({}) was called while this test ran, and ended the test program. An exercise "
                       "function returns a value or throws; it never calls exit().",
                       e.id, f.exit_code);
        case FailureKind::not_run:
            return tr("앞의 테스트에서 테스트 프로그램이 멈추어 이 테스트는 실행되지 못했습니다.",
                      "The test program stopped in an earlier test, so this one did not run.");
        default:
            return "";
    }
}

void print_lines(const std::string& text, const char* indent, int max_lines = 20) {
    std::istringstream lines(text);
    int n = 0;
    for (std::string line; std::getline(lines, line);) {
        if (++n > max_lines) {
            fmt::print("{}…\n", indent);
            break;
        }
        fmt::print("{}{}\n", indent, line);
    }
}

void print_failure(const Paths& paths, const Chapter& chapter, const Exercise& e, const TestCaseResult& failing,
                   const fs::path& program) {
    fmt::print("\n  ✗ {}\n", failing.name);
    if (!failing.failure) return;
    const Failure& f = *failing.failure;
    if (const std::string stop = stop_sentence(e, f); !stop.empty()) {
        fmt::print("    {}\n", stop);
        return;
    }
    if (!f.file.empty()) fmt::print("    {}:{}\n", relative(paths, f.file), f.line);
    for (const auto& line : f.context) fmt::print("    {}\n", line);
    if (f.kind == FailureKind::not_implemented) {
        fmt::print("    {}\n", say("아직 구현되지 않았습니다 (NotImplemented) → {}에서 {}의 본문을 작성하세요.",
                                    "not implemented yet (NotImplemented) → write the body of {1} in {0}.",
                                    file_of(paths, chapter, e), e.function));
    } else {
        if (f.kind == FailureKind::check) fmt::print("    {}\n", f.check);
        // An exception may escape the test or one CHECK; either way a raw library text becomes a sentence.
        const std::string sentence = explain(f.expanded, fmt::format("{} {}", e.id, e.function));
        if (f.kind == FailureKind::exception)
            fmt::print("    {}\n", tr("테스트 밖으로 예외가 나왔습니다:", "an exception escaped the test:"));
        print_lines(sentence.empty() ? f.expanded : sentence, "    ");
    }
    // What the student's code printed while this test ran.
    const std::string output = output_of(program, failing.index, paths.timeout);
    if (!output.empty()) {
        fmt::print("    {}\n", tr("이 테스트가 출력한 내용 (stdout):", "what this test printed (stdout):"));
        print_lines(output, "    │ ");
    }
}

void print_compile_error(const Paths& paths, const ChapterResult& r) {
    const BuildError& e = r.error;
    if (!e.file.empty())
        fmt::print("    {}:{}: {}\n", e.file, e.line, e.message);
    else
        fmt::print("    {}\n", e.message);
    fmt::print("    {}\n", say("전체 빌드 기록: {}", "full build log: {}", relative(paths, paths.build_log.string())));
}

std::string chapter_note(const ChapterResult& r) {
    using S = ChapterResult::State;
    switch (r.state) {
        case S::compile_error: return tr("컴파일 오류", "compile error");
        case S::blocked: return say("{}장 컴파일 오류를 먼저 고치세요", "fix chapter {}'s compile error first", r.blocked_by);
        case S::not_built: return tr("빌드되지 않음", "not built");
        case S::ran: break;
    }
    for (const auto& ex : r.exercises) {
        for (const auto& c : ex.cases) {
            if (!c.failure) continue;
            switch (c.failure->kind) {
                case FailureKind::timeout: return say("{} 시간 초과", "{} timed out", ex.exercise->id);
                case FailureKind::crash: return say("{} 비정상 종료", "{} crashed", ex.exercise->id);
                case FailureKind::exit_call: return say("{} exit() 호출", "{} called exit()", ex.exercise->id);
                default: break;
            }
        }
    }
    return "";
}

int hint_tier_seen(const Paths& paths, const std::string& id);

// Each chapter's last known progress, kept in the build folder ({"05": [3, 4]}), so that `watch`
// can run only the chapter that changed and still print the progress of the whole workbook.
fs::path progress_file(const Paths& paths) { return paths.build / "workbook-progress.json"; }
nlohmann::json progress_known(const Paths& paths) {
    std::ifstream in(progress_file(paths));
    try {
        nlohmann::json j = in ? nlohmann::json::parse(in) : nlohmann::json::object();
        return j.is_object() ? j : nlohmann::json::object();
    } catch (const std::exception&) {
        return nlohmann::json::object();
    }
}
void save_progress(const Paths& paths, const nlohmann::json& progress) {
    std::error_code ec;
    fs::create_directories(paths.build, ec);
    std::ofstream(progress_file(paths)) << progress.dump() << "\n";
}

void print_chapter_line(const Chapter& chapter, const ChapterResult& result) {
    const int done = result.done();
    const int count = static_cast<int>(result.exercises.size());
    const std::string note = chapter_note(result);
    fmt::print(" {}  {:<32} {} {:>2}/{}{}\n", chapter.number, title(chapter), progress_bar(done, count), done, count,
               note.empty() ? "" : "  " + note);
    std::fflush(stdout);
}

void print_overall(int done_total, int total) {
    fmt::print("\n {} {}\n", say("{}개 중 {}개 완료", "{1} of {0} exercises done", total, done_total),
               progress_bar(done_total, total, 30));
}

void print_next(const Paths& paths, const Chapter& chapter, const ChapterResult& result, const ExerciseResult* next) {
    if (result.state == ChapterResult::State::compile_error) {
        fmt::print("\n{}\n", say("{}장 ({})이 컴파일되지 않습니다 (컴파일 오류):", "Chapter {} ({}) does not compile:",
                                 chapter.number, title(chapter)));
        print_compile_error(paths, result);
        fmt::print("\n  {}   ./workbook check {}\n", tr("실행:", "Run:"), chapter.number);
        return;
    }
    if (!next) return;
    const Exercise& e = *next->exercise;
    fmt::print("\n{} {} {} — {}\n", tr("다음 연습 문제:", "Next exercise:"), e.id, e.function, title(e));
    if (const TestCaseResult* failing = next->first_failure())
        print_failure(paths, chapter, e, *failing, program_of(paths, chapter, "student"));
    else
        fmt::print("\n  {}\n", tr("이 연습 문제에는 아직 테스트가 없습니다.", "This exercise has no test yet."));
    const auto& hints = tr(e.hints_ko, e.hints_en);
    fmt::print("\n");
    if (!hints.empty())
        fmt::print("  {} ./workbook hint {}  ({})\n", tr("힌트:  ", "Hint:  "), e.id,
                   say("{}단계 중 {}단계를 봤습니다", "{1} of {0} tiers seen", hints.size(),
                       hint_tier_seen(paths, e.id)));
    fmt::print("  {} {}\n", tr("문제지:", "Sheet: "), chapter.sheet);
    if (!e.note.empty()) fmt::print("  {} {}\n", tr("읽을 곳:", "Read:  "), e.note);
    fmt::print("  {} ./workbook check {}\n", tr("실행:  ", "Run:   "), chapter.number);
}

std::vector<Chapter> chapters_of(const Paths& paths) { return load_chapters(paths.root); }

const Chapter& find_chapter(const std::vector<Chapter>& chapters, std::string number) {
    if (number.size() == 1) number = "0" + number;
    const auto it = std::find_if(chapters.begin(), chapters.end(), [&](auto& c) { return c.number == number; });
    if (it == chapters.end()) {
        std::vector<std::string> numbers;
        for (const auto& c : chapters) numbers.push_back(c.number);
        throw std::runtime_error(say("{}장은 없습니다. 있는 장: {}", "there is no chapter {}; the chapters are {}",
                                     number, fmt::join(numbers, ", ")));
    }
    return *it;
}

std::pair<const Chapter*, const Exercise*> find_exercise(const std::vector<Chapter>& chapters, const std::string& id) {
    for (const auto& c : chapters)
        for (const auto& e : c.exercises)
            if (e.id == id) return {&c, &e};
    throw std::runtime_error(say("연습 문제 {}는 없습니다. ./workbook list 로 목록을 보세요.",
                                 "there is no exercise {}; ./workbook list shows them all", id));
}

}  // namespace

int status(const Paths& paths) {
    const auto chapters = chapters_of(paths);
    const auto errors = errors_of(paths);
    int done_total = 0, total = 0;
    const Chapter* next_chapter = nullptr;
    std::optional<ChapterResult> next_result;
    const ExerciseResult* next = nullptr;

    fmt::print("{}\n\n", tr("합성곱 신경망 워크북 (ConvNet workbook)", "ConvNet workbook"));
    std::vector<ChapterResult> results;
    results.reserve(chapters.size());
    nlohmann::json progress = nlohmann::json::object();
    for (const auto& chapter : chapters) {
        results.push_back(run_chapter(paths, chapter, "student", errors));
        const ChapterResult& result = results.back();
        const int done = result.done();
        const int count = static_cast<int>(result.exercises.size());
        done_total += done;
        total += count;
        progress[chapter.number] = {done, count};
        print_chapter_line(chapter, result);
        // A chapter that does not compile is the one being edited: it comes first.
        const bool broken = result.state == ChapterResult::State::compile_error;
        if (broken && (!next_chapter || results[next_chapter - chapters.data()].state != ChapterResult::State::compile_error)) {
            next_chapter = &chapter;
            next = nullptr;
        } else if (!next_chapter && done < count) {
            next_chapter = &chapter;
            for (const auto& r : result.exercises) {
                if (!r.done()) {
                    next = &r;
                    break;
                }
            }
        }
    }
    save_progress(paths, progress);
    print_overall(done_total, total);
    if (next_chapter) {
        print_next(paths, *next_chapter, results[next_chapter - chapters.data()], next);
    } else {
        fmt::print("\n{}\n", tr("모든 연습 문제를 통과했습니다!", "Every exercise passes!"));
    }
    return 0;
}

int status_of_chapter(const Paths& paths, const std::string& number) {
    const auto chapters = chapters_of(paths);
    const Chapter& chapter = find_chapter(chapters, number);
    const ChapterResult result = run_chapter(paths, chapter, "student", errors_of(paths));
    print_chapter_line(chapter, result);

    // The other chapters as they were when they last ran (their programs are not run again).
    nlohmann::json progress = progress_known(paths);
    progress[chapter.number] = {result.done(), static_cast<int>(result.exercises.size())};
    save_progress(paths, progress);
    int done_total = 0, total = 0;
    for (const auto& c : chapters) {
        const auto& known = progress.contains(c.number) ? progress[c.number] : nlohmann::json();
        const bool valid = known.is_array() && known.size() == 2 && known[0].is_number_integer();
        done_total += valid ? known[0].get<int>() : 0;
        total += static_cast<int>(c.exercises.size());
    }
    print_overall(done_total, total);

    const ExerciseResult* next = nullptr;
    for (const auto& r : result.exercises) {
        if (!r.done()) {
            next = &r;
            break;
        }
    }
    if (result.state == ChapterResult::State::blocked) {
        fmt::print("\n{}\n", say("{}장이 컴파일되지 않아 이 장을 빌드할 수 없습니다: ./workbook check {}",
                                 "Chapter {} does not compile, so this one cannot be built: ./workbook check {}",
                                 result.blocked_by, result.blocked_by));
    } else if (result.state == ChapterResult::State::compile_error || next) {
        print_next(paths, chapter, result, next);
    } else {
        fmt::print("\n{}\n", say("{}장의 연습 문제를 모두 통과했습니다!", "Every exercise of chapter {} passes!",
                                 chapter.number));
    }
    return 0;
}

int list(const Paths& paths) {
    const auto chapters = chapters_of(paths);
    const auto errors = errors_of(paths);
    for (const auto& chapter : chapters) {
        const ChapterResult result = run_chapter(paths, chapter, "student", errors);
        const std::string note = chapter_note(result);
        fmt::print("{}  {}{}\n", chapter.number, title(chapter), note.empty() ? "" : "  (" + note + ")");
        for (const auto& r : result.exercises) {
            const char* mark = result.state != ChapterResult::State::ran ? "·" : r.done() ? "✓" : "✗";
            fmt::print("  {} {:<5} {:<42} {}\n", mark, r.exercise->id, r.exercise->function, title(*r.exercise));
        }
        for (const auto& file : chapter_files(paths, chapter)) fmt::print("        {}\n", file);
    }
    fmt::print("\n{}\n", tr("✓ 통과  ✗ 아직  · 실행 못 함", "✓ passes  ✗ not yet  · could not run"));
    return 0;
}

int check(const Paths& paths, const std::string& number, const std::vector<std::string>& args) {
    const auto chapters = chapters_of(paths);
    const Chapter& chapter = find_chapter(chapters, number);
    const auto errors = errors_of(paths);
    fmt::print("{}\n{} {}\n\n", say("{}장 — {}", "Chapter {} — {}", chapter.number, title(chapter)),
               tr("문제지:", "Sheet:"), chapter.sheet);
    const ChapterResult probe = [&] {
        ChapterResult r;
        if (const auto it = errors.find(chapter.number); it != errors.end()) {
            r.state = ChapterResult::State::compile_error;
            r.error = it->second;
        }
        for (const auto& [n, e] : errors)
            if (n < chapter.number && r.state == ChapterResult::State::ran) {
                r.state = ChapterResult::State::blocked;
                r.blocked_by = n;
            }
        return r;
    }();
    if (probe.state == ChapterResult::State::compile_error) {
        fmt::print("{}\n", tr("컴파일 오류:", "Compile error:"));
        print_compile_error(paths, probe);
        return 1;
    }
    if (probe.state == ChapterResult::State::blocked) {
        fmt::print("{}\n", say("{}장이 컴파일되지 않아 이 장을 빌드할 수 없습니다: ./workbook check {}",
                               "Chapter {} does not compile, so this one cannot be built: ./workbook check {}",
                               probe.blocked_by, probe.blocked_by));
        return 1;
    }
    const fs::path program = program_of(paths, chapter, "student");
    if (!fs::exists(program))
        throw std::runtime_error(say("{}이(가) 빌드되지 않았습니다", "{} is not built", program.string()));

    // A filter that matches nothing would report success on zero tests: say so instead.
    if (list_tests(program, args, paths.timeout).empty()) {
        fmt::print("{}\n", say("이 조건에 맞는 테스트가 없습니다: {}\n테스트 이름 목록: ./workbook check {} "
                               "--list-test-cases",
                               "No test matches: {}\nThe test names: ./workbook check {} --list-test-cases",
                               fmt::join(args, " "), chapter.number));
        return 1;
    }
    RunSpec spec;
    spec.argv = {program.string()};
    if (!isatty(STDOUT_FILENO)) spec.argv.push_back("--no-colors");
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.timeout = paths.timeout;
    spec.keep = 64 * 1024;
    spec.on_output = [](const char* data, std::size_t size) {
        std::fwrite(data, 1, size, stdout);
        std::fflush(stdout);
    };
    std::fflush(stdout);
    const Outcome o = run_program(spec);
    if (o.output_bytes > spec.keep)
        fmt::print("\n{}\n", say("… 출력이 너무 많아 {} 바이트를 생략했습니다.", "… {} more bytes of output left out.",
                                 o.output_bytes - spec.keep));
    if (o.end == Outcome::End::exited && o.exit_code == 0) return 0;

    // The program stopped, or a raw library text (an Eigen check, std::bad_alloc) or chapter 02's
    // refusal of a stride is in doctest's output: find where with the XML reporter, and say it in a
    // sentence under doctest's output.
    const bool stopped = o.end != Outcome::End::exited || o.output.find("[doctest] Status:") == std::string::npos;
    if (stopped || !explain(o.output, "").empty() || mentions_stride_refusal(o.output)) {
        const RunResult run = run_tests(program, paths.timeout, args);
        for (const auto& c : run.cases) {
            if (!c.failure || c.failure->kind == FailureKind::not_run) continue;
            const Exercise* e = exercise_of(chapter, c.name);
            const Exercise unknown{chapter.number, "", "", "", "", {}, {}, {}};
            std::string sentence = stop_sentence(e ? *e : unknown, *c.failure);
            if (sentence.empty()) sentence = explain(c.failure->expanded, e ? e->id + " " + e->function : c.name);
            if (!sentence.empty()) fmt::print("\n✗ {}\n  {}\n", c.name, sentence);
        }
    }
    return o.end == Outcome::End::exited && o.exit_code != 0 ? o.exit_code : 1;
}

// Hints seen so far, per exercise, kept in the build folder: {"05.2": 2}.
namespace {
fs::path hint_file(const Paths& paths) { return paths.build / "workbook-hints.json"; }
nlohmann::json hints_seen(const Paths& paths) {
    std::ifstream in(hint_file(paths));
    try {
        return in ? nlohmann::json::parse(in) : nlohmann::json::object();
    } catch (const std::exception&) {
        return nlohmann::json::object();
    }
}
int hint_tier_seen(const Paths& paths, const std::string& id) { return hints_seen(paths).value(id, 0); }
}  // namespace

int hint(const Paths& paths, const std::string& id) {
    const auto chapters = chapters_of(paths);
    const auto [chapter, e] = find_exercise(chapters, id);
    const auto& hints = tr(e->hints_ko, e->hints_en);
    if (hints.empty()) {
        fmt::print("{}\n", say("{}에는 힌트가 없습니다.", "{} has no hints.", id));
        return 0;
    }
    auto seen = hints_seen(paths);
    const int tier = std::min<int>(seen.value(id, 0) + 1, static_cast<int>(hints.size()));
    seen[id] = tier;
    fs::create_directories(paths.build);
    std::ofstream(hint_file(paths)) << seen.dump(2) << "\n";

    static const char* names_ko[] = {"어디를 읽을까", "공식", "반복문의 모양"};
    static const char* names_en[] = {"where to read", "the formula", "the shape of the loop"};
    fmt::print("{} {} — {}\n\n", e->id, e->function, title(*e));
    for (int t = 0; t < tier; ++t) {
        const char* name = t < 3 ? tr(names_ko[t], names_en[t]) : "";
        fmt::print("{} {}/{} ({})\n", tr("힌트", "Hint"), t + 1, hints.size(), name);
        print_lines(hints[static_cast<std::size_t>(t)], "  ", 40);
        fmt::print("\n");
    }
    if (tier < static_cast<int>(hints.size()))
        fmt::print("{}\n", say("다음 단계: ./workbook hint {}", "Next tier: ./workbook hint {}", id));
    else
        fmt::print("{}\n", say("마지막 단계입니다. 문제지: {}", "That was the last tier. Sheet: {}", chapter->sheet));
    return 0;
}

namespace {

std::string capture(const std::vector<std::string>& argv, const fs::path& cwd) {
    RunSpec spec;
    spec.argv = argv;
    spec.timeout = std::chrono::seconds(20);
    spec.keep = 8 << 20;
    const fs::path here = fs::current_path();
    fs::current_path(cwd);
    Outcome o = run_program(spec);
    fs::current_path(here);
    return o.end == Outcome::End::exited && o.exit_code == 0 ? o.output : "";
}

std::string git_path() {
    for (const char* p : {"/usr/bin/git", "/bin/git", "/usr/local/bin/git"})
        if (access(p, X_OK) == 0) return p;
    return "";
}

// The lines of the function that holds `needle`, from its signature (the first line after a
// blank line, a comment or the previous closing brace) to its closing brace at column 0.
bool function_span(const std::vector<std::string>& lines, std::size_t at, std::size_t& begin, std::size_t& end) {
    begin = at;
    while (begin > 0) {
        const std::string& prev = lines[begin - 1];
        if (prev.empty() || prev[0] == '}' || prev.rfind("//", 0) == 0 || prev.rfind("namespace", 0) == 0 ||
            prev.rfind("#", 0) == 0)
            break;
        --begin;
    }
    end = at;
    while (end < lines.size() && lines[end].rfind("}", 0) != 0) ++end;
    return end < lines.size();
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

int reset(const Paths& paths, const std::string& id) {
    const auto chapters = chapters_of(paths);
    const auto [chapter, e] = find_exercise(chapters, id);
    const std::string throw_text = "NotImplemented(\"" + id + " ";
    const std::string git = git_path();
    if (git.empty()) throw std::runtime_error(tr("git이 없어 원래 문제를 찾을 수 없습니다", "git is needed to find the stub"));

    // The newest committed version of a chapter file that still has this exercise's stub.
    std::string file, original;
    for (const auto& candidate : chapter_files(paths, *chapter)) {
        const auto commits = split_lines(capture({git, "log", "--format=%H", "--", candidate}, paths.root));
        for (const auto& commit : commits) {
            const std::string text = capture({git, "show", commit + ":" + candidate}, paths.root);
            if (text.find(throw_text) != std::string::npos) {
                file = candidate;
                original = text;
                break;
            }
        }
        if (!file.empty()) break;
    }
    if (file.empty())
        throw std::runtime_error(say("git 기록에서 {}의 원래 문제를 찾지 못했습니다", "no stub of {} in the git history", id));

    std::ifstream in(paths.root / file);
    const std::string current{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto old_lines = split_lines(original);
    auto new_lines = split_lines(current);

    // Replace, function by function, each function of the exercise with its stub.
    std::vector<std::string> replaced;
    bool whole_file = false;
    for (std::size_t i = old_lines.size(); i-- > 0;) {
        if (old_lines[i].find(throw_text) == std::string::npos) continue;
        std::size_t ob = 0, oe = 0;
        if (!function_span(old_lines, i, ob, oe)) {
            whole_file = true;
            break;
        }
        const std::string signature = old_lines[ob].substr(0, old_lines[ob].find('('));
        std::size_t nb = new_lines.size();
        for (std::size_t k = 0; k < new_lines.size(); ++k)
            if (new_lines[k].rfind(signature + "(", 0) == 0) nb = k;
        std::size_t sb = 0, se = 0;
        if (nb == new_lines.size() || !function_span(new_lines, nb, sb, se)) {
            whole_file = true;
            break;
        }
        new_lines.erase(new_lines.begin() + static_cast<long>(sb), new_lines.begin() + static_cast<long>(se) + 1);
        new_lines.insert(new_lines.begin() + static_cast<long>(sb), old_lines.begin() + static_cast<long>(ob),
                         old_lines.begin() + static_cast<long>(oe) + 1);
        replaced.push_back(signature);
    }
    if (whole_file) new_lines = old_lines;

    std::string updated;
    for (const auto& line : new_lines) updated += line + "\n";
    if (updated == current) {
        fmt::print("{}\n", say("{}은(는) 이미 처음 상태입니다: {}", "{} is already as it was shipped: {}", id, file));
        return 0;
    }
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", std::localtime(&now));
    const fs::path backup_dir = paths.root / "chapters" / ".backup";
    fs::create_directories(backup_dir);
    const fs::path backup = backup_dir / fmt::format("{}.{}", fs::path(file).filename().string(), stamp);
    fs::copy_file(paths.root / file, backup, fs::copy_options::overwrite_existing);
    std::ofstream(paths.root / file) << updated;
    fmt::print("{}\n", whole_file
        ? say("{} 파일 전체를 처음 상태로 되돌렸습니다 (함수를 찾지 못했습니다).", "Restored all of {} (the function was not found).", file)
        : say("{}의 {}을(를) 처음 상태로 되돌렸습니다.", "Restored {1} in {0}.", file, id));
    fmt::print("{}\n", say("이전 내용은 {}에 저장했습니다.", "Your version is kept in {}.", relative(paths, backup.string())));
    return 0;
}

int test(const Paths& paths) {
    RunSpec spec;
    spec.argv = {"/usr/bin/ctest", "--test-dir", paths.build.string(), "-L", "^(ref|fast)$", "--output-on-failure", "-j2"};
    spec.timeout = std::chrono::minutes(30);
    spec.keep = std::size_t{1} << 30;
    spec.on_output = [](const char* data, std::size_t size) {
        std::fwrite(data, 1, size, stdout);
        std::fflush(stdout);
    };
    const Outcome o = run_program(spec);
    return o.end == Outcome::End::exited ? o.exit_code : 1;
}

int data(const Paths& paths, const std::string& name) {
    const std::string root = fs::absolute(paths.root).string();
    if (name.empty()) {
        fmt::print("{:<11} {:>7} {:>6}  {:<8} {}\n", tr("데이터", "data set"), tr("훈련", "train"), tr("시험", "test"),
                   tr("있음", "present"), tr("위치", "location"));
        for (const auto& info : cnn::list_datasets(root)) {
            fmt::print("{:<11} {:>7} {:>6}  {:<8} {}\n", info.name, info.train_count, info.test_count,
                       info.present ? tr("예", "yes") : tr("아니오", "no"), info.directory);
            if (!info.present) fmt::print("{:>28}{}\n", "→ ", info.how_to_get);
        }
        fmt::print("\n{}\n", tr("하나를 읽어 확인하려면: ./workbook data 이름", "Load one to check it: ./workbook data NAME"));
        return 0;
    }
    const cnn::Dataset set = cnn::load_dataset(name, root);
    fmt::print("{}\n", say("{}: 훈련 이미지 {}장, 시험 이미지 {}장 (28x28), 모든 파일이 올바릅니다",
                           "{}: {} training and {} test images of 28x28, every file valid", set.name,
                           set.train.size(), set.test.size()));
    return 0;
}

int verify_stubs(const Paths& paths) {
    int checked = 0, good = 0;
    std::vector<std::string> problems;
    for (const auto& chapter : load_chapters(paths.root)) {
        const ChapterResult result = run_chapter(paths, chapter, "student", errors_of(paths));
        if (result.state != ChapterResult::State::ran) {
            problems.push_back(fmt::format("chapter {}: {} is not built", chapter.number,
                                           program_of(paths, chapter, "student").string()));
            continue;
        }
        for (const auto& name : result.unassigned)
            problems.push_back(fmt::format("chapter {}: test case \"{}\" belongs to no exercise (start its name "
                                           "with an exercise id or a worked-example id of the manifest)",
                                           chapter.number, name));
        for (const auto& r : result.exercises) {
            ++checked;
            const auto failing = std::count_if(r.cases.begin(), r.cases.end(), [](auto& c) { return !c.passed; });
            if (r.cases.empty()) {
                problems.push_back(fmt::format("{} {}: no test case is named after it or its examples",
                                               r.exercise->id, r.exercise->function));
            } else if (failing == 0) {
                problems.push_back(fmt::format("{} {}: all {} test cases pass on the untouched stub",
                                               r.exercise->id, r.exercise->function, r.cases.size()));
            } else {
                ++good;
                fmt::print("  ok  {} {}: {} of {} test cases fail on the stub\n", r.exercise->id,
                           r.exercise->function, failing, r.cases.size());
            }
        }
    }
    for (const auto& p : problems) fmt::print("  FAIL {}\n", p);
    fmt::print("stubs: {}/{} exercises fail on their stubs\n", good, checked);
    return problems.empty() ? 0 : 1;
}

namespace {

std::string read_text(const fs::path& file) {
    std::ifstream in(file);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Where `id` stands in `text` as a whole id: "WE-1" does not match inside "WE-12".
std::size_t find_id(const std::string& text, const std::string& id, std::size_t from = 0) {
    for (auto at = text.find(id, from); at != std::string::npos; at = text.find(id, at + 1))
        if (at + id.size() == text.size() || !std::isdigit(static_cast<unsigned char>(text[at + id.size()])))
            return at;
    return std::string::npos;
}

bool contains_id(const std::string& text, const std::string& id) { return find_id(text, id) != std::string::npos; }

// The worked-example ids that open the chapter's test case names: TEST_CASE("WE-05 ...").
std::set<std::string> example_ids_in_tests(const fs::path& folder) {
    const std::string opening = "TEST_CASE(\"WE-";
    std::set<std::string> ids;
    if (!fs::exists(folder)) return ids;
    for (const auto& entry : fs::directory_iterator(folder)) {
        const std::string text = read_text(entry.path());
        for (auto at = text.find(opening); at != std::string::npos; at = text.find(opening, at + 1)) {
            auto end = at + opening.size();
            while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
            ids.insert(text.substr(at + opening.size() - 3, end - (at + opening.size() - 3)));
        }
    }
    return ids;
}

// The row of docs/worked-examples.md that starts with "| WE-NN |".
std::string table_row(const std::string& table, const std::string& id) {
    std::istringstream lines(table);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find_first_not_of("| ");
        if (line.rfind("|", 0) == 0 && first != std::string::npos && find_id(line, id) == first) return line;
    }
    return "";
}

}  // namespace

int verify_examples(const Paths& paths) {
    const std::string id_list = read_text(paths.root / "docs/worked-examples.md");
    std::vector<std::string> problems;
    int checked = 0;
    for (const auto& chapter : load_chapters(paths.root)) {
        std::set<std::string> manifest_ids;
        for (const auto& e : chapter.exercises) manifest_ids.insert(e.examples.begin(), e.examples.end());
        const auto test_ids = example_ids_in_tests(paths.root / "tests" / chapter.folder);
        const std::string guide = read_text(paths.root / chapter.guide);
        for (const auto& id : manifest_ids) {
            ++checked;
            const auto before = problems.size();
            if (!test_ids.count(id))
                problems.push_back(fmt::format("{} (chapter {}): no TEST_CASE named \"{} ...\" in tests/{}/", id,
                                               chapter.number, id, chapter.folder));
            if (!contains_id(guide, id))
                problems.push_back(fmt::format("{} (chapter {}): not in the guide {}", id, chapter.number, chapter.guide));
            if (table_row(id_list, id).find(chapter.folder) == std::string::npos)
                problems.push_back(fmt::format("{} (chapter {}): no row naming {} in docs/worked-examples.md", id,
                                               chapter.number, chapter.folder));
            if (problems.size() == before) fmt::print("  ok  {} in manifest, tests and guide of {}\n", id, chapter.folder);
        }
        for (const auto& id : test_ids)
            if (!manifest_ids.count(id))
                problems.push_back(fmt::format("{}: tests/{}/ has a test for it but manifest.json does not list it",
                                               id, chapter.folder));
    }
    for (const auto& p : problems) fmt::print("  FAIL {}\n", p);
    fmt::print("examples: {} worked-example ids checked, {} problems\n", checked, problems.size());
    return problems.empty() ? 0 : 1;
}

}  // namespace workbook
