#include "trainer.hpp"

#include "common/safetensors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <numeric>

namespace cnn {

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, double lr) {
    if (name == "sgd") return std::make_unique<SGD>(lr);
    if (name == "momentum") return std::make_unique<Momentum>(lr);
    if (name == "adagrad") return std::make_unique<AdaGrad>(lr);
    if (name == "adam") return std::make_unique<Adam>(lr);
    throw std::invalid_argument(fmt::format("unknown optimizer {} (sgd, momentum, adagrad, adam)", name));
}

Tensor4 gather_images(const Tensor4& images, const std::vector<Index>& indices, Index first, Index count) {
    const Index C = images.dimension(1), H = images.dimension(2), W = images.dimension(3), size = C * H * W;
    Tensor4 batch(count, C, H, W);
    for (Index i = 0; i < count; ++i)
        std::copy_n(images.data() + indices[first + i] * size, size, batch.data() + i * size);
    return batch;
}

Trainer::Trainer(std::unique_ptr<Trainable> net, const Split& train, const Split& test, TrainOptions options)
    : net_(std::move(net)), train_(train), test_(test), options_(std::move(options)),
      optimizer_(make_optimizer(options_.optimizer, options_.lr)), rng_(options_.seed) {
    if (options_.batch_size < 1) throw std::invalid_argument("batch size must be >= 1");
    order_.resize(static_cast<std::size_t>(train_.size()));
    std::iota(order_.begin(), order_.end(), Index(0));
}

Index Trainer::steps_per_epoch() const { return (train_.size() + options_.batch_size - 1) / options_.batch_size; }

EpochRecord Trainer::train_epoch() {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    ++epoch_;
    // Fisher-Yates with the project's generator: the same order on every machine.
    for (Index i = static_cast<Index>(order_.size()) - 1; i > 0; --i)
        std::swap(order_[i], order_[rng_.integer(0, static_cast<int>(i))]);

    const Index N = train_.size(), B = options_.batch_size, steps = steps_per_epoch();
    double loss_sum = 0;
    std::vector<int> labels;
    for (Index s = 0; s < steps; ++s) {
        const Index first = s * B, count = std::min(B, N - first);
        const Tensor4 x = gather_images(train_.images, order_, first, count);
        labels.resize(count);
        for (Index i = 0; i < count; ++i) labels[i] = train_.labels[order_[first + i]];

        const double loss = net_->gradient(x, labels);  // the loss of this batch before the step
        optimizer_->update(net_->parameters());
        step_losses_.push_back(loss);
        loss_sum += loss;
        if (on_step) {
            on_step({epoch_, s + 1, steps, loss, std::chrono::duration<double>(clock::now() - start).count()});
        }
    }

    EpochRecord r;
    r.step_seconds = std::chrono::duration<double>(clock::now() - start).count();
    r.epoch = epoch_;
    r.loss = loss_sum / static_cast<double>(steps);
    const Index eval = options_.train_eval_images > 0 ? std::min(options_.train_eval_images, N) : N;
    if (eval == N) {
        r.train_accuracy = net_->accuracy(train_.images, train_.labels, 100);
    } else {
        std::vector<Index> first_images(static_cast<std::size_t>(eval));
        std::iota(first_images.begin(), first_images.end(), Index(0));
        const std::vector<int> t(train_.labels.begin(), train_.labels.begin() + eval);
        r.train_accuracy = net_->accuracy(gather_images(train_.images, first_images, 0, eval), t, 100);
    }
    r.test_accuracy = net_->accuracy(test_.images, test_.labels, 100);
    r.seconds = std::chrono::duration<double>(clock::now() - start).count();
    return r;
}

namespace {

std::vector<Index> dims(const Tensor4& t) { return {t.dimension(0), t.dimension(1), t.dimension(2), t.dimension(3)}; }
std::vector<Scalar> values(const Scalar* data, Index size) { return {data, data + size}; }

}  // namespace

void save_weights(const std::string& path, const SimpleConvNet& net, const std::map<std::string, std::string>& metadata) {
    const Matrix W2t = net.affine1.W.transpose(), W3t = net.affine2.W.transpose();
    save_safetensors(path,
                     {{"conv1.weight", dims(net.conv1.W), values(net.conv1.W.data(), net.conv1.W.size())},
                      {"conv1.bias", {net.conv1.b.size()}, values(net.conv1.b.data(), net.conv1.b.size())},
                      {"affine1.weight", {W2t.rows(), W2t.cols()}, values(W2t.data(), W2t.size())},
                      {"affine1.bias", {net.affine1.b.size()}, values(net.affine1.b.data(), net.affine1.b.size())},
                      {"affine2.weight", {W3t.rows(), W3t.cols()}, values(W3t.data(), W3t.size())},
                      {"affine2.bias", {net.affine2.b.size()}, values(net.affine2.b.data(), net.affine2.b.size())}},
                     metadata);
}

Params load_weights(const std::string& path, const SimpleConvNetConfig& config) {
    const SafetensorsFile file = load_safetensors(path);
    Params p = SimpleConvNet(config, 0).params();  // the shapes config gives
    const auto take = [&](auto& target, const std::string& name, const std::vector<Index>& shape) {
        const NamedTensor& t = file.get(name, shape);
        std::copy(t.values.begin(), t.values.end(), target.data());
    };
    Matrix W2t(p.W2.cols(), p.W2.rows()), W3t(p.W3.cols(), p.W3.rows());
    take(p.W1, "conv1.weight", dims(p.W1));
    take(p.b1, "conv1.bias", {p.b1.size()});
    take(W2t, "affine1.weight", {W2t.rows(), W2t.cols()});
    take(p.b2, "affine1.bias", {p.b2.size()});
    take(W3t, "affine2.weight", {W3t.rows(), W3t.cols()});
    take(p.b3, "affine2.bias", {p.b3.size()});
    p.W2 = W2t.transpose();
    p.W3 = W3t.transpose();
    return p;
}

std::vector<EpochRecord> Trainer::train(const std::function<void(const EpochRecord&)>& on_epoch) {
    std::vector<EpochRecord> records;
    for (int e = 0; e < options_.epochs; ++e) {
        records.push_back(train_epoch());
        if (on_epoch) on_epoch(records.back());
    }
    return records;
}

}  // namespace cnn
