// The book's Trainer (『밑바닥부터 시작하는 딥러닝』 common/trainer.py, used in 7.5): epochs of
// mini-batches drawn from a shuffled order, one optimizer step per batch, and the accuracies
// after every epoch. Provided code for chapter 07.
#pragma once

#include "07_simple_convnet/simple_convnet.hpp"
#include "common/datasets.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cnn {

struct TrainOptions {
    int epochs = 20;
    Index batch_size = 100;
    std::string optimizer = "adam";  // sgd, momentum, adagrad or adam
    double lr = 0.001;               // the book's Adam learning rate
    std::uint32_t seed = 1;          // the order of the images in every epoch
    /// Images used to measure the training accuracy after each epoch (0: all). The book's
    /// Trainer uses 1,000 (evaluate_sample_num_per_epoch); the test accuracy always uses all.
    Index train_eval_images = 0;
};

/// What one epoch gave.
struct EpochRecord {
    int epoch = 0;             // 1, 2, ...
    double loss = 0;           // mean of the epoch's step losses
    double train_accuracy = 0;
    double test_accuracy = 0;
    double seconds = 0;        // training steps and evaluation of this epoch
    double step_seconds = 0;   // the training steps alone
};

/// Called after every step, e.g. to draw a progress bar.
struct StepInfo {
    int epoch;
    Index step, steps_per_epoch;  // step in 1..steps_per_epoch
    double loss;
    double elapsed_epoch_seconds;
};

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, double lr);

/// What the trainer asks of a network, whatever its layers: the gradient of one batch (which also
/// gives that batch's loss), the parameters paired with that gradient, and the accuracy.
class Trainable {
public:
    virtual ~Trainable() = default;
    /// Computes and keeps the gradients of the loss of (x, t); returns that loss.
    virtual double gradient(const Tensor4& x, const std::vector<int>& t) = 0;
    /// The parameters with the gradients of the last gradient() call, for Optimizer::update.
    virtual std::vector<Parameter> parameters() = 0;
    virtual double accuracy(const Tensor4& x, const std::vector<int>& t, Index batch_size) = 0;
};

/// A network in the shape of the book's SimpleConvNet (gradient -> a params struct, last_layer,
/// parameters(grads), accuracy) seen as a Trainable: chapter 07's SimpleConvNet, chapter 08's LeNet5.
template <class Net>
class TrainableNet : public Trainable {
public:
    explicit TrainableNet(Net& net) : net_(net) {}
    double gradient(const Tensor4& x, const std::vector<int>& t) override {
        grads_ = net_.gradient(x, t);
        return net_.last_layer.loss();  // gradient ran the forward pass of this batch
    }
    std::vector<Parameter> parameters() override { return net_.parameters(grads_); }
    double accuracy(const Tensor4& x, const std::vector<int>& t, Index batch_size) override {
        return net_.accuracy(x, t, batch_size);
    }

private:
    Net& net_;
    decltype(std::declval<Net&>().gradient(Tensor4{}, std::vector<int>{})) grads_{};
};

class Trainer {
public:
    template <class Net>
    Trainer(Net& net, const Split& train, const Split& test, TrainOptions options)
        : Trainer(std::make_unique<TrainableNet<Net>>(net), train, test, std::move(options)) {}
    Trainer(std::unique_ptr<Trainable> net, const Split& train, const Split& test, TrainOptions options);

    /// One epoch: the training images in a new random order, cut into batches of batch_size (a
    /// last, smaller batch is kept), a gradient and an optimizer step per batch; then the
    /// accuracies. Same seed and same thread count -> the same numbers, bit for bit.
    EpochRecord train_epoch();

    /// All epochs; on_epoch is called after each.
    std::vector<EpochRecord> train(const std::function<void(const EpochRecord&)>& on_epoch = {});

    std::function<void(const StepInfo&)> on_step;  ///< optional
    const std::vector<double>& step_losses() const { return step_losses_; }
    Index steps_per_epoch() const;

private:
    std::unique_ptr<Trainable> net_;
    const Split& train_;
    const Split& test_;
    TrainOptions options_;
    std::unique_ptr<Optimizer> optimizer_;
    Random rng_;
    std::vector<Index> order_;
    std::vector<double> step_losses_;
    int epoch_ = 0;
};

/// The net's weights as a safetensors file with the names of a PyTorch state_dict: conv1.weight
/// (FN,C,FH,FW), conv1.bias, affine1.weight, affine1.bias, affine2.weight, affine2.bias. PyTorch's
/// nn.Linear keeps its weight as (out, in) where the book's Affine W is (in, out): the file holds
/// the transpose, so that load_state_dict of the same net in PyTorch takes it unchanged.
void save_weights(const std::string& path, const SimpleConvNet& net, const std::map<std::string, std::string>& metadata);

/// The parameters in a file written by save_weights, for a net of `config`. A missing tensor or a
/// shape that config does not give is a DataError naming the tensor and both shapes.
Params load_weights(const std::string& path, const SimpleConvNetConfig& config);

/// The images with the given indices, in that order, as one batch.
Tensor4 gather_images(const Tensor4& images, const std::vector<Index>& indices, Index first, Index count);

}  // namespace cnn
