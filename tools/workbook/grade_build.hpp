// Building and running a submission's chapters against the instructor's build.
//
// Once per class (prepare_class): the reference build (build/ref) has compiled every test source,
// the test support library, doctest, and the model answers. From its compile_commands.json and
// build.ninja the grader learns, per chapter, the flags an exercise source is compiled with and
// what a test program links. Hidden tests (--hidden DIR) are compiled here, once.
//
// Per submission and chapter (build_and_run): only the student's exercise sources are compiled,
// from their content (a content hash, never a timestamp, decides whether an object is reused),
// inside the sandbox; the test program is linked from the prebuilt test objects and either the
// model answers of the chapters before it ("model") or the student's own ("own"), and run in the
// sandbox, resuming after a test case that crashed, hung or exited. A chapter whose exercise
// sources are the model answers byte for byte is the model answers' library, not compiled again;
// a test program made of the same parts as one already run in this class is not run again.
#pragma once

#include "grade_model.hpp"
#include "manifest.hpp"
#include "sandbox.hpp"

#include <filesystem>
#include <map>
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace workbook::grade {

struct ChapterBuild {
    const Chapter* chapter = nullptr;
    std::vector<std::string> exercise_sources;  // instructor-relative: chapters/05_im2col/im2col.cpp
    std::map<std::string, std::string> model_sources;  // the same paths -> the model answer's text
    std::vector<std::string> compile_args;      // a student file's: the model answer's flags at -O1, without -o, -c, source
    std::vector<std::string> link_prefix;       // compiler, FLAGS, LINK_FLAGS
    std::vector<std::string> test_objects;      // absolute: tests, hidden tests, grading main
    std::vector<std::string> libraries;         // absolute LINK_LIBRARIES, in order
    std::map<std::string, std::string> chapter_libs;  // "04" -> .../libch04_ref.a
    std::vector<std::string> earlier;           // chapter numbers linked before this one
    std::vector<std::string> test_names;        // in run order
    std::vector<bool> hidden;                   // per test name: from --hidden
    std::string reference_outcome;              // the model answers' own run: "25/25 passed"
    std::chrono::milliseconds timeout{0};       // per run: --timeout, or 3x the model answers' time
};

struct Limits {
    std::chrono::milliseconds timeout{std::chrono::seconds(60)};  // per run of a test program
    std::uint64_t memory_mb = 2048;                                // address space of a test program
};

struct ClassBuild {
    std::filesystem::path root, build, work;  // instructor tree, its reference build, grader's folder
    std::filesystem::path hidden;             // --hidden DIR, or empty
    std::vector<ChapterBuild> chapters;
    Limits limits;
    sandbox::Isolation isolation = sandbox::Isolation::automatic;
    std::string isolation_note;               // empty when bubblewrap works
    std::filesystem::path pch;                // precompiled common headers, -include'd; or empty
    std::vector<std::string> products_args;   // the reference build's flags for a model answer
    bool gold_linker = true;                  // link with -fuse-ld=gold (off when it fails once)
    std::filesystem::path eigen_products;     // cmake/eigen_products.cpp compiled, linked with student objects; or empty

    // Objects compiled from content, shared by every submission: hash -> object path.
    // A file that another submission is compiling right now is waited for, not compiled twice.
    std::mutex cache_mutex;
    std::map<std::string, std::filesystem::path> objects;
    std::map<std::string, std::shared_future<std::filesystem::path>> compiling;

    // Test programs already run, by what they are made of (see program_key in grade_build.cpp):
    // the same program gives the same results, so it runs once per class. The model answers'
    // own runs (prepare_class) are here from the start, so a chapter built only from model
    // answers is never linked or run again. A program another submission is running right now
    // is waited for.
    struct Run {
        std::vector<CaseResult> cases;
        std::string outcome;
    };
    std::map<std::string, std::shared_future<Run>> runs;
};

/// Reads the reference build, compiles the hidden tests, links and runs each chapter's reference
/// program once (its test names, and a check that the model answers pass). Throws with a message
/// for the instructor when the reference build is missing or a model answer fails.
void prepare_class(ClassBuild& cls, const std::vector<Chapter>& chapters);

/// Compiles, links and runs one submission's chapters. `sources` maps instructor paths of exercise
/// sources to the submission's content (a missing one is the instructor's stub). `scratch` is this
/// submission's own folder.
/// cpu_seconds adds up the CPU time of every compile, link and run (measured only outside
/// bubblewrap, see sandbox::Result::cpu_measured).
std::vector<ChapterResult> build_and_run(ClassBuild& cls, const std::map<std::string, std::string>& sources,
                                         const std::filesystem::path& scratch, double& cpu_seconds,
                                         std::string& isolation_note);

}  // namespace workbook::grade
