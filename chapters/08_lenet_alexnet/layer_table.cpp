// Chapter 08 exercises 08.1 and 08.2. Replace each `throw` with your code; run `./workbook check 08`.
// Read chapters/08_lenet_alexnet/README.md first.
#include "08_lenet_alexnet/layer_table.hpp"

#include <fmt/format.h>

namespace cnn {

LayerRow layer_row(Shape3 input, const LayerSpec& layer) {
    // TODO: switch on layer.kind. Conv and pooling windows slide by chapter 02's conv_output_shape
    // (pass the layer's rounding); chapter 03 already counts a conv layer's parameters and what a
    // fully connected neuron sees. Which layers change the volume, and which have parameters?
    throw NotImplemented("08.1 layer_row");
}

LayerTable layer_table(const NetworkSpec& network) {
    // TODO: walk the layers in order; each one's input is the previous one's output. Add up the
    // totals as you go, and put the network's and the layer's names into the message of a
    // ShapeError that layer_row throws.
    throw NotImplemented("08.1 layer_table");
}

int receptive_field(int layers, int K) {
    // TODO: draw one output neuron of the last layer and the window it sees in the layer below,
    // then in the one below that. How much wider does the window get per layer?
    throw NotImplemented("08.2 receptive_field");
}

Index stacked_weights(int layers, int K, int C) {
    // TODO: one layer has C filters, each C deep. No biases here.
    throw NotImplemented("08.2 stacked_weights");
}

}  // namespace cnn
