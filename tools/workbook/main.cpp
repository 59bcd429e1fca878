// The workbook's command line. The `workbook` script at the repository root answers --help and
// mistakes, installs what is missing, builds, and then runs this program with --root and --build.
#include "commands.hpp"
#include "glossary.hpp"
#include "grade_cli.hpp"
#include "i18n.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <exception>

int main(int argc, char** argv) {
    CLI::App app{"ConvNet workbook: learn convolutional networks by making tests pass"};
    app.name("./workbook");
    workbook::Paths paths{".", "build/student", "", std::chrono::milliseconds(10000)};
    std::string language;
    double timeout_seconds = 10;
    if (const char* env = std::getenv("WORKBOOK_TIMEOUT")) timeout_seconds = std::atof(env);
    app.add_option("--lang", language, "ko or en (default: from LANG, Korean unless English)");
    app.add_option("--timeout", timeout_seconds, "seconds each chapter's tests may run (WORKBOOK_TIMEOUT)");
    // For the entry script, CI and instructors; not in the student's help.
    app.add_option("--root", paths.root, "repository root")->group("");
    app.add_option("--build", paths.build, "build folder of the side to run")->group("");
    app.add_option("--build-log", paths.build_log, "log of a build that failed somewhere")->group("");
    app.require_subcommand(0, 1);

    auto* status = app.add_subcommand("status", "progress per chapter and the next exercise (default)");
    std::string only_chapter;  // `watch` runs the chapter that changed
    status->add_option("--chapter", only_chapter, "only this chapter")->group("");
    auto* list = app.add_subcommand("list", "every exercise and whether it passes");
    auto* check = app.add_subcommand("check", "one chapter's tests with doctest's full output");
    std::string chapter, exercise;
    std::vector<std::string> doctest_args;
    check->add_option("chapter", chapter, "chapter number, e.g. 01")->required();
    check->add_option("doctest-args", doctest_args, "doctest options, e.g. -tc='WE-03*' (after --)");
    auto* hint = app.add_subcommand("hint", "the next tier of hints for one exercise");
    hint->add_option("exercise", exercise, "exercise id, e.g. 05.2")->required();
    auto* reset = app.add_subcommand("reset", "put an exercise's stub back (your version is backed up)");
    reset->add_option("exercise", exercise, "exercise id, e.g. 05.2")->required();
    auto* test = app.add_subcommand("test", "every reference test (ctest)");
    auto* data = app.add_subcommand("data", "list the data sets, or load one by name to check it");
    std::string dataset;
    data->add_option("name", dataset, "mnist, fashion or mnist-full");
    auto* verify = app.add_subcommand("verify", "CI checks of the workbook itself")->group("");
    verify->require_subcommand(1);
    auto* stubs = verify->add_subcommand("stubs", "every exercise has a test that fails on its stub");
    auto* examples = verify->add_subcommand("examples", "worked-example ids agree across manifest, tests and docs");
    auto* glossary = verify->add_subcommand("glossary", "guides, sheets and manifest titles use docs/ko/glossary.md's terms");

    auto instructor_command = workbook::grade::add_commands(app);  // grade, release

    CLI11_PARSE(app, argc, argv);
    try {
        workbook::set_lang(language);
        if (const int rc = instructor_command(paths.root, paths.build); rc >= 0) return rc;
        paths.timeout = std::chrono::milliseconds(static_cast<long long>(timeout_seconds * 1000));
        if (*check) return workbook::check(paths, chapter, doctest_args);
        if (*list) return workbook::list(paths);
        if (*hint) return workbook::hint(paths, exercise);
        if (*reset) return workbook::reset(paths, exercise);
        if (*test) return workbook::test(paths);
        if (*data) return workbook::data(paths, dataset);
        if (*stubs) return workbook::verify_stubs(paths);
        if (*examples) return workbook::verify_examples(paths);
        if (*glossary) return workbook::verify_glossary(paths.root);
        if (*status && !only_chapter.empty()) return workbook::status_of_chapter(paths, only_chapter);
        return workbook::status(paths);
    } catch (const std::exception& e) {
        fmt::print(stderr, "workbook: {}\n", e.what());
        return 2;
    }
}
