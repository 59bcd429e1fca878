#include "grade_model.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace workbook::grade {

const char* to_string(CaseStatus s) {
    switch (s) {
        case CaseStatus::passed: return "passed";
        case CaseStatus::failed: return "failed";
        case CaseStatus::crashed: return "crashed";
        case CaseStatus::timeout: return "timeout";
        case CaseStatus::limit: return "limit";
        case CaseStatus::stopped: return "stopped";
        case CaseStatus::not_run: return "not run";
    }
    return "?";
}

int ChapterRun::passed() const {
    return static_cast<int>(std::count_if(cases.begin(), cases.end(),
                                          [](const CaseResult& c) { return c.status == CaseStatus::passed; }));
}

bool wildcard_match(const std::string& pattern, const std::string& text) {
    // Iterative match with backtracking to the last `*`.
    std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

double Weights::points_of(const std::string& exercise) const {
    const auto it = exercises.find(exercise);
    return it == exercises.end() ? default_points : it->second.points;
}

std::string Weights::visibility_of(const std::string& exercise, bool has_hidden) const {
    const auto it = exercises.find(exercise);
    if (it != exercises.end() && !it->second.visibility.empty()) return it->second.visibility;
    return has_hidden ? hidden_visibility : "visible";
}

double Weights::weight_of(const std::string& test_case) const {
    for (const auto& [pattern, weight] : test_cases)
        if (wildcard_match(pattern, test_case)) return weight;
    return 1;
}

Weights load_weights(const std::filesystem::path& file) {
    Weights w;
    if (file.empty()) return w;
    std::ifstream in(file);
    if (!in) throw std::runtime_error(fmt::format("가중치 파일 (weights file)을 열 수 없습니다: {}", file.string()));
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in, nullptr, true, /*ignore_comments=*/true);
    } catch (const std::exception& e) {
        throw std::runtime_error(fmt::format("{}: JSON이 아닙니다 (not JSON): {}", file.string(), e.what()));
    }
    static const std::vector<std::string> visibilities{"visible", "hidden", "after_due_date", "after_published"};
    auto check_visibility = [&](const std::string& v, const std::string& where) {
        if (std::find(visibilities.begin(), visibilities.end(), v) == visibilities.end())
            throw std::runtime_error(fmt::format(
                "{}: {}의 visibility \"{}\"는 visible, hidden, after_due_date, after_published 중 하나여야 합니다",
                file.string(), where, v));
    };
    w.earlier_chapters = j.value("earlier_chapters", w.earlier_chapters);
    if (w.earlier_chapters != "model" && w.earlier_chapters != "own")
        throw std::runtime_error(fmt::format("{}: earlier_chapters는 \"model\" 또는 \"own\"이어야 합니다 (got \"{}\")",
                                             file.string(), w.earlier_chapters));
    w.default_points = j.value("default_points", w.default_points);
    w.hidden_visibility = j.value("hidden_visibility", w.hidden_visibility);
    check_visibility(w.hidden_visibility, "hidden_visibility");
    if (j.contains("exercises")) {
        for (const auto& [id, e] : j.at("exercises").items()) {
            Weights::ExerciseWeight ew;
            ew.points = e.value("points", w.default_points);
            ew.visibility = e.value("visibility", std::string{});
            if (!ew.visibility.empty()) check_visibility(ew.visibility, id);
            if (ew.points < 0)
                throw std::runtime_error(fmt::format("{}: {}의 points는 0 이상이어야 합니다 (got {})", file.string(), id, ew.points));
            w.exercises[id] = ew;
        }
    }
    if (j.contains("test_cases")) {
        for (const auto& [pattern, weight] : j.at("test_cases").items()) {
            const double v = weight.get<double>();
            if (v < 0)
                throw std::runtime_error(fmt::format("{}: test case \"{}\"의 가중치는 0 이상이어야 합니다 (got {})",
                                                     file.string(), pattern, v));
            w.test_cases.emplace_back(pattern, v);
        }
    }
    return w;
}

namespace {

double share(const std::vector<CaseResult>& cases, const std::string& exercise, double points) {
    double total = 0, passed = 0;
    for (const auto& c : cases) {
        if (c.exercise != exercise) continue;
        total += c.weight;
        if (c.status == CaseStatus::passed) passed += c.weight;
    }
    return total > 0 ? points * passed / total : 0;
}

}  // namespace

void score(SubmissionResult& result, const std::vector<Chapter>& chapters, const Weights& weights) {
    result.exercises.clear();
    result.counted_mode = weights.earlier_chapters;
    result.score = result.max_score = 0;
    for (auto& chapter_result : result.chapters) {
        for (auto* run : {&chapter_result.model, &chapter_result.own})
            for (auto& c : run->cases) c.weight = weights.weight_of(c.name);
    }
    for (const auto& chapter : chapters) {
        const auto cr = std::find_if(result.chapters.begin(), result.chapters.end(),
                                     [&](const ChapterResult& c) { return c.number == chapter.number; });
        for (const auto& e : chapter.exercises) {
            ExerciseScore s;
            s.id = e.id;
            s.chapter = chapter.number;
            s.function = e.function;
            s.title_ko = e.title_ko;
            s.title_en = e.title_en;
            s.max_points = weights.points_of(e.id);
            bool has_hidden = false;
            if (cr != result.chapters.end()) {
                const ChapterRun& counted = cr->counted(result.counted_mode);
                s.points = share(counted.cases, e.id, s.max_points);
                s.own_points = share(cr->own.cases, e.id, s.max_points);
                for (const auto& c : counted.cases) {
                    if (c.exercise != e.id) continue;
                    s.cases.push_back(&c);
                    has_hidden = has_hidden || c.hidden;
                }
            }
            s.visibility = weights.visibility_of(e.id, has_hidden);
            result.score += s.points;
            result.max_score += s.max_points;
            result.exercises.push_back(std::move(s));
        }
    }
}

}  // namespace workbook::grade
