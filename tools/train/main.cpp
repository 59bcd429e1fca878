// Trains SimpleConvNet as the book's train_convnet.py does (7.5): Adam, learning rate 0.001,
// mini-batches of 100, evaluation after every epoch; prints the book-style table and, for the
// demo, writes the filter pictures, the curves and the weights.
//
//   workbook_train_<side> --root . --data mnist --epochs 20 --seed 1 --threads 2 [--pictures] [--out out]
#include "impl.hpp"
#include "pictures.hpp"
#include "trainer.hpp"

#ifdef WORKBOOK_HAVE_LENET5
#include "08_lenet_alexnet/lenet5.hpp"
#endif
#include "common/image.hpp"
#include "common/memory.hpp"
#include "common/safetensors.hpp"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <fmt/format.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using cnn::Index;

std::string duration_text(double seconds) {
    if (seconds < 60) return fmt::format("{:.0f}초", seconds);
    return fmt::format("{:.0f}분 {:02.0f}초", std::floor(seconds / 60), std::fmod(seconds, 60));
}

/// One line redrawn in place: [######......] 40/80  loss 0.1234  5,300 images/s  left 3 s
void draw_progress(const cnn::StepInfo& s, Index batch_size, int epochs) {
    const int width = 24;
    const int done = static_cast<int>(width * s.step / s.steps_per_epoch);
    const double rate = s.elapsed_epoch_seconds > 0 ? s.step * batch_size / s.elapsed_epoch_seconds : 0;
    const double left = s.elapsed_epoch_seconds / s.step * (s.steps_per_epoch - s.step);
    fmt::print("\r  에폭 {}/{} [{}{}] {}/{}  손실 {:.4f}  {:.0f} 이미지/초  남은 시간 {}   ", s.epoch, epochs,
               std::string(done, '#'), std::string(width - done, '.'), s.step, s.steps_per_epoch, s.loss, rate,
               duration_text(left));
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    // Layers return fresh tensors on every step: keep freed blocks for the next one (memory.hpp).
    cnn::keep_freed_memory();

    CLI::App app{"SimpleConvNet 학습 (train SimpleConvNet)"};
    std::string root = ".", data = "mnist", out_dir = "out", save, load, init = "std";
    cnn::TrainOptions options;
    int threads = 2;
    Index train_limit = 0, test_limit = 0;
    bool pictures = false, plain = false, classic = false;
    std::string model = "simpleconvnet";
    app.add_option("--root", root, "저장소 경로 (repository root)");
    app.add_option("--data", data, "데이터셋: mnist, fashion, mnist-full")->check(CLI::IsMember({"mnist", "fashion", "mnist-full"}));
    app.add_option("--epochs", options.epochs, "에폭 수 (epochs)")->check(CLI::PositiveNumber);
    app.add_option("--seed", options.seed, "난수 시드: 초깃값과 섞는 순서 (seed)");
    app.add_option("--threads", threads, "스레드 수 (threads)")->check(CLI::PositiveNumber);
    app.add_option("--batch", options.batch_size, "미니배치 크기 (batch size)")->check(CLI::PositiveNumber);
    app.add_option("--optimizer", options.optimizer, "sgd, momentum, adagrad, adam")
        ->check(CLI::IsMember({"sgd", "momentum", "adagrad", "adam"}));
    app.add_option("--lr", options.lr, "학습률 (learning rate)");
    app.add_option("--init", init, "초깃값: std (표준편차 0.01, 책) 또는 he")->check(CLI::IsMember({"std", "he"}));
    app.add_option("--train-limit", train_limit, "앞의 N장만 학습 (0: 모두)");
    app.add_option("--test-limit", test_limit, "앞의 N장만 시험 (0: 모두)");
    app.add_option("--train-eval", options.train_eval_images, "훈련 정확도를 잴 이미지 수 (0: 모두)");
    app.add_option("--out", out_dir, "그림과 가중치를 쓸 폴더");
    app.add_flag("--pictures", pictures, "필터 그림, 반응 그림, 곡선을 out 폴더에 쓰기");
    app.add_option("--save", save, "학습한 가중치를 safetensors로 저장");
    app.add_option("--load", load, "safetensors 가중치에서 시작");
    app.add_flag("--plain", plain, "진행 막대 없이 줄 단위로 출력");
    app.add_option("--model", model, "모델 (model): simpleconvnet, lenet5 (08장)")
        ->check(CLI::IsMember({"simpleconvnet", "lenet5"}));
    app.add_flag("--classic", classic, "LeNet-5의 1998년 형태: 시그모이드와 평균 풀링 (the 1998 form)");
    CLI11_PARSE(app, argc, argv);

    try {
#ifdef _OPENMP
        omp_set_num_threads(threads);
#endif
        Eigen::setNbThreads(threads);
        const auto t0 = std::chrono::steady_clock::now();
        cnn::Dataset set = cnn::load_dataset(data, std::filesystem::absolute(root).string());
        const auto keep_first = [](cnn::Split& s, Index n) {
            if (n <= 0 || n >= s.size()) return;
            cnn::Tensor4 images = s.images.slice(Eigen::array<Index, 4>{0, 0, 0, 0},
                                                 Eigen::array<Index, 4>{n, s.images.dimension(1), s.images.dimension(2),
                                                                        s.images.dimension(3)});
            s.images = std::move(images);
            s.labels.resize(static_cast<std::size_t>(n));
        };
        keep_first(set.train, train_limit);
        keep_first(set.test, test_limit);

        cnn::SimpleConvNetConfig config;
        config.init = init == "he" ? cnn::WeightInit::He : cnn::WeightInit::Std;
        if (model == "lenet5" && (pictures || !save.empty() || !load.empty()))
            throw std::invalid_argument("--pictures, --save, --load는 SimpleConvNet에만 있습니다 (SimpleConvNet only)");
        if (classic && model != "lenet5") throw std::invalid_argument("--classic은 --model lenet5와 함께 씁니다");
#ifdef WORKBOOK_HAVE_LENET5
        std::unique_ptr<cnn::LeNet5> lenet;
        if (model == "lenet5") lenet = std::make_unique<cnn::LeNet5>(classic, options.seed);
#else
        if (model == "lenet5") throw std::invalid_argument("이 빌드에는 08장이 없습니다 (chapter 08 is not built)");
#endif
        const std::string model_name = model == "lenet5" ? (classic ? "LeNet-5 (1998)" : "LeNet-5") : "SimpleConvNet";
        cnn::SimpleConvNet net = load.empty() ? cnn::SimpleConvNet(config, options.seed)
                                              : cnn::SimpleConvNet(config, cnn::load_weights(load, config));

        fmt::print("{} 학습 (training): 구현 {} · 데이터 {} (훈련 {}장, 시험 {}장) · 에폭 {} · 배치 {} · "
                   "{} 학습률 {} · 시드 {} · 스레드 {}\n",
                   model_name, workbook_impl, set.name, set.train.size(), set.test.size(), options.epochs, options.batch_size,
                   options.optimizer, options.lr, options.seed, threads);
        if (pictures) {
            std::filesystem::create_directories(out_dir);
            cnn::write_filters(out_dir + "/filters_before.png", net.conv1.W);
        }

#ifdef WORKBOOK_HAVE_LENET5
        cnn::Trainer trainer = lenet ? cnn::Trainer(*lenet, set.train, set.test, options)
                                     : cnn::Trainer(net, set.train, set.test, options);
#else
        cnn::Trainer trainer(net, set.train, set.test, options);
#endif
        const bool progress = !plain && isatty(fileno(stdout));
        if (progress) trainer.on_step = [&](const cnn::StepInfo& s) { draw_progress(s, options.batch_size, options.epochs); };

        fmt::print("\n{:>5}  {:>8}  {:>11}  {:>11}  {:>7}\n", "에폭", "손실", "훈련 정확도", "시험 정확도", "초");
        fmt::print("{:>5}  {:>8}  {:>11}  {:>11}  {:>7}\n", "epoch", "loss", "train acc", "test acc", "seconds");
        double total_seconds = 0;
        const auto records = trainer.train([&](const cnn::EpochRecord& r) {
            if (progress) fmt::print("\r{}\r", std::string(100, ' '));
            total_seconds += r.seconds;
            fmt::print("{:>5}  {:>8.4f}  {:>10.2f}%  {:>10.2f}%  {:>7.2f}\n", r.epoch, r.loss, 100 * r.train_accuracy,
                       100 * r.test_accuracy, r.seconds);
            std::fflush(stdout);
        });
        double step_seconds = 0;
        for (const auto& r : records) step_seconds += r.step_seconds;
        fmt::print("\n학습 시간 (training time) {:.1f}초: 학습 스텝 (training steps) {:.1f}초, 스텝당 {:.1f} ms · "
                   "정확도 평가 (evaluation) {:.1f}초\n",
                   total_seconds, step_seconds, 1000 * step_seconds / (options.epochs * trainer.steps_per_epoch()),
                   total_seconds - step_seconds);
        fmt::print("최종 시험 정확도 (final test accuracy): {:.2f}% ({}장)\n", 100 * records.back().test_accuracy,
                   set.test.size());

        if (pictures) {
            cnn::write_filters(out_dir + "/filters_after.png", net.conv1.W);
            cnn::Tensor4 digit = cnn::gather_images(set.test.images, {0}, 0, 1);
            const auto [h, v] = cnn::write_responses(out_dir + "/responses.png", net, digit);
            cnn::write_curves(out_dir, records, trainer.step_losses(), trainer.steps_per_epoch(),
                              fmt::format("SimpleConvNet · {} · {}", set.name, workbook_impl));
            fmt::print("\n그림 (figures), {}/:\n", out_dir);
            fmt::print("  filters_before.png, filters_after.png  1층 필터 30개, 학습 전과 후 (책 그림 7-24)\n");
            fmt::print("  responses.png   시험 이미지 0(레이블 {})과 필터 {}(가로 에지), {}(세로 에지)의 반응 (그림 7-25)\n",
                       set.test.labels[0], h, v);
            fmt::print("  loss.svg/.png, accuracy.svg/.png  손실과 정확도 곡선\n");
        }
        if (!save.empty()) {
            const auto parent = std::filesystem::path(save).parent_path();
            if (!parent.empty()) std::filesystem::create_directories(parent);
            cnn::save_weights(save, net,
                                  {{"format", "pt"},
                                   {"model", "SimpleConvNet"},
                                   {"data", set.name},
                                   {"epochs", std::to_string(options.epochs)},
                                   {"seed", std::to_string(options.seed)},
                                   {"test_accuracy", fmt::format("{:.4f}", records.back().test_accuracy)}});
            fmt::print("  가중치 (weights): {}\n", save);
        }
        fmt::print("전체 (wall time) {:.1f}초\n",
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    } catch (const std::exception& e) {
        fmt::print(stderr, "오류 (error): {}\n", e.what());
        return 1;
    }
    return 0;
}
