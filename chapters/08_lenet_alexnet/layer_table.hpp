// Chapter 08 — what a network costs, layer by layer, and why smaller filters
// (『밑바닥부터 시작하는 딥러닝』 7.7 LeNet and AlexNet; CS231n course notes "Convolutional Neural
// Networks": Architecture Overview, Layer Patterns, Case studies (VGGNet in detail); the 모두의연구소
// slides 「손에 잡히는 딥러닝」 "더 작은 필터"; the Korean review of CS231n lecture 5, "Case Study").
//
// A network is described as a list of layers with their settings, like a Keras Sequential model.
// From that list and the input volume alone, the rules of chapters 02 and 03 give, for every
// layer, the output volume, the learnable parameters, the multiply-adds and the memory of the
// output: the table Keras prints with summary() and torchinfo with summary(model, input_size).
// Volumes are (C,H,W) as in the book; the lecture 5 review's "55x55x96" is Shape3{96, 55, 55}.
#pragma once

#include "03_conv3d/conv3d.hpp"

#include <string>
#include <utility>
#include <vector>

namespace cnn {

/// The kinds of layer the chapter's networks are made of.
enum class LayerKind {
    Conv,     ///< convolution: FN filters of (C,FH,FW), stride, pad (chapters 03, 05)
    Relu,     ///< max(0, x), element by element
    Sigmoid,  ///< 1 / (1 + exp(-x)), LeNet's activation
    MaxPool,  ///< the largest value of each window (chapter 06)
    AvgPool,  ///< the mean of each window: LeNet's subsampling (chapter 06)
    LRN,      ///< local response normalisation across channels (AlexNet, exercise 08.3)
    Dropout,  ///< drops units while training (AlexNet, exercise 08.4)
    Affine,   ///< fully connected: every input element to each of FN outputs (the book's Affine)
};

/// The layer's class name in the book ("Convolution", "Relu", "Pooling", "Affine", ...).
inline const char* kind_name(LayerKind kind) {
    switch (kind) {
        case LayerKind::Conv: return "Convolution";
        case LayerKind::Relu: return "Relu";
        case LayerKind::Sigmoid: return "Sigmoid";
        case LayerKind::MaxPool: return "MaxPooling";
        case LayerKind::AvgPool: return "AvgPooling";
        case LayerKind::LRN: return "LRN";
        case LayerKind::Dropout: return "Dropout";
        case LayerKind::Affine: return "Affine";
    }
    return "?";
}

/// One layer of a network description. Only the fields its kind uses matter:
/// Conv uses FN, filter, stride, pad; MaxPool and AvgPool use filter, stride, pad; Affine uses
/// FN (its number of outputs); the others use none. `rounding` says how an output size that is
/// not an integer is treated (chapter 02): the sources' networks fit exactly (Strict); a framework's
/// network may rely on Floor (torchvision's AlexNet conv1: (224 + 2*2 - 11)/4 + 1 = 55.25 -> 55).
struct LayerSpec {
    std::string name;
    LayerKind kind = LayerKind::Relu;
    int FN = 0;
    Shape2 filter{};
    int stride = 1;
    int pad = 0;
    Rounding rounding = Rounding::Strict;
};

/// Provided: one line per layer reads like the papers' tables.
inline LayerSpec conv(std::string name, int FN, int F, int stride = 1, int pad = 0,
                      Rounding rounding = Rounding::Strict) {
    return {std::move(name), LayerKind::Conv, FN, {F, F}, stride, pad, rounding};
}
inline LayerSpec max_pool(std::string name, int F, int stride) {
    return {std::move(name), LayerKind::MaxPool, 0, {F, F}, stride, 0, Rounding::Strict};
}
inline LayerSpec avg_pool(std::string name, int F, int stride) {
    return {std::move(name), LayerKind::AvgPool, 0, {F, F}, stride, 0, Rounding::Strict};
}
inline LayerSpec affine(std::string name, int outputs) {
    return {std::move(name), LayerKind::Affine, outputs, {}, 1, 0, Rounding::Strict};
}
inline LayerSpec relu(std::string name) { return {std::move(name), LayerKind::Relu}; }
inline LayerSpec sigmoid(std::string name) { return {std::move(name), LayerKind::Sigmoid}; }
inline LayerSpec lrn(std::string name) { return {std::move(name), LayerKind::LRN}; }
inline LayerSpec dropout(std::string name) { return {std::move(name), LayerKind::Dropout}; }

/// A network: its input volume and its layers in order.
struct NetworkSpec {
    std::string name;
    Shape3 input{};
    std::vector<LayerSpec> layers;
};

/// One row of the table: what one layer makes of its input volume, for one image.
struct LayerRow {
    std::string name;
    LayerKind kind = LayerKind::Relu;
    Shape3 output{};        ///< (C,H,W) of the layer's output; an Affine layer gives (FN,1,1)
    Index weights = 0;      ///< learnable weights
    Index biases = 0;       ///< learnable biases, one per filter or per output
    Index mult_adds = 0;    ///< multiply-adds of the conv or affine products; 0 for other layers
    Index activations = 0;  ///< elements of the output (C*H*W), kept in memory for backward

    Index parameters() const { return weights + biases; }
};

/// The whole table and its totals (sums of the rows' columns).
struct LayerTable {
    std::string name;
    Shape3 input{};
    std::vector<LayerRow> rows;
    Index parameters = 0;
    Index mult_adds = 0;
    Index activations = 0;
};

/// 08.1 One layer of the table (chapters 02–03's rules; CS231n notes, ConvNet Architectures):
/// input (C,H,W) and the layer's settings -> its row.
///   Conv (FN filters FHxFW, S, P): output (FN, OH, OW), OH and OW from chapter 02's
///     conv_output_shape with the layer's rounding; weights FN*C*FH*FW, biases FN (chapter 03's
///     conv_parameter_count is their sum); mult-adds OH*OW*FN * C*FH*FW (every output element is
///     one C*FH*FW-long dot product).
///   MaxPool, AvgPool (FHxFW, S, P): output (C, OH, OW) by the same rule; no parameters (WE-30).
///   Affine (FN outputs): sees every element of its input (chapter 03's fully_connected_weights),
///     so weights C*H*W*FN, biases FN, mult-adds C*H*W*FN; output (FN,1,1), like the CS231n notes' 1x1x10.
///   Relu, Sigmoid, LRN, Dropout: output = input, no parameters, no multiply-adds counted.
///   activations = C*H*W of the output in every case.
/// Multiply-adds count only the products of the conv and affine layers, as torchvision's model
/// table does (bias additions, pooling, activations and LRN are left out).
/// WE-37: (3,227,227) with conv 96 filters 11x11, S=4, P=0 -> (96,55,55), 34,848 weights + 96 biases.
/// Throws what chapters 02–03 throw for shapes that do not fit (with the rule and the numbers).
LayerRow layer_row(Shape3 input, const LayerSpec& layer);

/// 08.1 The table of a whole network: the rows of its layers in order, each layer's input being
/// the output of the one before, and the totals. An empty network gives an empty table.
/// Throws ShapeError naming the layer when one does not fit its input, e.g.
///   "layer_table: AlexNet, layer conv2 on input (96,27,27): conv_output_shape: height: ..."
LayerTable layer_table(const NetworkSpec& network);

/// 08.2 Receptive field of a stack of `layers` KxK convolutions with stride 1 (slides "더 작은
/// 필터"; CS231n notes, Layer Patterns): one output neuron sees a window of
///   1 + layers*(K-1)   input elements along each axis
/// (each layer widens the window by K-1). WE-38: two 3x3 layers -> 5, three -> 7.
/// Throws ShapeError for layers < 1 or K < 1.
int receptive_field(int layers, int K);

/// 08.2 Weights of a stack of `layers` KxK convolutions, each with C input and C output channels
/// (no biases): layers * (C*K*K) * C. With C = 1 this is the count per channel pair that the
/// slides compare. WE-38: one 5x5 -> 25, two 3x3 -> 18; one 7x7 -> 49, three 3x3 -> 27; with
/// C channels 49*C^2 against 27*C^2 (CS231n notes, Layer Patterns).
/// Throws ShapeError for layers < 1, K < 1 or C < 1.
Index stacked_weights(int layers, int K, int C = 1);

}  // namespace cnn
