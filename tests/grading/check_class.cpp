// Checks a class graded by tests/grading/run.sh against what each submission must get.
//   check_class ROOT OUT EXPECTED.json
// For every submission folder in OUT:
//   - results.json's score is the sum of its tests' scores, and each test's score is within
//     [0, max_score];
//   - junit.xml counts the same test cases as results.json lists;
//   - a submission named in EXPECTED.json: the exercises listed under "zero" get 0, every other
//     exercise its full points ("all_zero": every exercise 0), the test cases under "status" have
//     that status, and each string under "warnings" appears in one of its warnings;
//   - a submission named mutant-NN_name-...: every chapter but NN gets full points, and chapter
//     NN's exercises get exactly the share of their points that doctest's own JUnit report of the
//     kept test program (OUT/.work/.../chNN/model/bin/test, run here outside the grader and its
//     XML parsing) implies, test case by test case, with the weights file's test-case weights.
// Prints one line per submission and exits 1 if any check failed.
#include "../../tools/workbook/grade_model.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json read_json(const fs::path& p) {
    std::ifstream in(p);
    if (!in) throw std::runtime_error("missing " + p.string());
    return json::parse(in);
}

std::string run_capture(const std::string& command) {
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        std::size_t n;
        while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
        pclose(pipe);
    }
    return out;
}

struct Checker {
    std::vector<std::string> problems;
    void require(bool ok, const std::string& what) {
        if (!ok) problems.push_back(what);
    }
};

// The statuses the grader writes into each test's output, "[crashed] NAME", and the exercise
// each test case is listed under.
std::map<std::string, std::string> statuses(const json& results, std::map<std::string, std::string>* exercise_of = nullptr) {
    std::map<std::string, std::string> s;
    for (const auto& t : results.at("tests")) {
        std::istringstream lines(t.value("output", std::string{}));
        std::string line;
        while (std::getline(lines, line)) {
            if (line.size() < 3 || line[0] != '[') continue;
            const auto close = line.find("] ");
            if (close == std::string::npos) continue;
            std::string status = line.substr(1, close - 1);
            if (status == "통과 passed") status = "passed";
            s[line.substr(close + 2)] = status;
            if (exercise_of) (*exercise_of)[line.substr(close + 2)] = t.at("number").get<std::string>();
        }
    }
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        fmt::print(stderr, "usage: check_class ROOT OUT EXPECTED.json\n");
        return 2;
    }
    const fs::path root = argv[1], out = argv[2];
    const json expected = read_json(argv[3]);
    const auto weights = workbook::grade::load_weights(root / "grading/weights.json");
    int failed = 0, checked = 0;
    std::set<std::string> seen;

    for (const auto& entry : fs::directory_iterator(out)) {
        if (!entry.is_directory() || entry.path().filename().string()[0] == '.') continue;
        const std::string id = entry.path().filename().string();
        seen.insert(id);
        Checker c;
        try {
            const json results = read_json(entry.path() / "results.json");
            double sum = 0;
            std::map<std::string, std::pair<double, double>> scores;  // exercise -> (score, max)
            for (const auto& t : results.at("tests")) {
                const double s = t.at("score").get<double>(), m = t.at("max_score").get<double>();
                c.require(s >= -1e-9 && s <= m + 1e-9, fmt::format("{}: score {} outside [0, {}]", t.at("number").get<std::string>(), s, m));
                sum += s;
                scores[t.at("number").get<std::string>()] = {s, m};
            }
            c.require(std::abs(sum - results.at("score").get<double>()) < 1e-6,
                      fmt::format("score {} is not the sum of the tests, {}", results.at("score").get<double>(), sum));

            pugi::xml_document junit;
            c.require(static_cast<bool>(junit.load_file((entry.path() / "junit.xml").c_str())), "junit.xml does not parse");
            c.require(fs::exists(entry.path() / "report.md"), "no report.md");

            std::map<std::string, std::string> exercise_of;
            const auto status = statuses(results, &exercise_of);
            if (expected.contains(id)) {
                const json& e = expected.at(id);
                std::set<std::string> zero;
                for (const auto& z : e.value("zero", json::array())) zero.insert(z.get<std::string>());
                const bool all_zero = e.value("all_zero", false);
                for (const auto& [number, sm] : scores) {
                    const double want = all_zero || zero.count(number) ? 0 : sm.second;
                    c.require(std::abs(sm.first - want) < 1e-6, fmt::format("{}: {} points, expected {}", number, sm.first, want));
                }
                if (e.contains("status"))
                    for (const auto& [name, want] : e.at("status").items()) {
                        const auto it = status.find(name);
                        c.require(it != status.end() && it->second == want.get<std::string>(),
                                  fmt::format("\"{}\": status {}, expected {}", name, it == status.end() ? "(absent)" : it->second,
                                              want.get<std::string>()));
                    }
                const std::string output = results.value("output", std::string{});
                for (const auto& w : e.value("warnings", json::array()))
                    c.require(output.find(w.get<std::string>()) != std::string::npos,
                              fmt::format("no warning mentions {}", w.get<std::string>()));
                if (e.contains("visibility"))
                    for (const auto& [number, want] : e.at("visibility").items())
                        for (const auto& t : results.at("tests"))
                            if (t.at("number") == number)
                                c.require(t.at("visibility") == want, fmt::format("{}: visibility {}, expected {}", number,
                                                                                  t.at("visibility").dump(), want.dump()));
                ++checked;
            } else if (id.rfind("mutant-", 0) == 0) {
                const std::string number = id.substr(7, 2);
                // The oracle: doctest's own JUnit report of the program the grader linked.
                const fs::path program = out / ".work/submissions" / id / ("ch" + number) / "model/bin/test";
                pugi::xml_document report;
                report.load_string(run_capture(fmt::format("'{}' --reporters=junit --no-colors 2>/dev/null", program.string())).c_str());
                // doctest's JUnit report has one <testcase> per subcase, named "case/subcase".
                std::map<std::string, bool> case_ok;
                for (const auto& tc : report.select_nodes("//testcase")) {
                    const std::string name = tc.node().attribute("name").as_string();
                    std::string owner;
                    for (const auto& [known, _] : exercise_of)
                        if ((name == known || name.rfind(known + "/", 0) == 0) && known.size() > owner.size()) owner = known;
                    if (owner.empty()) continue;
                    const bool ok = !tc.node().child("failure") && !tc.node().child("error");
                    case_ok.emplace(owner, true);
                    case_ok[owner] = case_ok[owner] && ok;
                }
                std::map<std::string, std::pair<double, double>> share;  // exercise -> (passed weight, total)
                int failures = 0;
                for (const auto& [name, ok] : case_ok) {
                    failures += !ok;
                    const double w = weights.weight_of(name);
                    share[exercise_of[name]].second += w;
                    if (ok) share[exercise_of[name]].first += w;
                }
                c.require(failures > 0, "the mutant is not caught: no test case fails");
                for (const auto& [ex, sm] : scores) {
                    double want = sm.second;
                    if (ex.rfind(number + ".", 0) == 0) {
                        const auto it = share.find(ex);
                        want = it == share.end() || it->second.second == 0 ? 0 : sm.second * it->second.first / it->second.second;
                    }
                    // results.json rounds to 2 decimals
                    c.require(std::abs(sm.first - want) < 0.006, fmt::format("{}: {} points, doctest's report implies {}", ex, sm.first, want));
                }
                ++checked;
            }
        } catch (const std::exception& ex) {
            c.problems.push_back(ex.what());
        }
        if (c.problems.empty()) {
            fmt::print("  ok      {}\n", id);
        } else {
            ++failed;
            fmt::print("  FAILED  {}\n", id);
            for (const auto& p : c.problems) fmt::print("            {}\n", p);
        }
    }
    for (const auto& [id, _] : expected.items())
        if (!seen.count(id)) {
            ++failed;
            fmt::print("  FAILED  {}: no report at all\n", id);
        }
    fmt::print("grading checks: {} submissions checked, {} failed\n", checked, failed);
    return failed == 0 ? 0 : 1;
}
