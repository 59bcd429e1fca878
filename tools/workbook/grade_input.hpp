// Reading one submission: a folder, a git repository (its last commit), or a zip/tar archive,
// into a list of files in memory, nothing of it executed. Then picking out the exercise sources
// the instructor's chapters list and noting everything else the submission changed.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace workbook::grade {

struct SubmissionFiles {
    std::string id;     // name for reports and the output folder: "kim-minji" from kim-minji.zip
    std::string kind;   // "folder", "git", "archive"
    std::string error;  // non-empty when nothing could be read
    std::map<std::string, std::string> files;  // path relative to the submission's top -> content
    std::vector<std::string> notes;  // what was skipped while reading (links, oversize files, ...)
};

struct InputLimits {
    std::size_t max_file = 4 << 20;     // bytes per file; larger files are skipped
    std::size_t max_total = 64 << 20;   // bytes in all
    std::size_t max_files = 20000;
};

/// Reads a submission. `scratch` is a folder the caller owns, for `git archive`'s output.
SubmissionFiles read_submission(const std::filesystem::path& path, const std::filesystem::path& scratch,
                                const InputLimits& limits = {});

/// Every file of the instructor's tree but build folders and version control: path relative to
/// the root -> content. A submission's copy of any of these has no effect on its grade.
std::map<std::string, std::string> instructor_files(const std::filesystem::path& root);

struct Picked {
    std::map<std::string, std::string> sources;  // instructor path -> the submission's content
    std::vector<std::string> missing;            // exercise sources the submission does not have
    std::vector<std::string> warnings;           // everything else it changed, added or deleted
};

/// Takes each exercise source (an instructor path, e.g. chapters/05_im2col/im2col.cpp) from the
/// submission: at the same path, or else the one file with the same name anywhere in it.
Picked pick_sources(const SubmissionFiles& submission, const std::vector<std::string>& exercise_sources,
                    const std::map<std::string, std::string>& instructor);

}  // namespace workbook::grade
