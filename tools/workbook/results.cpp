#include "results.hpp"

#include "runner.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <stdexcept>
#include <string_view>

namespace workbook {

namespace {

using std::chrono::milliseconds;

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \n\t"), last = s.find_last_not_of(" \n\t");
    return first == std::string::npos ? "" : s.substr(first, last - first + 1);
}

Failure failure_from(const pugi::xml_node& node, const std::vector<std::string>& context) {
    Failure f;
    f.file = node.attribute("filename").as_string();
    f.line = node.attribute("line").as_int();
    f.context = context;
    for (const auto& info : node.children("Info")) f.context.push_back(trim(info.text().as_string()));
    if (std::string_view(node.name()) == "Exception") {
        f.kind = node.attribute("crash").as_bool() ? FailureKind::crash : FailureKind::exception;
        f.check = node.attribute("crash").as_bool() ? "crash" : "exception";
        f.expanded = trim(node.text().as_string());
    } else {
        f.check = fmt::format("{}( {} )", node.attribute("type").as_string(),
                              trim(node.child("Original").text().as_string()));
        f.expanded = trim(node.child("Expanded").text().as_string());
        if (f.expanded.empty()) f.expanded = trim(node.child("Exception").text().as_string());
        if (const auto expected = node.child("ExpectedExceptionString")) {
            f.expanded = fmt::format("expected an exception with message \"{}\"{}",
                                     trim(expected.text().as_string()),
                                     node.child("Exception") ? fmt::format(", got \"{}\"",
                                         trim(node.child("Exception").text().as_string())) : "");
        }
    }
    if (f.expanded.find("is not implemented yet") != std::string::npos) f.kind = FailureKind::not_implemented;
    return f;
}

// Depth-first, in document order: the first failed expression or escaped exception, with the
// names of the subcases it sits in.
std::optional<Failure> first_failure(const pugi::xml_node& node, std::vector<std::string>& context) {
    for (const auto& child : node.children()) {
        const std::string_view name = child.name();
        // doctest reports an exception inside a subcase twice: first as a placeholder, then
        // translated at the end of the test case. Keep the translated one.
        const bool placeholder = name == "Exception" &&
            std::string_view(child.text().as_string()).find("will translate later") != std::string_view::npos;
        if ((name == "Exception" && !placeholder) ||
            (name == "Expression" && !child.attribute("success").as_bool()))
            return failure_from(child, context);
        if (name == "SubCase") {
            context.push_back(fmt::format("subcase \"{}\"", child.attribute("name").as_string()));
            if (auto f = first_failure(child, context)) return f;
            context.pop_back();
        }
    }
    return std::nullopt;
}

std::vector<std::string> xml_args(const std::filesystem::path& program) {
    return {program.string(), "--reporters=xml", "--no-colors", "--no-intro", "--no-version"};
}

// The test cases of one run, in order. A test case the program stopped in has no
// OverallResultsAsserts (timeout, exit) or a crash Exception (a signal doctest caught).
struct Parsed {
    std::vector<TestCaseResult> cases;
    bool last_open = false;  // the last test case never ended
    bool finished = false;   // the run reached its end
};

Parsed parse(const std::string& xml) {
    Parsed p;
    pugi::xml_document doc;
    doc.load_buffer(xml.data(), xml.size());  // a cut-off document keeps what was parsed
    const auto root = doc.child("doctest");
    p.finished = static_cast<bool>(root.child("OverallResultsTestCases"));
    for (const auto& suite : root.children("TestSuite")) {
        for (const auto& test_case : suite.children("TestCase")) {
            if (test_case.attribute("skipped").as_bool()) continue;
            TestCaseResult r;
            r.name = test_case.attribute("name").as_string();
            const auto overall = test_case.child("OverallResultsAsserts");
            std::vector<std::string> context;
            r.failure = first_failure(test_case, context);
            if (r.failure && r.failure->file.empty()) {
                r.failure->file = test_case.attribute("filename").as_string();
                r.failure->line = test_case.attribute("line").as_int();
            }
            r.passed = overall && overall.attribute("test_case_success").as_bool() && !r.failure;
            p.last_open = !overall;
            p.cases.push_back(std::move(r));
        }
    }
    return p;
}

}  // namespace

std::vector<std::string> list_tests(const std::filesystem::path& program, const std::vector<std::string>& filters,
                                    milliseconds timeout) {
    RunSpec spec;
    spec.argv = xml_args(program);
    spec.argv.push_back("--list-test-cases");
    spec.argv.insert(spec.argv.end(), filters.begin(), filters.end());
    spec.timeout = timeout;
    spec.xml = true;
    const Outcome o = run_program(spec);
    pugi::xml_document doc;
    doc.load_buffer(o.xml.data(), o.xml.size());
    std::vector<std::string> names;
    for (const auto& node : doc.select_nodes("//TestCase")) names.push_back(node.node().attribute("name").as_string());
    return names;
}

RunResult run_tests(const std::filesystem::path& program, milliseconds timeout, const std::vector<std::string>& args) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + timeout;
    RunResult result;
    const auto names = list_tests(program, args, timeout);
    for (std::size_t i = 0; i < names.size(); ++i) {
        TestCaseResult c;
        c.name = names[i];
        c.index = static_cast<int>(i + 1);
        c.failure = Failure{};
        c.failure->kind = FailureKind::not_run;
        result.cases.push_back(std::move(c));
    }

    // Run from test case `first` on; after a stop, go on after the test case it stopped in.
    std::size_t first = 1;
    while (first <= names.size()) {
        const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        RunSpec spec;
        spec.argv = xml_args(program);
        spec.argv.push_back(fmt::format("--first={}", first));
        spec.argv.insert(spec.argv.end(), args.begin(), args.end());
        spec.timeout = left;
        spec.xml = true;
        const Outcome o = run_program(spec);
        if (!o.error.empty()) {
            result.started = false;
            result.error = o.error;
        }
        result.output += o.output;
        result.output_bytes += o.output_bytes;
        Parsed p = parse(o.xml);
        // Match the parsed cases to the list, in order, from `first` on.
        std::size_t at = first - 1;
        for (auto& c : p.cases) {
            while (at < names.size() && names[at] != c.name) ++at;
            if (at == names.size()) break;
            c.index = static_cast<int>(at + 1);
            result.cases[at] = std::move(c);
            ++at;
        }
        const bool crashed_in_doctest = !p.cases.empty() && p.cases.back().failure &&
                                        p.cases.back().failure->kind == FailureKind::crash;
        const bool clean = o.end == Outcome::End::exited && p.finished;
        if (clean) break;
        result.complete = false;
        if (p.cases.empty() || at == first - 1) {
            // It stopped before any test case started (static initialisation, or cannot start).
            for (std::size_t i = first - 1; i < names.size(); ++i) {
                Failure& f = *result.cases[i].failure;
                f.expanded = o.output.substr(0, 2000);
                f.signal = o.signal;
                f.exit_code = o.exit_code;
            }
            break;
        }
        if (!p.last_open && !crashed_in_doctest) break;  // it stopped between test cases
        TestCaseResult& stopped = result.cases[at - 1];
        stopped.passed = false;
        Failure f = stopped.failure && crashed_in_doctest ? *stopped.failure : Failure{};
        if (o.end == Outcome::End::timeout) {
            f.kind = FailureKind::timeout;
            f.seconds = std::chrono::duration<double>(timeout).count();
        } else if (o.end == Outcome::End::signaled) {
            f.kind = FailureKind::crash;
            f.signal = o.signal;
        } else if (!crashed_in_doctest) {
            f.kind = FailureKind::exit_call;
            f.exit_code = o.exit_code;
        }
        stopped.failure = f;
        first = at + 1;
        if (o.end == Outcome::End::timeout) break;  // the time is used up
    }
    return result;
}

std::string output_of(const std::filesystem::path& program, int index, milliseconds timeout) {
    RunSpec spec;
    spec.argv = xml_args(program);
    spec.argv.push_back(fmt::format("--first={}", index));
    spec.argv.push_back(fmt::format("--last={}", index));
    spec.timeout = timeout;
    spec.keep = 4096;
    spec.xml = true;
    const Outcome o = run_program(spec);
    std::string text = o.output;
    if (o.output_bytes > text.size()) text += fmt::format("\n… ({} bytes more)", o.output_bytes - text.size());
    return text;
}

}  // namespace workbook
