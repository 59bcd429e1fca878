#include "commands.hpp"

#include "common/datasets.hpp"
#include "manifest.hpp"
#include "results.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <cctype>
#include <set>
#include <sstream>
#include <sys/wait.h>

namespace workbook {

namespace fs = std::filesystem;

namespace {

fs::path program_of(const Paths& paths, const Chapter& chapter, const char* side) {
    return paths.build / fmt::format("test_ch{}_{}", chapter.number, side);
}

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
    std::vector<ExerciseResult> exercises;
    std::vector<std::string> unassigned;  // test cases that belong to no exercise
    bool built = false, complete = true;
};

// Test cases that never ran (the program crashed before them) count as failed.
ChapterResult run_chapter(const Paths& paths, const Chapter& chapter, const char* side) {
    ChapterResult result;
    for (const auto& e : chapter.exercises) result.exercises.push_back({&e, {}});
    const fs::path program = program_of(paths, chapter, side);
    result.built = fs::exists(program);
    if (!result.built) return result;

    const RunResult run = run_tests(program);
    result.complete = run.complete;
    std::map<std::string, TestCaseResult> by_name;
    std::string crashed_in = "an earlier test";
    for (const auto& c : run.cases) {
        by_name[c.name] = c;
        if (c.failure && c.failure->check == "the test program crashed") crashed_in = fmt::format("\"{}\"", c.name);
    }
    for (const auto& name : list_tests(program)) {
        TestCaseResult c{name, false, Failure{}};
        if (auto it = by_name.find(name); it != by_name.end()) {
            c = it->second;
        } else {
            c.failure->check = "did not run";
            c.failure->expanded = fmt::format(
                "the test program crashed (exit code {}) in {} before this test ran; "
                "see ./workbook check {}", run.exit_code, crashed_in, chapter.number);
        }
        const Exercise* owner = exercise_of(chapter, name);
        if (!owner) {
            result.unassigned.push_back(name);
            continue;
        }
        result.exercises[owner - chapter.exercises.data()].cases.push_back(std::move(c));
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
    return ec || rel.empty() ? file : rel.string();
}

// The .cpp file(s) the student edits for this chapter.
std::string exercise_file(const Paths& paths, const Chapter& chapter) {
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(paths.root / "chapters" / chapter.folder))
        if (entry.path().extension() == ".cpp") files.push_back("chapters/" + chapter.folder + "/" + entry.path().filename().string());
    std::sort(files.begin(), files.end());
    return fmt::format("{}", fmt::join(files, " or "));
}

void print_next(const Paths& paths, const Chapter& chapter, const ExerciseResult& result) {
    const Exercise& e = *result.exercise;
    fmt::print("\nNext exercise: {} {} — {}\n", e.id, e.function, e.title_en);
    fmt::print("               {}\n", e.title_ko);
    if (const TestCaseResult* failing = result.first_failure()) {
        fmt::print("\n  ✗ {}\n", failing->name);
        if (failing->failure) {
            const Failure& f = *failing->failure;
            if (!f.file.empty()) fmt::print("    {}:{}\n", relative(paths, f.file), f.line);
            for (const auto& line : f.context) fmt::print("    {}\n", line);
            fmt::print("    {}\n", f.check);
            if (f.not_implemented) {
                fmt::print("    {} → write its body in {}\n", f.expanded, exercise_file(paths, chapter));
            } else {
                std::istringstream lines(f.expanded);
                for (std::string line; std::getline(lines, line);) fmt::print("    {}\n", line);
            }
        }
    } else {
        fmt::print("\n  This exercise has no test yet.\n");
    }
    if (!e.hint.empty()) fmt::print("\n  Hint:  {}\n", e.hint);
    fmt::print("  Sheet: {}\n", chapter.sheet);
    fmt::print("  Read:  노트 (notes) {}\n", e.note);
    fmt::print("  Run:   ./workbook check {}\n", chapter.number);
}

int system_exit_code(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

int status(const Paths& paths) {
    const auto chapters = load_chapters(paths.root);
    int done_total = 0, total = 0;
    const Chapter* next_chapter = nullptr;
    std::optional<ExerciseResult> next;

    fmt::print("ConvNet workbook — 합성곱 신경망 워크북\n\n");
    for (const auto& chapter : chapters) {
        const ChapterResult result = run_chapter(paths, chapter, "student");
        const int done = static_cast<int>(std::count_if(result.exercises.begin(), result.exercises.end(),
                                                        [](auto& r) { return r.done(); }));
        const int count = static_cast<int>(result.exercises.size());
        done_total += done;
        total += count;
        std::string note = !result.built ? "  (not built)" : !result.complete ? "  (tests crashed)" : "";
        fmt::print(" {}  {:<28} {:<46} {} {:>2}/{}{}\n", chapter.number, chapter.title_ko, chapter.title_en,
                   progress_bar(done, count), done, count, note);
        if (!next) {
            for (const auto& r : result.exercises) {
                if (!r.done()) {
                    next = r;
                    next_chapter = &chapter;
                    break;
                }
            }
        }
    }
    fmt::print("\n {} of {} exercises done {}\n", done_total, total, progress_bar(done_total, total, 30));
    if (next) {
        print_next(paths, *next_chapter, *next);
    } else {
        fmt::print("\nEvery exercise passes. 모든 연습 문제를 통과했습니다!\n");
    }
    return 0;
}

int check(const Paths& paths, const std::string& number, const std::string& args) {
    const auto chapters = load_chapters(paths.root);
    const auto it = std::find_if(chapters.begin(), chapters.end(), [&](auto& c) { return c.number == number; });
    if (it == chapters.end()) throw std::runtime_error(fmt::format("there is no chapter {}", number));
    const fs::path program = program_of(paths, *it, "student");
    if (!fs::exists(program)) throw std::runtime_error(fmt::format("{} is not built", program.string()));
    fmt::print("Chapter {} — {} ({})\nSheet: {}\n\n", it->number, it->title_ko, it->title_en, it->sheet);
    std::fflush(stdout);
    return system_exit_code(std::system(fmt::format("'{}' {}", program.string(), args).c_str()));
}

int test(const Paths& paths) {
    const std::string command =
        fmt::format("ctest --test-dir '{}' -L '^(ref|fast)$' --output-on-failure -j2", paths.build.string());
    return system_exit_code(std::system(command.c_str()));
}

int data(const Paths& paths, const std::string& name) {
    const std::string root = fs::absolute(paths.root).string();
    if (name.empty()) {
        fmt::print("{:<11} {:>7} {:>6}  {:<8} {}\n", "data set", "train", "test", "present", "location");
        for (const auto& info : cnn::list_datasets(root)) {
            fmt::print("{:<11} {:>7} {:>6}  {:<8} {}\n", info.name, info.train_count, info.test_count,
                       info.present ? "yes" : "no", info.directory);
            if (!info.present) fmt::print("{:>28}{}\n", "→ ", info.how_to_get);
        }
        fmt::print("\nLoad one to check it: ./workbook data NAME\n");
        return 0;
    }
    const cnn::Dataset set = cnn::load_dataset(name, root);
    fmt::print("{}: {} training and {} test images of 28x28, every file valid\n", set.name, set.train.size(),
               set.test.size());
    return 0;
}

int verify_stubs(const Paths& paths) {
    int checked = 0, good = 0;
    std::vector<std::string> problems;
    for (const auto& chapter : load_chapters(paths.root)) {
        const ChapterResult result = run_chapter(paths, chapter, "student");
        if (!result.built) {
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
