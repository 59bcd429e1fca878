// Checks one results.json that run_autograder left in a Gradescope layout, against Gradescope's
// autograder specification (top level: score, execution_time, output, visibility,
// stdout_visibility; tests[]: name, number, score, max_score, output, tags, visibility) and
// against what the submission must get.
//   check_gradescope RESULTS.json [zero=CH,...] [hidden=ID,...]
//     zero=02     the tests tagged ch02 score 0 and their output names a compile error; every
//                 other test has its full points (without zero=: every test has its full points)
//     hidden=01.2 the exercise with an instructor-only test case is shown after the due date
// Prints what it checked and exits 1 when anything is wrong.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using nlohmann::json;

namespace {

std::set<std::string> list_after(const std::string& arg, const std::string& key) {
    std::set<std::string> out;
    if (arg.rfind(key, 0) != 0) return out;
    std::istringstream in(arg.substr(key.size()));
    for (std::string item; std::getline(in, item, ',');) out.insert(item);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        fmt::print(stderr, "usage: check_gradescope RESULTS.json [zero=CH,...] [hidden=ID,...]\n");
        return 2;
    }
    std::set<std::string> zero, hidden;
    for (int i = 2; i < argc; ++i) {
        for (const auto& c : list_after(argv[i], "zero=")) zero.insert("ch" + c);
        for (const auto& h : list_after(argv[i], "hidden=")) hidden.insert(h);
    }
    std::vector<std::string> problems;
    auto require = [&](bool ok, const std::string& what) {
        if (!ok) problems.push_back(what);
    };
    std::ifstream in(argv[1]);
    if (!in) {
        fmt::print("FAIL: no {}\n", argv[1]);
        return 1;
    }
    const json j = json::parse(in);
    const std::set<std::string> visibilities{"hidden", "after_due_date", "after_published", "visible"};

    require(j.is_object(), "results.json is not an object");
    require(j.contains("score") && j["score"].is_number(), "top level: no numeric score");
    require(j.contains("execution_time") && j["execution_time"].is_number_integer(), "top level: execution_time is not whole seconds");
    require(j.contains("output") && j["output"].is_string(), "top level: no output text");
    for (const char* key : {"visibility", "stdout_visibility"})
        require(!j.contains(key) || visibilities.count(j[key].get<std::string>()), fmt::format("top level: bad {}", key));
    require(j.contains("tests") && j["tests"].is_array() && !j["tests"].empty(), "no tests[]");
    double sum = 0, max_sum = 0;
    std::set<std::string> numbers, chapters_seen;
    for (const auto& t : j.value("tests", json::array())) {
        const std::string number = t.value("number", "");
        require(t.contains("name") && t["name"].is_string() && !t["name"].get<std::string>().empty(), number + ": no name");
        require(!number.empty() && numbers.insert(number).second, "a test without a number, or a number twice: " + number);
        require(t.contains("score") && t["score"].is_number() && t.contains("max_score") && t["max_score"].is_number(),
                number + ": score and max_score must be numbers");
        require(t.contains("output") && t["output"].is_string(), number + ": no output text");
        require(visibilities.count(t.value("visibility", "visible")) > 0, number + ": bad visibility");
        if (!t["score"].is_number() || !t["max_score"].is_number()) continue;
        const double score = t["score"].get<double>(), max_score = t["max_score"].get<double>();
        require(score >= 0 && score <= max_score + 1e-9 && max_score > 0, fmt::format("{}: score {} not in [0, {}]", number, score, max_score));
        sum += score;
        max_sum += max_score;
        std::string tag;
        for (const auto& tg : t.value("tags", json::array()))
            if (tg.is_string() && tg.get<std::string>().rfind("ch", 0) == 0) tag = tg.get<std::string>();
        require(!tag.empty(), number + ": no chNN tag");
        chapters_seen.insert(tag);
        const std::string output = t.value("output", "");
        if (zero.count(tag)) {
            require(score == 0, fmt::format("{}: {} points, 0 expected", number, score));
            require(output.find("compile error") != std::string::npos, number + ": output does not name the compile error");
        } else {
            require(std::abs(score - max_score) < 1e-9, fmt::format("{}: {} of {} points, all expected", number, score, max_score));
        }
        if (hidden.count(number))
            require(t.value("visibility", "") == "after_due_date", number + ": a hidden test case, but visibility is not after_due_date");
    }
    if (j.contains("score") && j["score"].is_number())
        require(std::abs(j["score"].get<double>() - sum) < 0.011, fmt::format("score {} is not the sum of the tests, {}", j["score"].get<double>(), sum));
    for (const auto& z : zero) require(chapters_seen.count(z) > 0, "no tests tagged " + z);

    fmt::print("{}: {} tests, {} / {} points, chapters {}\n", argv[1], numbers.size(), sum, max_sum, chapters_seen.size());
    for (const auto& p : problems) fmt::print("FAIL: {}\n", p);
    return problems.empty() ? 0 : 1;
}
