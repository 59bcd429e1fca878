#include "grade_report.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include <unistd.h>

namespace workbook::grade {

namespace fs = std::filesystem;

void write_atomic(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    const fs::path tmp = file.parent_path() / fmt::format(".{}.tmp{}", file.filename().string(), getpid());
    {
        std::ofstream out(tmp, std::ios::binary);
        out << content;
        out.flush();
        if (!out) throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
    }
    fs::rename(tmp, file);
}

namespace {

std::string points(double p) {
    // 2 decimals at most, without trailing zeros: 3, 2.5, 0.33
    std::string s = fmt::format("{:.2f}", std::round(p * 100) / 100);
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
    return s;
}

const char* status_ko(CaseStatus s) {
    switch (s) {
        case CaseStatus::passed: return "통과 (passed)";
        case CaseStatus::failed: return "실패 (failed)";
        case CaseStatus::crashed: return "충돌 (crashed)";
        case CaseStatus::timeout: return "시간 초과 (timeout)";
        case CaseStatus::limit: return "제한 초과 (limit)";
        case CaseStatus::stopped: return "중단 (stopped early)";
        case CaseStatus::not_run: return "실행 안 됨 (not run)";
    }
    return "?";
}

std::string exercise_name(const ExerciseScore& e) {
    return fmt::format("{} {} — {} ({})", e.id, e.function, e.title_ko, e.title_en);
}

const ChapterResult* chapter_of(const SubmissionResult& r, const std::string& number) {
    for (const auto& c : r.chapters)
        if (c.number == number) return &c;
    return nullptr;
}

std::string md_cell(std::string s) {
    for (std::size_t at; (at = s.find('|')) != std::string::npos;) s.replace(at, 1, "\\|");
    for (auto& c : s)
        if (c == '\n') c = ' ';
    return s;
}

}  // namespace

std::string gradescope_json(const SubmissionResult& r) {
    nlohmann::json j;
    j["score"] = std::round(r.score * 100) / 100;
    j["execution_time"] = static_cast<int>(std::ceil(r.wall_seconds));
    std::string output;
    if (!r.error.empty()) output += r.error + "\n";
    for (const auto& w : r.warnings) output += "- " + w + "\n";
    if (!r.isolation_note.empty()) output += "- " + r.isolation_note + "\n";
    output += fmt::format("\n앞 장은 {} 위에서 채점했습니다 (earlier chapters: {}).\n",
                          r.counted_mode == "own" ? "학생 자신의 코드" : "모범 답안", r.counted_mode == "own" ? "the student's own code" : "model answers");
    j["output"] = output;
    j["output_format"] = "md";
    j["test_output_format"] = "text";
    j["visibility"] = "visible";
    j["stdout_visibility"] = "hidden";
    j["tests"] = nlohmann::json::array();
    for (const auto& e : r.exercises) {
        nlohmann::json t;
        t["name"] = exercise_name(e);
        t["number"] = e.id;
        t["score"] = std::round(e.points * 100) / 100;
        t["max_score"] = e.max_points;
        t["status"] = e.points >= e.max_points - 1e-9 ? "passed" : "failed";
        t["visibility"] = e.visibility;
        t["tags"] = {"ch" + e.chapter};
        std::string out;
        const ChapterResult* ch = chapter_of(r, e.chapter);
        if (ch) {
            const ChapterRun& run = ch->counted(r.counted_mode);
            if (!run.built) out += run.build_error + "\n";
        }
        for (const CaseResult* c : e.cases) {
            if (c->status == CaseStatus::passed) {
                out += fmt::format("[통과 passed] {}\n", c->name);
            } else {
                out += fmt::format("[{}] {}\n", to_string(c->status), c->name);
                if (!c->message.empty() && !(ch && !ch->counted(r.counted_mode).built)) out += "    " + c->message + "\n";
            }
        }
        if (e.cases.empty()) out += "이 연습문제에 딸린 테스트 케이스가 없습니다 (no test case belongs to this exercise)\n";
        if (std::abs(e.own_points - e.points) > 1e-9)
            out += fmt::format("\n자기 코드의 앞 장들 위에서는 {} / {}점 (on the student's own earlier chapters: {} of {})\n",
                               points(e.own_points), points(e.max_points), points(e.own_points), points(e.max_points));
        t["output"] = out;
        t["extra_data"] = {{"own_score", std::round(e.own_points * 100) / 100}};
        j["tests"].push_back(t);
    }
    j["extra_data"] = {{"submission", r.id}, {"counted", r.counted_mode}, {"warnings", r.warnings}};
    return j.dump(2) + "\n";
}

std::string report_markdown(const SubmissionResult& r) {
    std::string md;
    md += fmt::format("# 채점 결과 (grading report): {}\n\n", r.id);
    if (!r.error.empty()) md += fmt::format("**제출물을 읽을 수 없습니다 (the submission could not be read):** {}\n\n", r.error);
    md += fmt::format("**점수 (score): {} / {}**\n\n", points(r.score), points(r.max_score));
    md += fmt::format("앞 장 (earlier chapters): 각 장은 앞 장들의 {} 위에서 채점한 점수를 셉니다 "
                      "(each chapter is scored on {} of the chapters before it; both are shown below).\n\n",
                      r.counted_mode == "own" ? "학생 자신의 코드" : "모범 답안 (model answers)",
                      r.counted_mode == "own" ? "the student's own code" : "the model answers");
    if (!r.warnings.empty()) {
        md += "## 경고 (warnings)\n\n";
        for (const auto& w : r.warnings) md += "- " + w + "\n";
        md += "\n";
    }
    if (!r.isolation_note.empty())
        md += fmt::format("> 격리 (isolation): {}\n\n", r.isolation_note);

    md += "## 장별 결과 (chapters)\n\n";
    md += "| 장 (chapter) | 빌드 (build) | 모범 답안 위에서 (on model answers) | 자기 코드 위에서 (on own code) | 프로그램 (test program) |\n";
    md += "|---|---|---|---|---|\n";
    for (const auto& c : r.chapters) {
        auto cell = [](const ChapterRun& run) {
            return run.built ? fmt::format("{}/{}", run.passed(), run.cases.size()) : std::string("—");
        };
        md += fmt::format("| {} {} | {} | {} | {} | {} |\n", c.number, md_cell(c.title_ko),
                          c.model.built ? "성공 (ok)" : "실패 (failed)", cell(c.model), cell(c.own),
                          md_cell(c.model.program_outcome.empty() ? "—" : c.model.program_outcome));
    }
    md += "\n## 연습문제별 점수 (exercises)\n\n";
    md += "| 연습문제 (exercise) | 점수 (points) | 자기 코드 위에서 (own code) | 통과한 테스트 (test cases passed) |\n|---|---|---|---|\n";
    for (const auto& e : r.exercises) {
        const auto passed = std::count_if(e.cases.begin(), e.cases.end(), [](const CaseResult* c) { return c->status == CaseStatus::passed; });
        md += fmt::format("| {} | {} / {} | {} | {}/{} |\n", md_cell(exercise_name(e)), points(e.points), points(e.max_points),
                          points(e.own_points), passed, e.cases.size());
    }

    bool heading = false;
    for (const auto& c : r.chapters) {
        for (const auto* run : {&c.model, &c.own}) {
            if (run == &c.own && c.own.build_error == c.model.build_error) continue;
            if (run->built || run->build_error.empty()) continue;
            if (!heading) md += "\n## 빌드 오류 (build errors)\n\n";
            heading = true;
            md += fmt::format("### {}장 ({}) — {}\n\n```\n{}\n```\n\n", c.number, c.folder,
                              run->mode == "own" ? "자기 코드 위에서 (own code)" : "모범 답안 위에서 (model answers)", run->build_error);
        }
    }
    heading = false;
    for (const auto& c : r.chapters) {
        const ChapterRun& run = c.counted(r.counted_mode);
        if (!run.built) continue;
        for (const auto& t : run.cases) {
            if (t.status == CaseStatus::passed) continue;
            if (!heading) md += "\n## 통과하지 못한 테스트 케이스 (test cases that did not pass)\n\n";
            heading = true;
            md += fmt::format("- **{}** [{}]{}\n", t.name, status_ko(t.status), t.hidden ? " (숨은 테스트 hidden)" : "");
            if (!t.message.empty()) md += fmt::format("\n  ```\n  {}\n  ```\n", [&] {
                std::string m = t.message;
                for (std::size_t at = 0; (at = m.find('\n', at)) != std::string::npos; at += 3) m.replace(at, 1, "\n  ");
                return m;
            }());
        }
    }
    md += fmt::format("\n---\n채점 시간 (grading time): {:.1f} s wall{}\n", r.wall_seconds,
                      r.cpu_measured ? fmt::format(", {:.1f} s CPU", r.cpu_seconds) : std::string());
    return md;
}

std::string junit_xml(const SubmissionResult& r) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto suites = doc.append_child("testsuites");
    suites.append_attribute("name") = r.id.c_str();
    int total = 0, failures = 0, errors = 0, skipped = 0;
    for (const auto& c : r.chapters) {
        const ChapterRun& run = c.counted(r.counted_mode);
        auto suite = suites.append_child("testsuite");
        suite.append_attribute("name") = fmt::format("ch{} {}", c.number, c.folder).c_str();
        int t = 0, f = 0, e = 0, s = 0;
        for (const auto& tc : run.cases) {
            auto node = suite.append_child("testcase");
            node.append_attribute("name") = tc.name.c_str();
            node.append_attribute("classname") = (tc.exercise.empty() ? "ch" + c.number : tc.exercise).c_str();
            ++t;
            switch (tc.status) {
                case CaseStatus::passed: break;
                case CaseStatus::failed: {
                    ++f;
                    auto x = node.append_child("failure");
                    x.append_attribute("message") = tc.message.substr(0, tc.message.find('\n')).c_str();
                    x.append_attribute("type") = "failed";
                    x.text() = tc.message.c_str();
                    break;
                }
                case CaseStatus::not_run: {
                    ++s;
                    auto x = node.append_child("skipped");
                    x.append_attribute("message") = tc.message.c_str();
                    break;
                }
                default: {
                    ++e;
                    auto x = node.append_child("error");
                    x.append_attribute("message") = tc.message.substr(0, tc.message.find('\n')).c_str();
                    x.append_attribute("type") = to_string(tc.status);
                    x.text() = tc.message.c_str();
                }
            }
        }
        if (!run.built) suite.append_child("system-err").text() = run.build_error.c_str();
        suite.prepend_attribute("skipped") = s;
        suite.prepend_attribute("errors") = e;
        suite.prepend_attribute("failures") = f;
        suite.prepend_attribute("tests") = t;
        total += t; failures += f; errors += e; skipped += s;
    }
    suites.append_attribute("tests") = total;
    suites.append_attribute("failures") = failures;
    suites.append_attribute("errors") = errors;
    suites.append_attribute("skipped") = skipped;
    std::ostringstream out;
    doc.save(out, "  ");
    return out.str();
}

namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

std::string class_csv(const std::vector<SubmissionResult>& results) {
    std::string csv = "student,score,max_score,score_on_own_code";
    std::vector<std::string> ids;
    for (const auto& r : results)
        if (r.exercises.size() > ids.size()) {
            ids.clear();
            for (const auto& e : r.exercises) ids.push_back(e.id);
        }
    for (const auto& id : ids) csv += "," + id;
    csv += ",warnings,error\n";
    for (const auto& r : results) {
        double own = 0;
        for (const auto& e : r.exercises) own += e.own_points;
        csv += fmt::format("{},{},{},{}", csv_field(r.id), points(r.score), points(r.max_score), points(own));
        for (const auto& id : ids) {
            const auto it = std::find_if(r.exercises.begin(), r.exercises.end(), [&](const ExerciseScore& e) { return e.id == id; });
            csv += "," + (it == r.exercises.end() ? std::string() : points(it->points));
        }
        csv += fmt::format(",{},{}\n", r.warnings.size(), csv_field(r.error));
    }
    return csv;
}

std::string class_summary(const std::vector<SubmissionResult>& results) {
    std::string md = fmt::format("# 반 전체 요약 (class summary): 제출물 {}개 ({} submissions)\n\n", results.size(), results.size());
    if (results.empty()) return md;
    double total = 0, max = 0;
    for (const auto& r : results) {
        total += r.score;
        max = std::max(max, r.max_score);
    }
    md += fmt::format("평균 점수 (mean score): {} / {}\n\n", points(total / results.size()), points(max));

    struct ExerciseStat { std::string name; double sum = 0, max = 0; int full = 0, zero = 0; };
    std::map<std::string, ExerciseStat> exercises;
    struct CaseStat { std::string exercise; int failed = 0; std::map<std::string, int> how; };
    std::map<std::string, CaseStat> cases;
    std::map<std::string, int> build_failures;
    for (const auto& r : results) {
        for (const auto& e : r.exercises) {
            auto& s = exercises[e.id];
            s.name = exercise_name(e);
            s.sum += e.points;
            s.max = e.max_points;
            if (e.points >= e.max_points - 1e-9) ++s.full;
            if (e.points <= 1e-9) ++s.zero;
        }
        for (const auto& c : r.chapters) {
            const ChapterRun& run = c.counted(r.counted_mode);
            if (!run.built) {
                ++build_failures[c.number];
                continue;  // a build failure is counted once, not as every test case failing
            }
            for (const auto& t : run.cases) {
                auto& s = cases[t.name];
                s.exercise = t.exercise;
                if (t.status != CaseStatus::passed) {
                    ++s.failed;
                    ++s.how[to_string(t.status)];
                }
            }
        }
    }
    std::vector<std::pair<std::string, ExerciseStat>> by_score(exercises.begin(), exercises.end());
    std::stable_sort(by_score.begin(), by_score.end(), [](const auto& a, const auto& b) {
        return a.second.sum / std::max(a.second.max, 1e-9) < b.second.sum / std::max(b.second.max, 1e-9);
    });
    md += "## 연습문제: 평균 득점률이 낮은 순 (exercises, lowest average first)\n\n";
    md += "| 연습문제 (exercise) | 평균 (mean) | 만점 (full marks) | 0점 (zero) |\n|---|---|---|---|\n";
    for (const auto& [id, s] : by_score)
        md += fmt::format("| {} | {} / {} ({:.0f}%) | {} | {} |\n", md_cell(s.name), points(s.sum / results.size()), points(s.max),
                          s.max > 0 ? 100 * s.sum / results.size() / s.max : 0.0, s.full, s.zero);

    std::vector<std::pair<std::string, CaseStat>> by_failures(cases.begin(), cases.end());
    std::stable_sort(by_failures.begin(), by_failures.end(),
                     [](const auto& a, const auto& b) { return a.second.failed > b.second.failed; });
    md += "\n## 가장 많이 실패한 테스트 케이스 (test cases failed most often)\n\n";
    md += "빌드되지 않은 장은 여기서 빼고 셉니다 (chapters that did not build are counted below, not here).\n\n";
    md += "| 테스트 케이스 (test case) | 연습문제 (exercise) | 실패 (failed) | 어떻게 (how) |\n|---|---|---|---|\n";
    int shown = 0;
    for (const auto& [name, s] : by_failures) {
        if (s.failed == 0 || shown++ == 20) break;
        std::string how;
        for (const auto& [k, v] : s.how) how += fmt::format("{}{} {}", how.empty() ? "" : ", ", k, v);
        md += fmt::format("| {} | {} | {} / {} | {} |\n", md_cell(name), s.exercise, s.failed, results.size(), how);
    }
    if (shown == 0) md += "| — | | | |\n";
    md += "\n## 빌드되지 않은 장 (chapters that did not build)\n\n";
    if (build_failures.empty()) md += "없음 (none)\n";
    for (const auto& [number, n] : build_failures) md += fmt::format("- {}장 (chapter {}): 제출물 {}개 ({} submissions)\n", number, number, n, n);
    return md;
}

}  // namespace workbook::grade
