// The grader's reports, each written from the result model (grade_model.hpp) alone.
#pragma once

#include "grade_model.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace workbook::grade {

/// Writes `content` to a temporary file next to `file`, then renames it over `file`: a reader
/// sees the old report or the new one, never half of one.
void write_atomic(const std::filesystem::path& file, const std::string& content);

/// Gradescope's results.json (autograder specification): one test per exercise, partial credit.
std::string gradescope_json(const SubmissionResult& r);
/// report.md, Korean with the English beside it.
std::string report_markdown(const SubmissionResult& r);
/// JUnit XML, one <testcase> per doctest test case, one <testsuite> per chapter.
std::string junit_xml(const SubmissionResult& r);

/// The class CSV: one row per submission, one column per exercise (points counted).
std::string class_csv(const std::vector<SubmissionResult>& results);
/// Where the class struggles: exercises by average score, test cases by how many failed them.
std::string class_summary(const std::vector<SubmissionResult>& results);

}  // namespace workbook::grade
