// Chapter manifests (chapters/NN_*/manifest.json): what the CLI, the grader and the CI checks know
// about each chapter and its exercises.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace workbook {

struct Exercise {
    std::string id;        // "05.2"
    std::string function;  // "col2im"
    std::string title_en, title_ko;
    std::string note;                   // where to read: "『밑바닥부터 시작하는 딥러닝』 7.4.3 합성곱 계층 구현하기"
    std::vector<std::string> examples;  // worked-example ids whose tests belong here: "WE-26"
    // Hints in tiers, each in Korean and English: where to look, then the formula, then the
    // shape of the loop; never code.
    std::vector<std::string> hints_ko, hints_en;
};

struct Chapter {
    std::string number;  // "05"
    std::string folder;  // "05_im2col"
    std::string title_en, title_ko;
    std::vector<std::string> notes;
    std::string sheet, guide;
    std::vector<Exercise> exercises;
};

/// Every chapters/NN_*/manifest.json under `root`, in chapter order.
std::vector<Chapter> load_chapters(const std::filesystem::path& root);

/// The exercise a test case belongs to: its name starts with the exercise id or one of its
/// worked-example ids. Null when it belongs to none.
const Exercise* exercise_of(const Chapter& chapter, const std::string& test_name);

}  // namespace workbook
