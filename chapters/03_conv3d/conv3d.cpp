// Chapter 03 exercises. Replace each `throw` with your code; run `./workbook check 03`.
// Read chapters/03_conv3d/README.md and 001 §7.2.5–7.2.6 first.
#include "03_conv3d/conv3d.hpp"

namespace cnn {

Tensor3 conv3d(const Tensor3& x, const Tensor4& w, const Vector& b, int stride, int pad) {
    // TODO: check the channel counts and the bias length, get (OH,OW) from chapter 02, then
    // for every filter add up one strided convolution per input channel. A ConstMatrixView over
    // x.data() + c*H*W lets chapter 02's function read channel c without a copy.
    throw NotImplemented("03.1 conv3d");
}

Index filter_parameter_count(int C, int FH, int FW) {
    // TODO: one weight per element of the (C,FH,FW) filter, and something more.
    throw NotImplemented("03.2 filter_parameter_count");
}

Index conv_parameter_count(int FN, int C, int FH, int FW) {
    // TODO: every filter has its own weights and its own bias.
    throw NotImplemented("03.2 conv_parameter_count");
}

Shape3 conv_output_volume(Shape3 input, int FN, Shape2 filter, int stride, int pad) {
    // TODO: H and W follow chapter 02's rule; what decides the depth of the output?
    throw NotImplemented("03.2 conv_output_volume");
}

Index connections_per_neuron(int C, int FH, int FW) {
    // TODO: a neuron looks at a small window in H and W, but how deep does it look?
    throw NotImplemented("03.3 connections_per_neuron");
}

Index fully_connected_weights(Shape3 input) {
    // TODO: a fully-connected neuron looks at every element of the input volume.
    throw NotImplemented("03.3 fully_connected_weights");
}

}  // namespace cnn
