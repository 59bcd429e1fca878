// The grader's result model: what happened to every test case of every chapter of one submission,
// and the points that follow from the weights file. Every report (results.json, report.md, JUnit
// XML, the class CSV and summary) is written from this model and from nothing else.
#pragma once

#include "manifest.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace workbook::grade {

/// What happened to one test case.
enum class CaseStatus {
    passed,
    failed,     // a check failed or an exception escaped
    crashed,    // the program died on a signal inside this test case
    timeout,    // the time limit ran out inside this test case
    limit,      // another limit (output, file size, CPU time) was hit inside this test case
    stopped,    // the program ended (exit(), _exit()) inside this test case
    not_run,    // the chapter did not compile or link, or the time budget ran out before it
};
const char* to_string(CaseStatus s);

struct CaseResult {
    std::string name;         // the doctest test-case name
    std::string exercise;     // the exercise id it belongs to ("05.2"); empty when none
    bool hidden = false;      // from --hidden: never shown to students before they may see it
    CaseStatus status = CaseStatus::not_run;
    std::string message;      // why it did not pass: the check, the values, the signal
    double weight = 1;        // its share of the exercise's points (weights file)
};

/// One way of building a chapter: with the model answers of the chapters before it ("model"),
/// or with the student's own earlier chapters ("own").
struct ChapterRun {
    std::string mode;             // "model" or "own"
    bool built = false;
    std::string build_error;      // the compiler's or linker's first errors, trimmed
    std::string program_outcome;  // how the test program ended, one line per run
    std::vector<CaseResult> cases;
    int passed() const;
};

struct ChapterResult {
    std::string number, folder, title_ko, title_en;
    std::vector<std::string> sources;  // the exercise sources taken from the submission
    std::vector<std::string> missing;  // exercise sources the submission does not have (stub used)
    ChapterRun model, own;
    const ChapterRun& counted(const std::string& mode) const { return mode == "own" ? own : model; }
};

struct ExerciseScore {
    std::string id, chapter, function, title_ko, title_en;
    double points = 0, max_points = 0;  // from the counted run
    double own_points = 0;              // the same exercise graded on the student's own chapters
    std::string visibility = "visible";
    std::vector<const CaseResult*> cases;  // counted run, in order
};

struct SubmissionResult {
    std::string id;        // file or folder name, used for the output folder and the CSV row
    std::string source;    // where it came from, as given
    std::string kind;      // "folder", "git", "archive"
    std::string error;     // when the submission could not be read at all
    std::vector<std::string> warnings;  // files changed or added outside the exercise sources, ...
    std::string isolation_note;         // empty when every program ran inside bubblewrap
    std::vector<ChapterResult> chapters;
    std::vector<ExerciseScore> exercises;
    std::string counted_mode = "model";
    double score = 0, max_score = 0;
    double wall_seconds = 0, cpu_seconds = 0;
    bool cpu_measured = false;  // false inside bubblewrap (see sandbox::Result::cpu_measured)
};

/// The weights file (grading/weights.json):
/// {
///   "earlier_chapters": "model",          // or "own": which run counts
///   "default_points": 1,                  // per exercise not listed
///   "exercises": {"05.3": {"points": 3, "visibility": "visible"}},
///   "test_cases": {"05.3 forward with padding*": 2},  // relative weight inside its exercise
///   "hidden_visibility": "after_due_date" // visibility of exercises with --hidden test cases
/// }
struct Weights {
    std::string earlier_chapters = "model";
    double default_points = 1;
    struct ExerciseWeight { double points = 1; std::string visibility = "visible"; };
    std::map<std::string, ExerciseWeight> exercises;
    std::vector<std::pair<std::string, double>> test_cases;  // wildcard pattern (* and ?), weight
    std::string hidden_visibility = "after_due_date";

    double points_of(const std::string& exercise) const;
    std::string visibility_of(const std::string& exercise, bool has_hidden) const;
    double weight_of(const std::string& test_case) const;
};

Weights load_weights(const std::filesystem::path& file);

/// Fills SubmissionResult::exercises, score and max_score from its chapters and the weights.
void score(SubmissionResult& result, const std::vector<Chapter>& chapters, const Weights& weights);

/// doctest-style wildcard match: `*` any run of characters, `?` one character.
bool wildcard_match(const std::string& pattern, const std::string& text);

}  // namespace workbook::grade
