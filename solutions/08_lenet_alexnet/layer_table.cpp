// Chapter 08 model answers: the layer table and the smaller-filter counts.
#include "08_lenet_alexnet/layer_table.hpp"

#include <fmt/format.h>

namespace cnn {

namespace {
// The spatial size after a window that slides like a filter (conv and pooling alike): chapter 02.
Shape2 window_output(Shape3 input, const LayerSpec& layer) {
    return conv_output_shape({input.H, input.W}, layer.filter, Stride{layer.stride}, Pad{layer.pad}, layer.rounding);
}
}  // namespace

LayerRow layer_row(Shape3 input, const LayerSpec& layer) {
    LayerRow row;
    row.name = layer.name;
    row.kind = layer.kind;
    switch (layer.kind) {
        case LayerKind::Conv: {
            const Shape2 out = window_output(input, layer);
            row.output = {layer.FN, out.H, out.W};
            // conv_parameter_count = FN*(C*FH*FW + 1): the weights and one bias per filter.
            row.biases = layer.FN;
            row.weights = conv_parameter_count(layer.FN, input.C, layer.filter.H, layer.filter.W) - row.biases;
            // Each output element is one dot product of C*FH*FW pairs.
            row.mult_adds = Index{out.H} * out.W * row.weights;
            break;
        }
        case LayerKind::MaxPool:
        case LayerKind::AvgPool: {
            const Shape2 out = window_output(input, layer);
            row.output = {input.C, out.H, out.W};  // each channel is pooled on its own
            break;
        }
        case LayerKind::Affine:
            // Every output sees every input element, through all channels.
            row.output = {layer.FN, 1, 1};
            row.weights = fully_connected_weights(input) * layer.FN;
            row.biases = layer.FN;
            row.mult_adds = row.weights;
            break;
        case LayerKind::Relu:
        case LayerKind::Sigmoid:
        case LayerKind::LRN:
        case LayerKind::Dropout:
            row.output = input;  // element by element: the volume does not change
            break;
    }
    row.activations = Index{row.output.C} * row.output.H * row.output.W;
    return row;
}

LayerTable layer_table(const NetworkSpec& network) {
    LayerTable table;
    table.name = network.name;
    table.input = network.input;
    Shape3 volume = network.input;
    for (const LayerSpec& layer : network.layers) {
        try {
            table.rows.push_back(layer_row(volume, layer));
        } catch (const ShapeError& e) {
            throw ShapeError(fmt::format("layer_table: {}, layer {} on input {}: {}", network.name, layer.name,
                                         fmt::format("({},{},{})", volume.C, volume.H, volume.W), e.what()));
        }
        const LayerRow& row = table.rows.back();
        volume = row.output;  // the next layer's input
        table.parameters += row.parameters();
        table.mult_adds += row.mult_adds;
        table.activations += row.activations;
    }
    return table;
}

int receptive_field(int layers, int K) {
    if (layers < 1 || K < 1)
        throw ShapeError(fmt::format("receptive_field: layers and K must be >= 1, got {} and {}", layers, K));
    // One KxK layer sees K elements; every further layer adds K-1 (its window reaches (K-1)/2
    // further on each side, in units of the input, since the stride is 1).
    return 1 + layers * (K - 1);
}

Index stacked_weights(int layers, int K, int C) {
    if (layers < 1 || K < 1 || C < 1)
        throw ShapeError(fmt::format("stacked_weights: layers, K and C must be >= 1, got {}, {} and {}", layers,
                                     K, C));
    // Each layer has C filters of (C,K,K).
    return Index{layers} * (Index{C} * K * K) * C;
}

}  // namespace cnn
