#include "grade_build.hpp"

#include "sha256.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace workbook::grade {

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_text(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error(fmt::format("cannot write {}", p.string()));
}

// A command line as CMake writes it into compile_commands.json and build.ninja: words separated
// by spaces, "..." and '...' quoting, backslash escapes.
std::vector<std::string> split_command(const std::string& command) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (std::size_t i = 0; i < command.size(); ++i) {
        const char c = command[i];
        if (quote) {
            if (c == quote) quote = 0;
            else if (c == '\\' && quote == '"' && i + 1 < command.size()) word += command[++i];
            else word += c;
        } else if (c == '"' || c == '\'') {
            quote = c;
            in_word = true;
        } else if (c == '\\' && i + 1 < command.size()) {
            word += command[++i];
            in_word = true;
        } else if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) words.push_back(word);
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

struct CompileEntry {
    std::vector<std::string> args;  // without -o X, -c and the source
    fs::path output;                // absolute
};

std::map<std::string, CompileEntry> load_compile_commands(const fs::path& build) {
    const fs::path file = build / "compile_commands.json";
    std::ifstream in(file);
    if (!in)
        throw std::runtime_error(fmt::format("{}가 없습니다: 먼저 참조 빌드를 하세요 (./workbook test) "
                                             "(no compile_commands.json; build the reference first)", file.string()));
    const auto j = nlohmann::json::parse(in);
    std::map<std::string, CompileEntry> entries;
    for (const auto& e : j) {
        const fs::path dir = e.at("directory").get<std::string>();
        const std::string source = e.at("file").get<std::string>();
        const auto words = e.contains("arguments") ? e.at("arguments").get<std::vector<std::string>>()
                                                   : split_command(e.at("command").get<std::string>());
        CompileEntry c;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i] == "-o" && i + 1 < words.size()) {
                c.output = dir / words[++i];
            } else if (words[i] == "-c" || words[i] == source) {
                continue;
            } else if (words[i] == "-Werror" || words[i].rfind("-Werror=", 0) == 0) {
                continue;  // a warning in a student's file is not a compile error
            } else {
                c.args.push_back(words[i]);
            }
        }
        // A model answer the fast side also compiles (-O3, its own include folder) has two
        // entries: a student's file is compiled like the ref side's.
        const std::string key = fs::path(source).lexically_normal().string();
        if (entries.count(key) && c.output.string().find("_fast.dir/") != std::string::npos) continue;
        entries[key] = c;
    }
    return entries;
}

struct LinkRule {
    std::vector<std::string> inputs;  // explicit inputs, absolute
    std::string flags, link_flags, libraries;
};

// The link step of `target` in build.ninja: its explicit inputs and its variables.
LinkRule find_link_rule(const std::string& ninja, const fs::path& build, const std::string& target) {
    const std::string head = "build " + target + ":";
    auto pos = ninja.find("\n" + head);
    if (pos == std::string::npos)
        throw std::runtime_error(fmt::format("build.ninja에 {}가 없습니다 (no link step for {}; reconfigure the reference build)",
                                             target, target));
    pos += 1;
    const auto eol = ninja.find('\n', pos);
    std::string line = ninja.substr(pos + head.size(), eol - pos - head.size());
    auto words = split_command(line);
    LinkRule rule;
    for (std::size_t i = 1; i < words.size(); ++i) {  // words[0] is the rule name
        if (words[i] == "|" || words[i] == "||") break;
        rule.inputs.push_back((build / words[i]).lexically_normal().string());
    }
    std::istringstream vars(ninja.substr(eol + 1));
    std::string v;
    while (std::getline(vars, v) && v.rfind("  ", 0) == 0) {
        const auto eq = v.find(" = ");
        if (eq == std::string::npos) continue;
        const std::string key = v.substr(2, eq - 2), value = v.substr(eq + 3);
        if (key == "FLAGS") rule.flags = value;
        if (key == "LINK_FLAGS") rule.link_flags = value;
        if (key == "LINK_LIBRARIES") rule.libraries = value;
    }
    return rule;
}

std::string sha256_of(const std::string& s) {
    return workbook_data::sha256_hex(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

std::string join(const std::vector<std::string>& v, const char* sep = " ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

// The compiler's first errors, with the scratch path replaced by the instructor's and nothing
// about the instructor's own files beyond the lines that point at them.
std::string trim_compiler_output(std::string text, const fs::path& scratch_src, const std::string& shown_as_prefix) {
    const std::string from = scratch_src.string() + "/";
    for (std::size_t at; (at = text.find(from)) != std::string::npos;) text.replace(at, from.size(), shown_as_prefix);
    std::istringstream in(text);
    std::string line, out;
    int lines = 0;
    while (std::getline(in, line) && lines < 25) {
        if (line.find("In file included from") == 0 || line.find("                 from") == 0) continue;
        out += line + "\n";
        ++lines;
    }
    if (lines == 25) out += "...\n";
    return out;
}

sandbox::Options base_options(const ClassBuild& cls, const fs::path& workdir) {
    sandbox::Options o;
    o.workdir = workdir;
    o.isolation = cls.isolation;
    o.env = {"OMP_NUM_THREADS=1", "OMP_WAIT_POLICY=passive"};
    return o;
}

// ---- running a test program ----------------------------------------------------------------

struct ParsedCase {
    std::string name, file;
    bool complete = false;  // doctest closed it (OverallResultsAsserts)
    bool success = false;
    bool crash = false;     // doctest's signal handler reported a crash in it
    std::string message;
};

std::string first_problem(const pugi::xml_node& node) {
    for (const auto& child : node.children()) {
        const std::string_view name = child.name();
        if (name == "Exception") {
            const std::string text = child.text().as_string();
            if (text.find("will translate later") != std::string::npos) continue;
            return fmt::format("예외 (exception): {}", text);
        }
        if (name == "Expression" && !child.attribute("success").as_bool()) {
            std::string m = fmt::format("{}:{}: {}( {} )", fs::path(child.attribute("filename").as_string()).filename().string(),
                                        child.attribute("line").as_int(), child.attribute("type").as_string(),
                                        child.child("Original").text().as_string());
            if (const auto e = child.child("Expanded")) m += fmt::format("\n  값 (values): {}", e.text().as_string());
            if (const auto e = child.child("Exception")) m += fmt::format("\n  예외 (exception): {}", e.text().as_string());
            for (const auto& info : child.children("Info")) m += fmt::format("\n  {}", info.text().as_string());
            return m;
        }
        if (name == "SubCase") {
            const std::string inner = first_problem(child);
            if (!inner.empty()) return fmt::format("[subcase \"{}\"] {}", child.attribute("name").as_string(), inner);
        }
    }
    return {};
}

std::vector<ParsedCase> parse_xml(const fs::path& file) {
    std::vector<ParsedCase> cases;
    pugi::xml_document doc;
    doc.load_file(file.c_str());  // a file cut short parses up to where it stops
    for (const auto& suite : doc.child("doctest").children("TestSuite")) {
        for (const auto& tc : suite.children("TestCase")) {
            if (tc.attribute("skipped").as_bool()) continue;
            ParsedCase c;
            c.name = tc.attribute("name").as_string();
            c.file = tc.attribute("filename").as_string();
            const auto overall = tc.child("OverallResultsAsserts");
            c.complete = static_cast<bool>(overall);
            c.success = overall && overall.attribute("test_case_success").as_bool();
            for (const auto& e : tc.select_nodes(".//Exception"))
                if (e.node().attribute("crash").as_bool()) c.crash = true;
            c.message = first_problem(tc);
            cases.push_back(std::move(c));
        }
    }
    return cases;
}

}  // namespace

namespace {

struct ProgramRun {
    std::vector<CaseResult> cases;
    std::string outcome;
    double cpu = 0;
    bool isolated = true;
    std::string isolation_note;
};

// Runs `program` until every test case has a result: after a test case that crashed, hung or
// ended the program, the run resumes with the next one (doctest's --first).
ProgramRun run_program(const ClassBuild& cls, const ChapterBuild& cb, const fs::path& program, const fs::path& dir) {
    ProgramRun out;
    const std::size_t n = cb.test_names.size();
    std::vector<CaseResult> results(n);
    std::vector<bool> done(n, false);
    for (std::size_t i = 0; i < n; ++i) {
        results[i].name = cb.test_names[i];
        results[i].hidden = cb.hidden[i];
        if (const Exercise* e = exercise_of(*cb.chapter, cb.test_names[i])) results[i].exercise = e->id;
    }
    const auto timeout = cb.timeout.count() > 0 ? cb.timeout : cls.limits.timeout;
    const auto budget = timeout * 3;
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::string> outcomes;
    std::size_t next = 0;
    for (int attempt = 0; next < n; ++attempt) {
        if (std::chrono::steady_clock::now() - start > budget) {
            for (std::size_t i = next; i < n; ++i) {
                results[i].status = CaseStatus::not_run;
                results[i].message = "이 장의 시간 예산을 앞선 테스트들이 다 써서 실행하지 않았습니다 "
                                     "(not run: earlier test cases used up this chapter's time budget)";
            }
            outcomes.push_back("time budget used up");
            break;
        }
        const fs::path run_dir = dir / fmt::format("run{}", attempt);
        sandbox::prepare_workdir(run_dir);
        const fs::path xml = run_dir / "report.xml";
        sandbox::Options o = base_options(cls, run_dir);
        o.argv = {program.string(), "--no-colors=true", "--reporters=xml", fmt::format("--first={}", next + 1),
                  "--source-file-exclude=*/student-src/*"};
        o.env.push_back("WORKBOOK_GRADE_XML=" + xml.string());
        o.read_only = {dir / "bin"};
        if (fs::exists(cls.root / "data")) o.read_only.push_back(cls.root / "data");
        o.limits.wall = timeout;
        o.limits.address_space = cls.limits.memory_mb << 20;
        o.limits.output = std::uint64_t{8} << 20;
        o.keep = 8192;
        const sandbox::Result r = sandbox::run(o);
        out.cpu += r.cpu_seconds;
        if (!r.isolated) {
            out.isolated = false;
            out.isolation_note = r.isolation_note;
        }
        if (r.outcome == sandbox::Outcome::failed_to_start) {
            for (std::size_t i = next; i < n; ++i) {
                results[i].status = CaseStatus::not_run;
                results[i].message = fmt::format("테스트 프로그램을 시작할 수 없습니다 (could not start the test program): {}", r.error);
            }
            outcomes.push_back(r.describe());
            break;
        }
        const auto parsed = parse_xml(xml);
        // Match what ran, in order, to the expected list; anything else (a test case a student
        // defined in an exercise file) is ignored.
        std::size_t at = next;
        std::size_t first_open = n;  // the test case the program was in when it stopped
        std::string crash_message;
        for (const auto& c : parsed) {
            std::size_t j = at;
            while (j < n && cb.test_names[j] != c.name) ++j;
            if (j == n) continue;
            at = j + 1;
            if (c.complete && !c.crash) {
                results[j].status = c.success ? CaseStatus::passed : CaseStatus::failed;
                results[j].message = c.success ? "" : c.message;
                done[j] = true;
            } else {
                first_open = j;
                crash_message = c.message;
                break;
            }
        }
        if (first_open == n) {
            // No test case left open: the program finished, or stopped between test cases.
            first_open = at;
            while (first_open < n && done[first_open]) ++first_open;
        }
        if (first_open >= n) {
            // Every test case has a result. doctest itself exits with 1 when one failed.
            const bool normal = r.outcome == sandbox::Outcome::exited && (r.exit_code == 0 || r.exit_code == 1);
            if (!normal) outcomes.push_back(fmt::format("{} (after the last test case)", r.describe()));
            break;
        }
        CaseResult& culprit = results[first_open];
        const std::string where = fmt::format(" — 테스트 케이스 \"{}\" 안에서 (in this test case)", culprit.name);
        switch (r.outcome) {
            case sandbox::Outcome::timeout:
                culprit.status = CaseStatus::timeout;
                culprit.message = fmt::format("시간 제한 (time limit): {:.0f}초 안에 끝나지 않았습니다 (did not finish in {:.0f} s){}",
                                              std::chrono::duration<double>(timeout).count(),
                                              std::chrono::duration<double>(timeout).count(), where);
                break;
            case sandbox::Outcome::output_limit:
                culprit.status = CaseStatus::limit;
                culprit.message = fmt::format("출력 제한 (output limit): 표준 출력이 {} MB를 넘었습니다 (more than {} MB on stdout/stderr){}",
                                              o.limits.output >> 20, o.limits.output >> 20, where);
                break;
            case sandbox::Outcome::signaled:
                culprit.status = r.limit.empty() ? CaseStatus::crashed : CaseStatus::limit;
                culprit.message = r.limit.empty()
                    ? fmt::format("충돌 (crash): 시그널 {} ({}){}", r.signal, strsignal(r.signal), where)
                    : fmt::format("{} 제한 (limit): 시그널 {} ({}){}", r.limit, r.signal, strsignal(r.signal), where);
                break;
            default:
                culprit.status = CaseStatus::stopped;
                culprit.message = fmt::format(
                    "테스트 프로그램이 중간에 끝났습니다 (the test program stopped early): exit code {} — "
                    "exit()를 부르는 코드가 있는지 보세요 (look for a call to exit()){}", r.exit_code, where);
        }
        if (!crash_message.empty()) culprit.message += "\n" + crash_message;
        if (!r.err.empty()) culprit.message += "\n  stderr: " + r.err.substr(0, 600);
        done[first_open] = true;
        outcomes.push_back(fmt::format("{} in \"{}\"", r.describe(), culprit.name));
        next = first_open + 1;
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (!done[i] && results[i].message.empty() && results[i].status == CaseStatus::not_run)
            results[i].message = "실행되지 않았습니다 (not run)";
        if (results[i].status == CaseStatus::failed && results[i].message.find("bad_alloc") != std::string::npos)
            results[i].message = fmt::format("메모리 제한 (memory limit: {} MB of address space) — {}", cls.limits.memory_mb,
                                             results[i].message);
    }
    out.cases = std::move(results);
    out.outcome = outcomes.empty() ? "completed" : join(outcomes, "; ");
    return out;
}

// Links a test program. Objects replace the model answers' libraries of the chapters in `own`.
bool link_program(const ClassBuild& cls, const ChapterBuild& cb, const std::vector<std::string>& objects,
                  const std::set<std::string>& replaced, const fs::path& program, std::string& error, double& cpu) {
    sandbox::Options o = base_options(cls, program.parent_path());
    o.argv = cb.link_prefix;
    o.argv.insert(o.argv.end(), cb.test_objects.begin(), cb.test_objects.end());
    o.argv.insert(o.argv.end(), objects.begin(), objects.end());
    if (!objects.empty() && !cls.eigen_products.empty()) o.argv.push_back(cls.eigen_products.string());
    o.argv.insert(o.argv.end(), {"-o", program.string()});
    for (const auto& lib : cb.libraries) {
        bool skip = false;
        for (const auto& number : replaced)
            if (auto it = cb.chapter_libs.find(number); it != cb.chapter_libs.end() && it->second == lib) skip = true;
        if (!skip) o.argv.push_back(lib);
    }
    o.read_only = {cls.build, cls.work / "objects", cls.work / "class"};
    o.limits.wall = std::chrono::seconds(120);
    o.limits.address_space = std::uint64_t{4} << 30;
    o.limits.file_size = std::uint64_t{512} << 20;
    o.limits.processes = 16;
    o.keep = 16384;
    const auto r = sandbox::run(o);
    cpu += r.cpu_seconds;
    if (r.ok()) return true;
    error = fmt::format("링크 실패 (link failed, {}):\n{}", r.describe(), trim_compiler_output(r.err, program.parent_path(), ""));
    return false;
}

// What a test program of `cb` is made of, as a key for ClassBuild::runs: for each chapter it
// links, "model" (the reference build's library) or the content keys of the student's objects.
// The test objects, hidden tests, flags and limits are the same for the whole class.
std::string program_key(const ChapterBuild& cb, const std::map<std::string, std::vector<std::string>>& student_keys) {
    std::string parts = cb.chapter->number;
    std::vector<std::string> linked = cb.earlier;
    linked.push_back(cb.chapter->number);
    for (const auto& n : linked) {
        parts += "|" + n + ":";
        const auto it = student_keys.find(n);
        parts += it == student_keys.end() ? std::string("model") : join(it->second, ",");
    }
    return sha256_of(parts);
}

}  // namespace

void prepare_class(ClassBuild& cls, const std::vector<Chapter>& chapters) {
    const auto commands = load_compile_commands(cls.build);
    const std::string ninja = read_text(cls.build / "build.ninja");
    fs::create_directories(cls.work / "objects");
    fs::create_directories(cls.work / "class");

    const auto main_entry = commands.find((cls.root / "tests/grading/grading_main.cpp").lexically_normal().string());
    if (main_entry == commands.end() || !fs::exists(main_entry->second.output))
        throw std::runtime_error("채점용 main이 빌드되지 않았습니다 (the grading main is not built: "
                                 "cmake --build --preset ref --target workbook_grading_main)");
    const std::string grading_main = main_entry->second.output.string();

    std::string why;
    if (cls.isolation != sandbox::Isolation::limits_only && !sandbox::bubblewrap_works(&why))
        cls.isolation_note = why + "; the resource limits alone apply";

    for (const auto& chapter : chapters) {
        ChapterBuild cb;
        cb.chapter = &chapter;
        const fs::path stub_dir = cls.root / "chapters" / chapter.folder;
        for (const auto& entry : fs::directory_iterator(stub_dir))
            if (entry.path().extension() == ".cpp")
                cb.exercise_sources.push_back(fs::relative(entry.path(), cls.root).generic_string());
        std::sort(cb.exercise_sources.begin(), cb.exercise_sources.end());
        if (cb.exercise_sources.empty()) continue;
        for (const auto& source : cb.exercise_sources) {
            const fs::path model = cls.root / "solutions" / chapter.folder / fs::path(source).filename();
            if (fs::exists(model)) cb.model_sources[source] = read_text(model);
        }

        // Flags: those of the chapter's model answer.
        for (const auto& [file, entry] : commands) {
            if (fs::path(file).parent_path() == (cls.root / "solutions" / chapter.folder).lexically_normal()) {
                cb.compile_args = entry.args;
                break;
            }
        }
        if (cb.compile_args.empty())
            throw std::runtime_error(fmt::format("{}장의 모범 답안이 참조 빌드에 없습니다 (chapter {}: no model answer in the "
                                                 "reference build; the grader needs solutions/)", chapter.number, chapter.number));
        if (cls.products_args.empty()) cls.products_args = cb.compile_args;
        // A student's file is compiled at -O1: a quarter less compiling than -O2 for a finished
        // submission, while its tests run about as fast (the matrix products, where the time
        // goes, are compiled once at the reference level, see eigen_products below).
        for (auto& w : cb.compile_args)
            if (w.rfind("-O", 0) == 0 && w.size() == 3 && w != "-O0" && w != "-O1") w = "-O1";

        const LinkRule rule = find_link_rule(ninja, cls.build, fmt::format("test_ch{}_ref", chapter.number));
        cb.link_prefix = {cb.compile_args.front()};
        for (const auto& w : split_command(rule.flags + " " + rule.link_flags)) cb.link_prefix.push_back(w);
        cb.test_objects = rule.inputs;
        cb.test_objects.push_back(grading_main);
        static const std::regex chapter_lib("libch([0-9][0-9])_ref\\.a$");
        for (const auto& w : split_command(rule.libraries)) {
            const std::string lib = (w[0] == '-' || fs::path(w).is_absolute()) ? w : (cls.build / w).lexically_normal().string();
            cb.libraries.push_back(lib);
            std::smatch m;
            if (std::regex_search(lib, m, chapter_lib)) {
                cb.chapter_libs[m[1]] = lib;
                if (m[1] != chapter.number) cb.earlier.push_back(m[1]);
            }
        }
        std::sort(cb.earlier.begin(), cb.earlier.end());

        // Hidden tests: compiled once, with the flags of the chapter's own tests.
        std::set<std::string> hidden_files;
        if (!cls.hidden.empty() && fs::is_directory(cls.hidden / chapter.folder)) {
            std::vector<std::string> test_args;
            for (const auto& [file, entry] : commands)
                if (fs::path(file).parent_path() == (cls.root / "tests" / chapter.folder).lexically_normal()) test_args = entry.args;
            for (const auto& entry : fs::directory_iterator(cls.hidden / chapter.folder)) {
                if (entry.path().extension() != ".cpp") continue;
                const fs::path obj = cls.work / "class" / chapter.folder / (entry.path().stem().string() + ".hidden.o");
                sandbox::prepare_workdir(obj.parent_path());
                // Compiled from a copy that the sandbox's user may read: the hidden folder itself
                // may be readable by root alone (the Gradescope bundle makes it so).
                const fs::path copy = obj.parent_path() / ("hidden-" + entry.path().filename().string());
                fs::copy_file(entry.path(), copy, fs::copy_options::overwrite_existing);
                fs::permissions(copy, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read);
                sandbox::Options o;
                o.argv = test_args;
                o.argv.insert(o.argv.end(), {"-c", copy.string(), "-o", obj.string()});
                o.workdir = obj.parent_path();
                o.isolation = sandbox::Isolation::limits_only;  // the instructor's own code
                o.limits.wall = std::chrono::seconds(300);
                o.limits.address_space = 0;
                o.limits.processes = 64;
                const auto r = sandbox::run(o);
                std::error_code gone;
                fs::remove(copy, gone);  // the object is all the test programs need
                if (!r.ok())
                    throw std::runtime_error(fmt::format("숨은 테스트 {}가 컴파일되지 않습니다 (hidden test does not compile):\n{}",
                                                         entry.path().string(), r.err.substr(0, 4000)));
                cb.test_objects.push_back(obj.string());
                hidden_files.insert(fs::absolute(copy).lexically_normal().string());
            }
        }

        // The model answers' run: the test names in order, and proof that every test can pass.
        const fs::path dir = cls.work / "class" / chapter.folder;
        sandbox::prepare_workdir(dir / "bin");
        const fs::path program = dir / "bin" / "reference";
        std::string error;
        double cpu = 0;
        // gold links a test program in about a third of the CPU time of the default linker, and a
        // finished submission is up to 15 programs; a toolchain without it uses the default.
        if (cls.gold_linker) cb.link_prefix.push_back("-fuse-ld=gold");
        bool linked = link_program(cls, cb, {}, {}, program, error, cpu);
        if (!linked && cls.gold_linker) {
            cls.gold_linker = false;
            cb.link_prefix.pop_back();
            linked = link_program(cls, cb, {}, {}, program, error, cpu);
        }
        if (!linked)
            throw std::runtime_error(fmt::format("{}장 참조 프로그램 (chapter {} reference program): {}", chapter.number,
                                                 chapter.number, error));
        // The names come from a run that is not matched against anything yet.
        {
            sandbox::Options o = base_options(cls, dir / "bin");
            const fs::path xml = dir / "bin" / "list.xml";
            o.argv = {program.string(), "--no-colors=true", "--reporters=xml", "--list-test-cases"};
            o.env.push_back("WORKBOOK_GRADE_XML=" + xml.string());
            const auto r = sandbox::run(o);
            pugi::xml_document doc;
            doc.load_file(xml.c_str());
            for (const auto& tc : doc.select_nodes("//TestCase")) {
                cb.test_names.push_back(tc.node().attribute("name").as_string());
                const std::string file = fs::path(tc.node().attribute("filename").as_string()).lexically_normal().string();
                cb.hidden.push_back(hidden_files.count(file) > 0);
            }
            if (cb.test_names.empty())
                throw std::runtime_error(fmt::format("{}장 참조 프로그램이 테스트 목록을 내지 않았습니다 (chapter {}: the reference "
                                                     "program listed no test cases: {})", chapter.number, chapter.number, r.describe()));
        }
        // The model answers get all the time they need; a student's run then gets --timeout or
        // three times theirs (chapter 07 trains a network), whichever is longer.
        cb.timeout = std::max(cls.limits.timeout * 10, std::chrono::milliseconds(std::chrono::minutes(5)));
        const auto ref_start = std::chrono::steady_clock::now();
        const ProgramRun ref = run_program(cls, cb, program, dir);
        const auto ref_time = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - ref_start);
        cb.timeout = std::max(cls.limits.timeout, ref_time * 3 + std::chrono::milliseconds(2000));
        int passed = 0;
        std::string failures;
        for (const auto& c : ref.cases) {
            if (c.status == CaseStatus::passed) ++passed;
            else failures += fmt::format("\n  {}: {} {}", c.name, to_string(c.status), c.message.substr(0, 300));
        }
        cb.reference_outcome = fmt::format("{}/{} passed", passed, ref.cases.size());
        if (passed != static_cast<int>(ref.cases.size()))
            throw std::runtime_error(fmt::format("{}장 모범 답안이 모든 테스트를 통과하지 않습니다 (chapter {}: the model answers "
                                                 "fail {} test case(s); fix them or the hidden tests first):{}",
                                                 chapter.number, chapter.number, ref.cases.size() - passed, failures));
        std::promise<ClassBuild::Run> reference;
        reference.set_value({ref.cases, ref.outcome});
        cls.runs[program_key(cb, {})] = reference.get_future().share();
        cls.chapters.push_back(std::move(cb));
    }

    // The headers every exercise source starts with (Eigen, fmt, the shared tensor types),
    // precompiled once: half of a student file's compile time is parsing them. Compiled with
    // the exercise sources' own flags; where GCC finds it does not fit, it reads the headers.
    // As in the student's own build (cmake/Chapter.cmake), the header is cmake/eigen_products.hpp:
    // a product of float matrices in a student's file is a call of one function compiled here
    // once (cmake/eigen_products.cpp), not Eigen's product kernels instantiated and optimized in
    // every file (about 5 of a finished submission's 14 s of compiling, 4 of them convolution.cpp).
    if (!cls.chapters.empty()) {
        const fs::path dir = cls.work / "class" / "pch";
        sandbox::prepare_workdir(dir);
        const fs::path header = dir / "grading_pch.hpp";
        const fs::path products_hpp = cls.root / "cmake" / "eigen_products.hpp";
        const fs::path products_cpp = cls.root / "cmake" / "eigen_products.cpp";
        const auto compile = [&](const std::vector<std::string>& flags, std::vector<std::string> args) {
            sandbox::Options o;
            o.argv = flags;
            o.argv.insert(o.argv.end(), args.begin(), args.end());
            o.workdir = dir;
            o.isolation = sandbox::Isolation::limits_only;  // the instructor's own headers
            o.limits.wall = std::chrono::seconds(300);
            o.limits.address_space = 0;
            o.limits.file_size = std::uint64_t{1} << 30;
            return sandbox::run(o);
        };
        const auto make_pch = [&](bool products) {
            std::string text = "// Precompiled for the grader: the headers every exercise source includes.\n";
            if (products) text += fmt::format("#include \"{}\"\n", products_hpp.string());
            for (const char* h : {"common/tensor.hpp", "common/errors.hpp", "common/shape.hpp"})
                if (fs::exists(cls.root / "chapters" / h)) text += fmt::format("#include \"{}\"\n", h);
            text += "#include <fmt/format.h>\n#include <fmt/ranges.h>\n";
            write_text(header, text);
            return compile(cls.chapters.front().compile_args,
                           {"-Wno-unused-parameter", "-x", "c++-header", header.string(), "-o", header.string() + ".gch"});
        };
        bool products = fs::exists(products_hpp) && fs::exists(products_cpp);
        auto r = make_pch(products);
        if (products && r.ok()) {
            const fs::path obj = dir / "eigen_products.o";
            const auto p = compile(cls.products_args, {"-c", products_cpp.string(), "-o", obj.string()});
            if (p.ok()) cls.eigen_products = obj;
            else fmt::print(stderr, "  (행렬 곱을 파일마다 컴파일합니다; eigen_products.cpp failed: {}: {})\n", p.describe(), p.err.substr(0, 500));
        }
        if (products && cls.eigen_products.empty()) r = make_pch(false);
        if (r.ok()) cls.pch = header;
        else fmt::print(stderr, "  (미리 컴파일한 헤더 없이 진행합니다; precompiled header failed: {}: {})\n", r.describe(), r.err.substr(0, 500));
    }
}

std::vector<ChapterResult> build_and_run(ClassBuild& cls, const std::map<std::string, std::string>& sources,
                                         const fs::path& scratch, double& cpu_seconds, std::string& isolation_note) {
    std::vector<ChapterResult> results;
    // Chapters that are not the model answers: chapter -> compiled student objects, their keys.
    std::map<std::string, std::vector<std::string>> objects, object_keys;
    std::map<std::string, std::string> compile_errors;
    const fs::path src_root = scratch / "student-src";

    // 1. Compile every chapter's exercise sources on their own.
    for (const auto& cb : cls.chapters) {
        ChapterResult cr;
        cr.number = cb.chapter->number;
        cr.folder = cb.chapter->folder;
        cr.title_ko = cb.chapter->title_ko;
        cr.title_en = cb.chapter->title_en;
        std::vector<std::string> objs, keys;
        std::string errors;
        // Every exercise source is the model answer, byte for byte: the chapter is the model
        // answers' library, which the reference build compiled with the same flags.
        bool is_model = !cb.exercise_sources.empty();
        for (const auto& source : cb.exercise_sources) {
            const auto it = sources.find(source);
            const auto model = cb.model_sources.find(source);
            if (it == sources.end() || model == cb.model_sources.end() || it->second != model->second) is_model = false;
        }
        if (is_model) {
            cr.sources = cb.exercise_sources;
            results.push_back(std::move(cr));
            continue;
        }
        for (const auto& source : cb.exercise_sources) {
            std::string content;
            if (auto it = sources.find(source); it != sources.end()) {
                content = it->second;
                cr.sources.push_back(source);
            } else {
                content = read_text(cls.root / source);
                cr.missing.push_back(source);
            }
            const std::string key = sha256_of(join(cb.compile_args) + "\n" + source + "\n" + content);
            keys.push_back(key);
            fs::path obj;
            std::shared_future<fs::path> other;
            std::promise<fs::path> mine;
            bool compiling_here = false;
            {
                std::lock_guard<std::mutex> lock(cls.cache_mutex);
                if (auto it = cls.objects.find(key); it != cls.objects.end()) {
                    obj = it->second;
                } else if (auto c = cls.compiling.find(key); c != cls.compiling.end()) {
                    other = c->second;
                } else {
                    cls.compiling[key] = mine.get_future().share();
                    compiling_here = true;
                }
            }
            if (other.valid()) obj = other.get();  // empty when it did not compile: then again here
            struct Done {  // whatever happens below, those waiting learn the outcome
                ClassBuild& cls;
                const std::string& key;
                std::promise<fs::path>& promise;
                bool active;
                fs::path result;
                ~Done() {
                    if (!active) return;
                    promise.set_value(result);
                    std::lock_guard<std::mutex> lock(cls.cache_mutex);
                    cls.compiling.erase(key);
                }
            } done{cls, key, mine, compiling_here, {}};
            if (obj.empty()) {
                const fs::path src = src_root / source;
                write_text(src, content);
                const fs::path out_dir = scratch / "obj";
                sandbox::prepare_workdir(out_dir);
                const fs::path tmp_obj = out_dir / (fs::path(source).stem().string() + ".o");
                sandbox::Options o = base_options(cls, out_dir);
                o.argv = cb.compile_args;
                if (!cls.pch.empty()) o.argv.insert(o.argv.end(), {"-include", cls.pch.string()});
                // __FILE__ without the submission's folder: an object is shared by every
                // submission with the same file, and nothing in it names the first of them.
                o.argv.insert(o.argv.end(), {"-iquote", (cls.root / "chapters" / cb.chapter->folder).string(),
                                             "-Wno-unused-parameter", "-fdiagnostics-color=never", "-fmax-errors=10",
                                             "-ffile-prefix-map=" + src_root.string() + "=/student-src",
                                             "-c", src.string(), "-o", tmp_obj.string()});
                o.read_only = {cls.root / "chapters", src_root};
                if (!cls.pch.empty()) o.read_only.push_back(cls.pch.parent_path());
                if (!cls.eigen_products.empty()) o.read_only.push_back(cls.root / "cmake");
                o.limits.wall = std::chrono::seconds(120);
                o.limits.address_space = std::uint64_t{4} << 30;
                o.limits.processes = 16;
                o.limits.file_size = std::uint64_t{256} << 20;
                o.keep = 16384;
                const auto r = sandbox::run(o);
                cpu_seconds += r.cpu_seconds;
                if (!r.isolated) isolation_note = r.isolation_note;
                if (!r.ok()) {
                    errors += fmt::format("{} ({}):\n{}\n", source, r.describe(),
                                          trim_compiler_output(r.err, src_root, ""));
                    continue;
                }
                obj = cls.work / "objects" / (key + ".o");
                std::error_code ec;
                fs::rename(tmp_obj, obj, ec);
                if (ec) {  // another folder's file system: copy
                    fs::copy_file(tmp_obj, obj, fs::copy_options::overwrite_existing);
                    fs::remove(tmp_obj);
                }
                {
                    std::lock_guard<std::mutex> lock(cls.cache_mutex);
                    cls.objects[key] = obj;
                }
                done.result = obj;
            }
            objs.push_back(obj.string());
        }
        if (errors.empty()) {
            objects[cr.number] = objs;
            object_keys[cr.number] = keys;
        } else {
            compile_errors[cr.number] = errors;
        }
        results.push_back(std::move(cr));
    }

    // 2. Link and run each chapter: with the model answers before it, and with the student's own.
    for (std::size_t i = 0; i < cls.chapters.size(); ++i) {
        const auto& cb = cls.chapters[i];
        ChapterResult& cr = results[i];
        const fs::path dir = scratch / ("ch" + cr.number);
        auto not_built = [&](ChapterRun& run, const std::string& why) {
            run.built = false;
            run.build_error = why;
            for (std::size_t t = 0; t < cb.test_names.size(); ++t) {
                CaseResult c;
                c.name = cb.test_names[t];
                c.hidden = cb.hidden[t];
                if (const Exercise* e = exercise_of(*cb.chapter, c.name)) c.exercise = e->id;
                c.status = CaseStatus::not_run;
                c.message = "빌드되지 않아 실행하지 않았습니다 (not run: the chapter did not build)";
                run.cases.push_back(std::move(c));
            }
        };
        auto build_and_test = [&](ChapterRun& run, const std::string& mode) {
            run.mode = mode;
            if (auto it = compile_errors.find(cr.number); it != compile_errors.end()) {
                not_built(run, "컴파일 오류 (compile error):\n" + it->second);
                return;
            }
            // The student's chapters in this program; any other chapter is the model answers.
            std::vector<std::string> students{cr.number};
            if (mode == "own") {
                for (const auto& e : cb.earlier) {
                    if (compile_errors.count(e)) {
                        not_built(run, fmt::format("{}장이 컴파일되지 않아 자기 코드로는 빌드할 수 없습니다 "
                                                   "(chapter {} does not compile, so this chapter cannot be built on the student's own code)", e, e));
                        return;
                    }
                    students.push_back(e);
                }
            }
            std::vector<std::string> objs;
            std::set<std::string> replaced;
            std::map<std::string, std::vector<std::string>> keys;
            for (const auto& n : students) {
                if (!objects.count(n)) continue;  // the model answers, byte for byte
                objs.insert(objs.end(), objects[n].begin(), objects[n].end());
                replaced.insert(n);
                keys[n] = object_keys[n];
            }
            run.built = true;
            // The same program already ran in this class (or is running): its results.
            const std::string key = program_key(cb, keys);
            std::shared_future<ClassBuild::Run> earlier;
            std::promise<ClassBuild::Run> mine;
            {
                std::lock_guard<std::mutex> lock(cls.cache_mutex);
                if (auto it = cls.runs.find(key); it != cls.runs.end()) earlier = it->second;
                else cls.runs[key] = mine.get_future().share();
            }
            if (earlier.valid()) {
                const ClassBuild::Run& r = earlier.get();
                if (!r.cases.empty()) {
                    run.cases = r.cases;
                    run.program_outcome = r.outcome;
                    return;
                }
            }
            // Whatever happens below, those waiting learn the outcome (no cases: link it again).
            struct Publish {
                ClassBuild& cls;
                const std::string& key;
                std::promise<ClassBuild::Run>& promise;
                bool active;
                ClassBuild::Run result;
                ~Publish() {
                    if (!active) return;
                    if (result.cases.empty()) {
                        std::lock_guard<std::mutex> lock(cls.cache_mutex);
                        cls.runs.erase(key);
                    }
                    promise.set_value(result);
                }
            } publish{cls, key, mine, !earlier.valid(), {}};
            const fs::path run_dir = dir / mode;
            sandbox::prepare_workdir(run_dir / "bin");
            const fs::path program = run_dir / "bin" / "test";
            std::string error;
            if (!link_program(cls, cb, objs, replaced, program, error, cpu_seconds)) {
                not_built(run, error);
                return;
            }
            const ProgramRun pr = run_program(cls, cb, program, run_dir);
            cpu_seconds += pr.cpu;
            if (!pr.isolated) isolation_note = pr.isolation_note;
            run.cases = pr.cases;
            run.program_outcome = pr.outcome;
            publish.result = {pr.cases, pr.outcome};
        };
        build_and_test(cr.model, "model");
        // Earlier chapters that are the model answers, byte for byte, make "own" the same run.
        const bool earlier_are_model = std::none_of(cb.earlier.begin(), cb.earlier.end(),
                                                    [&](const std::string& e) { return objects.count(e) || compile_errors.count(e); });
        if (earlier_are_model) {
            cr.own = cr.model;
            cr.own.mode = "own";
        } else {
            build_and_test(cr.own, "own");
        }
    }
    return results;
}

}  // namespace workbook::grade
