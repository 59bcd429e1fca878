#include "grade_cli.hpp"

#include "grade.hpp"
#include "gradescope.hpp"
#include "release.hpp"

#include <memory>
#include <stdexcept>

namespace workbook::grade {

std::function<int(const std::filesystem::path&, const std::filesystem::path&)> add_commands(CLI::App& app) {
    auto options = std::make_shared<GradeOptions>();
    auto* grade = app.add_subcommand(
        "grade", "채점 (grade a class): 제출물마다 results.json, report.md, junit.xml; 반 전체 class.csv, summary.md");
    grade->add_option("submissions", options->submissions,
                      "제출물 (submissions): 폴더, git 저장소, zip/tar 압축 파일 (folder, git repository, zip/tar archive)");
    grade->add_option("--out", options->out, "보고서를 쓸 폴더 (output folder)");
    auto bundle = std::make_shared<std::filesystem::path>();
    grade->add_option("--gradescope-bundle", *bundle,
                      "채점하는 대신 Gradescope 자동 채점기 zip을 만듦 (instead of grading, write Gradescope's "
                      "autograder zip: setup.sh, run_autograder and this tree)");
    grade->add_option("--jobs,-j", options->jobs, "동시에 채점할 제출물 수 (submissions graded at once)")->capture_default_str();
    grade->add_option("--timeout", options->timeout, "테스트 프로그램 한 번 실행의 시간 제한, 초 (time limit per test program run, s)")
        ->capture_default_str();
    grade->add_option("--memory", options->memory_mb, "테스트 프로그램의 주소 공간 제한, MB (address-space limit, MB)")
        ->capture_default_str();
    grade->add_option("--weights", options->weights, "가중치 파일 (weights file; default grading/weights.json)");
    grade->add_option("--hidden", options->hidden, "강사만 가진 테스트 (instructor-only tests): DIR/NN_name/*.cpp");
    grade->add_option("--chapters", options->chapters, "이 장들만 채점 (only these chapters), e.g. --chapters 01,02,03")
        ->delimiter(',');
    grade->add_flag("--no-bubblewrap", options->no_bubblewrap, "bubblewrap 없이 자원 제한만 (resource limits alone)");
    grade->add_flag("--keep-work", options->keep_work, "제출물별 빌드 폴더를 남김 (keep the build folders in OUT/.work)");
    grade->add_option("--cwd", options->cwd, "상대 경로의 기준 (where relative paths start)");

    auto release_options = std::make_shared<ReleaseOptions>();
    auto* release = app.add_subcommand(
        "release", "학생용 사본 (student copy): solutions/, fast/, grading/, 숨은 테스트 없이; 빌드해서 0/N 확인");
    release->add_option("--out", release_options->out, "새 폴더 (a new folder)")->required();
    release->add_flag("--classroom", release_options->classroom,
                      "GitHub Classroom 자동 채점 워크플로를 넣음 (add .github/workflows/classroom.yml)");
    release->add_option("--hidden", release_options->hidden, "숨은 테스트 폴더가 트리 안에 있으면 뺌 (left out if inside the tree)");
    release->add_flag("!--no-check", release_options->check, "빌드 확인을 건너뜀 (skip building the copy)");
    release->add_option("--cwd", release_options->cwd, "상대 경로의 기준 (where relative paths start)");

    return [grade, options, bundle, release, release_options](const std::filesystem::path& root,
                                                              const std::filesystem::path& build) -> int {
        if (*release) {
            release_options->root = root;
            return workbook::grade::release(*release_options);
        }
        if (!*grade) return -1;
        if (!bundle->empty()) {
            if (!options->submissions.empty())
                throw std::runtime_error("--gradescope-bundle은 제출물 없이 씁니다 (takes no submissions): "
                                         "Gradescope가 제출물마다 run_autograder를 실행합니다 (Gradescope runs run_autograder per submission)");
            BundleOptions b;
            b.root = root;
            b.cwd = options->cwd;
            b.zip = *bundle;
            b.weights = options->weights;
            b.hidden = options->hidden;
            b.chapters = options->chapters;
            b.timeout = options->timeout;
            b.memory_mb = options->memory_mb;
            b.no_bubblewrap = options->no_bubblewrap;
            return gradescope_bundle(b);
        }
        if (options->submissions.empty() || options->out.empty())
            throw std::runtime_error("grade: 제출물과 --out이 필요합니다 (SUBMISSION... --out DIR are required), "
                                     "또는 --gradescope-bundle FILE.zip (or --gradescope-bundle FILE.zip)");
        options->root = root;
        options->build = build;
        return workbook::grade::grade(*options);
    };
}

}  // namespace workbook::grade
