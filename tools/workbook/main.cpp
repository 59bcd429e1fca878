// The workbook's command line. The `workbook` script at the repository root installs what is
// missing, builds, and then runs this program with --root and --build.
#include "commands.hpp"
#include "glossary.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <exception>

int main(int argc, char** argv) {
    CLI::App app{"ConvNet workbook: learn convolutional networks by making tests pass"};
    workbook::Paths paths{".", "build/student"};
    app.add_option("--root", paths.root, "repository root")->capture_default_str();
    app.add_option("--build", paths.build, "build folder of the side to run")->capture_default_str();
    app.require_subcommand(0, 1);

    auto* status = app.add_subcommand("status", "progress per chapter and the next exercise (default)");
    auto* check = app.add_subcommand("check", "one chapter's tests with doctest's full output");
    std::string chapter, doctest_args;
    check->add_option("chapter", chapter, "chapter number, e.g. 01")->required();
    check->add_option("doctest-args", doctest_args, "extra doctest options, e.g. -tc='WE-03*'");
    auto* test = app.add_subcommand("test", "every reference test (ctest)");
    auto* data = app.add_subcommand("data", "list the data sets, or load one by name to check it");
    std::string dataset;
    data->add_option("name", dataset, "mnist, fashion or mnist-full");
    auto* verify = app.add_subcommand("verify", "CI checks of the workbook itself");
    verify->require_subcommand(1);
    auto* stubs = verify->add_subcommand("stubs", "every exercise has a test that fails on its stub");
    auto* examples = verify->add_subcommand("examples", "worked-example ids agree across manifest, tests and docs");
    auto* glossary = verify->add_subcommand("glossary", "guides, sheets and manifest titles use docs/ko/glossary.md's terms");

    CLI11_PARSE(app, argc, argv);
    try {
        if (*check) return workbook::check(paths, chapter, doctest_args);
        if (*test) return workbook::test(paths);
        if (*data) return workbook::data(paths, dataset);
        if (*stubs) return workbook::verify_stubs(paths);
        if (*examples) return workbook::verify_examples(paths);
        if (*glossary) return workbook::verify_glossary(paths.root);
        (void)status;
        return workbook::status(paths);
    } catch (const std::exception& e) {
        fmt::print(stderr, "workbook: {}\n", e.what());
        return 2;
    }
}
