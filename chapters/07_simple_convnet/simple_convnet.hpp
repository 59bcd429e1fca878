// Chapter 07 — SimpleConvNet (『밑바닥부터 시작하는 딥러닝』 7.5 CNN 구현하기, 7.6 CNN 시각화하기).
//
// The book's first whole convolutional network, put together from the layers of chapters 05–06
// and the provided layers of the book's earlier chapters (common/layers.hpp):
//
//   x      (N,1,28,28)
//   Conv1  (N,30,24,24)   30 filters 5x5, stride 1, pad 0
//   Relu1  (N,30,24,24)
//   Pool1  (N,30,12,12)   2x2 max pooling, stride 2
//   Affine1 (N,100)       the pooled maps flattened to 4,320 values per image
//   Relu2  (N,100)
//   Affine2 (N,10)        one score per class
//   SoftmaxWithLoss       only for the loss, not for predict
#pragma once

#include "05_im2col/convolution.hpp"
#include "06_pooling/pooling.hpp"
#include "common/layers.hpp"
#include "common/optimizers.hpp"
#include "common/random.hpp"
#include "common/shape.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cnn {

/// The book's conv_param: {'filter_num':30, 'filter_size':5, 'pad':0, 'stride':1}.
struct ConvParam {
    int filter_num = 30;
    int filter_size = 5;
    int pad = 0;
    int stride = 1;
};

/// How the weights are drawn (biases always start at 0).
enum class WeightInit {
    Std,  ///< the book's: every weight ~ weight_init_std * N(0,1), std 0.01 by default
    He,   ///< He et al. (book 6.2.3): std sqrt(2 / fan_in) per layer, fan_in = inputs of one unit
};

/// The book's constructor arguments, with its defaults.
struct SimpleConvNetConfig {
    std::array<int, 3> input_dim{1, 28, 28};  ///< (C,H,W) of one image
    ConvParam conv_param{};
    int hidden_size = 100;
    int output_size = 10;
    double weight_init_std = 0.01;
    WeightInit init = WeightInit::Std;
};

/// The book's self.params: W1, b1 (Conv1), W2, b2 (Affine1), W3, b3 (Affine2). The same struct
/// holds the gradients, as the book's grads dict has the same keys.
struct Params {
    Tensor4 W1;  ///< (FN,C,FH,FW)
    Vector b1;   ///< (FN)
    Matrix W2;   ///< (FN*PH*PW, hidden_size)
    Vector b2;   ///< (hidden_size)
    Matrix W3;   ///< (hidden_size, output_size)
    Vector b3;   ///< (output_size)

    /// Number of values in all six: 433,890 for the book's net (WE-32).
    Index count() const { return W1.size() + b1.size() + W2.size() + b2.size() + W3.size() + b3.size(); }
};

/// 07.1 The parameters of a new net (7.5, the book's __init__; WE-32):
///   conv output  OH = (H + 2P - FH)/S + 1, OW likewise        (chapter 02's rule)
///   pool output  PH = OH/2, PW = OW/2                          (2x2, stride 2: chapter 06's rule)
///   W1 (FN,C,FH,FW)   b1 (FN)   W2 (FN*PH*PW, hidden)   b2 (hidden)   W3 (hidden, output)   b3 (output)
/// Weights are normal with mean 0: std = weight_init_std (book: 0.01) for WeightInit::Std, or
/// sqrt(2/fan_in) for WeightInit::He, where fan_in is C*FH*FW for W1, FN*PH*PW for W2 and
/// hidden_size for W3 — a ReLU zeroes about half of its inputs, so twice the 1/fan_in that keeps
/// the variance of the signal from layer to layer. Biases are 0.
/// Draw W1, then W2, then W3 from `rng` in row-major order (rng.fill_normal), so that the same
/// seed gives the same net everywhere.
/// WE-32: the book's config -> conv 24x24, pool 12x12, W2 (4320,100); 433,890 values in all.
/// Throws ShapeError (from chapter 02's or 06's rule) when the filter or the pooling does not fit.
Params init_params(const SimpleConvNetConfig& config, Random& rng);

/// The book's SimpleConvNet (7.5).
class SimpleConvNet {
public:
    /// Provided: init_params with Random(seed), then the layers of WE-33 built on those params.
    explicit SimpleConvNet(const SimpleConvNetConfig& config = {}, std::uint32_t seed = 0);
    /// Provided: the same net on given parameters (e.g. loaded from a file); their shapes must be
    /// those init_params makes for `config`, else ShapeError naming the parameter and both shapes.
    SimpleConvNet(const SimpleConvNetConfig& config, Params params);

    /// 07.2 Scores x:(N,C,H,W) -> (N, output_size), through the layers in the book's order (WE-33):
    ///   Conv1 -> Relu1 -> Pool1 -> (flatten) -> Affine1 -> Relu2 -> Affine2
    /// No softmax: the largest score is the prediction either way (3.5.3).
    /// Keeps Pool1's output shape in pool1_out_, which gradient needs to undo the flatten.
    /// Throws what the layers throw for an input of the wrong shape.
    Matrix predict(const Tensor4& x);

    /// 07.3 The loss of a batch (7.5): SoftmaxWithLoss on predict(x) with labels t (N values in
    /// 0..output_size-1). With weights of std 0.01 every score is close to 0, softmax gives each
    /// class about 1/10, and the loss starts near -log(1/10) = ln 10 = 2.3026.
    double loss(const Tensor4& x, const std::vector<int>& t);

    /// 07.4 Gradients of the loss by backpropagation (7.5, WE-33): forward (loss), then backward
    /// from dout = 1 through the layers in reverse order:
    ///   last_layer -> Affine2 -> Relu2 -> Affine1 -> (unflatten to pool1_out_) -> Pool1 -> Relu1 -> Conv1
    /// and the layers' dW, db gathered into a Params (W1 = conv1.dW, ..., b3 = affine2.db).
    /// Every call gives the gradients of this batch alone, whatever came before.
    Params gradient(const Tensor4& x, const std::vector<int>& t);

    /// 07.5 Share of correct predictions (7.5), computed batch_size images at a time so that a
    /// large test set never goes through the layers at once: the predicted class of image n is
    /// the column of the largest score in row n of predict (the first one on a tie); the result
    /// is (number correct) / N over all N images. The last batch may be smaller: every image
    /// counts (the book's code leaves the remainder of N / batch_size out).
    /// Throws ShapeError when t has not N labels or batch_size < 1.
    double accuracy(const Tensor4& x, const std::vector<int>& t, Index batch_size = 100);

    /// Provided: the parameters paired with their gradients, for Optimizer::update, named as in a
    /// PyTorch state_dict: conv1.weight, conv1.bias, affine1.weight, affine1.bias, affine2.weight,
    /// affine2.bias.
    std::vector<Parameter> parameters(const Params& grads);
    /// Provided: a copy of the current parameters.
    Params params() const;
    const SimpleConvNetConfig& config() const { return config_; }

    // The book's self.layers, in order.
    Convolution conv1;
    Relu relu1;
    MaxPooling pool1;
    Affine affine1;
    Relu relu2;
    Affine affine2;
    SoftmaxWithLoss last_layer;

private:
    SimpleConvNetConfig config_;
    Shape4 pool1_out_{};  // the shape of Pool1's output in the last predict: (N,FN,PH,PW)
};

// --- Provided: construction from parameters, and the parameter list an optimizer updates --------

namespace detail {
template <typename T>
void require_shape(const char* name, const T& actual, const T& expected) {
    if (shape_of(actual) != shape_of(expected)) {
        throw ShapeError(fmt::format("SimpleConvNet: {} has shape {} but the config needs {}", name,
                                     shape_of(actual), shape_of(expected)));
    }
}
inline std::string shape_of(const Vector& v) { return fmt::format("({})", v.size()); }
inline void require_shape(const char* name, const Vector& actual, const Vector& expected) {
    if (actual.size() != expected.size()) {
        throw ShapeError(fmt::format("SimpleConvNet: {} has shape {} but the config needs {}", name,
                                     shape_of(actual), shape_of(expected)));
    }
}
/// The parameter shapes init_params makes for `config`, without drawing numbers.
inline Params shaped_like(const SimpleConvNetConfig& config) {
    Random rng(0);
    SimpleConvNetConfig zero = config;
    zero.init = WeightInit::Std;
    zero.weight_init_std = 0;
    return init_params(zero, rng);
}
}  // namespace detail

inline SimpleConvNet::SimpleConvNet(const SimpleConvNetConfig& config, std::uint32_t seed)
    : SimpleConvNet(config, [&] {
          Random rng(seed);
          return init_params(config, rng);
      }()) {}

inline SimpleConvNet::SimpleConvNet(const SimpleConvNetConfig& config, Params p)
    : conv1(std::move(p.W1), std::move(p.b1), config.conv_param.stride, config.conv_param.pad),
      pool1(2, 2, 2),
      affine1(std::move(p.W2), std::move(p.b2)),
      affine2(std::move(p.W3), std::move(p.b3)),
      config_(config) {
    const Params expected = detail::shaped_like(config);
    detail::require_shape("W1", conv1.W, expected.W1);
    detail::require_shape("b1", conv1.b, expected.b1);
    detail::require_shape("W2", affine1.W, expected.W2);
    detail::require_shape("b2", affine1.b, expected.b2);
    detail::require_shape("W3", affine2.W, expected.W3);
    detail::require_shape("b3", affine2.b, expected.b3);
    conv1.need_dx = false;  // x is the data: its gradient is never used
}

inline std::vector<Parameter> SimpleConvNet::parameters(const Params& g) {
    detail::require_shape("the gradient of W1", g.W1, conv1.W);
    detail::require_shape("the gradient of W2", g.W2, affine1.W);
    detail::require_shape("the gradient of W3", g.W3, affine2.W);
    detail::require_shape("the gradient of b1", g.b1, conv1.b);
    detail::require_shape("the gradient of b2", g.b2, affine1.b);
    detail::require_shape("the gradient of b3", g.b3, affine2.b);
    return {{"conv1.weight", conv1.W.data(), g.W1.data(), conv1.W.size()},
            {"conv1.bias", conv1.b.data(), g.b1.data(), conv1.b.size()},
            {"affine1.weight", affine1.W.data(), g.W2.data(), affine1.W.size()},
            {"affine1.bias", affine1.b.data(), g.b2.data(), affine1.b.size()},
            {"affine2.weight", affine2.W.data(), g.W3.data(), affine2.W.size()},
            {"affine2.bias", affine2.b.data(), g.b3.data(), affine2.b.size()}};
}

inline Params SimpleConvNet::params() const {
    return {conv1.W, conv1.b, affine1.W, affine1.b, affine2.W, affine2.b};
}

}  // namespace cnn
