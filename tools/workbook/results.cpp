#include "results.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <sys/wait.h>
#include <unistd.h>

namespace workbook {

namespace {

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
        f.check = node.attribute("crash").as_bool() ? "the test program crashed" : "an exception escaped";
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
    f.not_implemented = f.expanded.find("is not implemented yet") != std::string::npos;
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
            context.push_back(fmt::format("in subcase \"{}\"", child.attribute("name").as_string()));
            if (auto f = first_failure(child, context)) return f;
            context.pop_back();
        }
    }
    return std::nullopt;
}

// Runs the program with doctest's XML reporter into a temporary file and parses it. On a crash the
// file ends early; pugixml keeps the tree parsed up to that point.
int run_xml(const std::filesystem::path& program, const std::string& args, pugi::xml_document& doc,
            bool& parsed) {
    char xml_path[] = "/tmp/workbook-results-XXXXXX";
    const int fd = mkstemp(xml_path);
    if (fd < 0) throw std::runtime_error("cannot create a temporary file in /tmp");
    close(fd);
    const std::string command = fmt::format("'{}' --reporters=xml --out='{}' --no-colors {} >/dev/null 2>&1",
                                            program.string(), xml_path, args);
    const int status = std::system(command.c_str());
    parsed = static_cast<bool>(doc.load_file(xml_path));
    std::remove(xml_path);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

std::vector<std::string> list_tests(const std::filesystem::path& program) {
    pugi::xml_document doc;
    bool parsed = false;
    run_xml(program, "--list-test-cases", doc, parsed);
    std::vector<std::string> names;
    for (const auto& node : doc.select_nodes("//TestCase"))
        names.push_back(node.node().attribute("name").as_string());
    return names;
}

RunResult run_tests(const std::filesystem::path& program, const std::string& args) {
    RunResult result;
    pugi::xml_document doc;
    bool parsed = false;
    result.exit_code = run_xml(program, args, doc, parsed);
    // doctest's crash handler closes the XML properly, so a signal in the exit code is the sign.
    result.complete = parsed && doc.child("doctest").child("OverallResultsTestCases") && result.exit_code < 128;

    for (const auto& suite : doc.child("doctest").children("TestSuite")) {
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
            result.cases.push_back(std::move(r));
        }
    }
    return result;
}

}  // namespace workbook
