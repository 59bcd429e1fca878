// Chapter 07 exercises. Replace each `throw` with your code; run `./workbook check 07`.
// Read chapters/07_simple_convnet/README.md and the book's 7.5 first.
#include "07_simple_convnet/simple_convnet.hpp"

#include "02_stride/stride.hpp"

#include <cmath>

namespace cnn {

Params init_params(const SimpleConvNetConfig& config, Random& rng) {
    // TODO: first the sizes. Chapter 02 gives the convolution's output shape, chapter 06 the
    // pooling's; W2 has one row per value of the pooled maps. Then the six arrays: biases zero,
    // weights drawn W1, W2, W3 in that order with rng.fill_normal, the std depending on config.init.
    throw NotImplemented("07.1 init_params");
}

Matrix SimpleConvNet::predict(const Tensor4& x) {
    // TODO: one layer per line, in the order of the book's figure. Affine1 wants an (N, D)
    // matrix: flatten() the pooled maps, and remember their shape in pool1_out_ for gradient.
    throw NotImplemented("07.2 SimpleConvNet::predict");
}

double SimpleConvNet::loss(const Tensor4& x, const std::vector<int>& t) {
    // TODO: the scores of predict go into the last layer together with the labels.
    throw NotImplemented("07.3 SimpleConvNet::loss");
}

Params SimpleConvNet::gradient(const Tensor4& x, const std::vector<int>& t) {
    // TODO: forward first (loss keeps in every layer what its backward needs), then backward
    // from dout = 1, visiting the layers in the reverse order. Between Affine1 and Pool1 the
    // gradient changes shape back with unflatten(). The layers leave dW and db behind.
    throw NotImplemented("07.4 SimpleConvNet::gradient");
}

double SimpleConvNet::accuracy(const Tensor4& x, const std::vector<int>& t, Index batch_size) {
    // TODO: check t and batch_size. Then predict batch_size images at a time (the last batch may
    // be smaller), take the column of each row's largest score (Eigen's maxCoeff(&k)) and count
    // the rows where it equals the label.
    throw NotImplemented("07.5 SimpleConvNet::accuracy");
}

}  // namespace cnn
