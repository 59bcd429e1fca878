// Chapter 08 — the networks of the book, the CS231n notes and the lecture 5 review, described
// layer by layer (provided, no exercises).
// `./workbook explain NAME` prints their tables; the tests check them against the papers and a
// framework's own counts.
#pragma once

#include "08_lenet_alexnet/layer_table.hpp"

#include <optional>
#include <string_view>

namespace cnn {

/// SimpleConvNet of 『밑바닥부터 시작하는 딥러닝』 7.5 (chapter 07): conv 30@5x5 on (1,28,28),
/// 2x2 max pooling, Affine 100, Affine 10.
inline NetworkSpec simple_convnet() {
    return {"SimpleConvNet", {1, 28, 28}, {
        conv("conv1", 30, 5),         // (30,24,24)
        relu("relu1"),
        max_pool("pool1", 2, 2),      // (30,12,12): 4,320 values
        affine("affine1", 100),       // (100,1,1)
        relu("relu2"),
        affine("affine2", 10),        // (10,1,1)
    }};
}

/// LeNet-5 (LeCun et al. 1998; 『밑바닥부터 시작하는 딥러닝』 7.7.1) on 28x28 digits, in the form most
/// courses use (e.g. Dive into Deep Learning, "LeNet"): C1 pads by 2 so that 28x28 plays the
/// paper's 32x32. `classic` = the 1998 activations and subsampling (sigmoid, average pooling);
/// otherwise today's (ReLU, max pooling). The paper's subsampling layers also had a learnable
/// coefficient and bias per map and its C3 a partial connection table; like the courses, this form
/// has neither, which gives 61,706 parameters.
inline NetworkSpec lenet5(bool classic = false) {
    auto act = [classic](std::string name) { return classic ? sigmoid(std::move(name)) : relu(std::move(name)); };
    auto pool = [classic](std::string name) {
        return classic ? avg_pool(std::move(name), 2, 2) : max_pool(std::move(name), 2, 2);
    };
    return {classic ? "LeNet-5 (1998)" : "LeNet-5", {1, 28, 28}, {
        conv("C1", 6, 5, 1, 2),       // (6,28,28)
        act("act1"),
        pool("S2"),                   // (6,14,14)
        conv("C3", 16, 5),            // (16,10,10)
        act("act3"),
        pool("S4"),                   // (16,5,5): 400 values
        affine("C5", 120),            // (120,1,1)
        act("act5"),
        affine("F6", 84),             // (84,1,1)
        act("act6"),
        affine("output", 10),         // (10,1,1)
    }};
}

/// AlexNet (Krizhevsky, Sutskever, Hinton 2012, fig 2 and §3.3–3.5, §4.2; 『밑바닥부터 시작하는
/// 딥러닝』 7.7.2) as one tower on a 227x227x3 input, the size at which conv1's 11x11 filters with
/// stride 4 give the paper's 55x55 (CS231n lecture 5). The paper split conv2, conv4 and conv5
/// between two GPUs (each filter saw half of the channels); this one-tower form connects every
/// filter to every channel, so it has more weights than the paper's: 62,378,344 against 60,965,224.
/// ReLU after every conv and affine layer, LRN after conv1 and conv2 (before their pooling),
/// overlapping 3x3 max pooling with stride 2, dropout after fc6 and fc7.
inline NetworkSpec alexnet() {
    return {"AlexNet", {3, 227, 227}, {
        conv("conv1", 96, 11, 4),     // (96,55,55)
        relu("relu1"),
        lrn("norm1"),
        max_pool("pool1", 3, 2),      // (96,27,27)
        conv("conv2", 256, 5, 1, 2),  // (256,27,27)
        relu("relu2"),
        lrn("norm2"),
        max_pool("pool2", 3, 2),      // (256,13,13)
        conv("conv3", 384, 3, 1, 1),  // (384,13,13)
        relu("relu3"),
        conv("conv4", 384, 3, 1, 1),  // (384,13,13)
        relu("relu4"),
        conv("conv5", 256, 3, 1, 1),  // (256,13,13)
        relu("relu5"),
        max_pool("pool5", 3, 2),      // (256,6,6): 9,216 values
        affine("fc6", 4096),
        relu("relu6"),
        dropout("drop6"),
        affine("fc7", 4096),
        relu("relu7"),
        dropout("drop7"),
        affine("fc8", 1000),
    }};
}

/// torchvision's alexnet (the "One weird trick" variant the CS231n review's code shows): 224x224
/// input, conv1 with 64 filters and padding 2 (whose output size rounds down: 55.25 -> 55),
/// 192-384-256-256 filters, no LRN, dropout before fc6 and fc7. Its adaptive average pooling to
/// 6x6 does nothing at this input size and is left out.
inline NetworkSpec alexnet_torchvision() {
    return {"AlexNet (torchvision)", {3, 224, 224}, {
        conv("conv1", 64, 11, 4, 2, Rounding::Floor),  // (64,55,55)
        relu("relu1"),
        max_pool("pool1", 3, 2),                       // (64,27,27)
        conv("conv2", 192, 5, 1, 2),                   // (192,27,27)
        relu("relu2"),
        max_pool("pool2", 3, 2),                       // (192,13,13)
        conv("conv3", 384, 3, 1, 1),
        relu("relu3"),
        conv("conv4", 256, 3, 1, 1),
        relu("relu4"),
        conv("conv5", 256, 3, 1, 1),
        relu("relu5"),
        max_pool("pool5", 3, 2),                       // (256,6,6)
        dropout("drop6"),
        affine("fc6", 4096),
        relu("relu6"),
        dropout("drop7"),
        affine("fc7", 4096),
        relu("relu7"),
        affine("fc8", 1000),
    }};
}

/// VGG16 (Simonyan and Zisserman 2015, configuration D of Table 1): 3x3 convolutions with stride
/// 1 and padding 1 only, 2x2 max pooling with stride 2, on 224x224x3 (CS231n notes, "VGGNet in
/// detail").
inline NetworkSpec vgg16() {
    NetworkSpec net{"VGG16", {3, 224, 224}, {}};
    const int blocks[5][2] = {{2, 64}, {2, 128}, {3, 256}, {3, 512}, {3, 512}};  // {layers, filters}
    for (int b = 0; b < 5; ++b) {
        for (int l = 1; l <= blocks[b][0]; ++l) {
            const std::string id = std::to_string(b + 1) + "_" + std::to_string(l);
            net.layers.push_back(conv("conv" + id, blocks[b][1], 3, 1, 1));
            net.layers.push_back(relu("relu" + id));
        }
        net.layers.push_back(max_pool("pool" + std::to_string(b + 1), 2, 2));  // halves H and W
    }
    for (const LayerSpec& layer : {affine("fc6", 4096), relu("relu6"), dropout("drop6"),
                                   affine("fc7", 4096), relu("relu7"), dropout("drop7"),
                                   affine("fc8", 1000)})
        net.layers.push_back(layer);
    return net;
}

/// The CIFAR-10 example of the CS231n notes (Architecture Overview): INPUT [32x32x3] -> CONV
/// [32x32x12] -> RELU -> POOL [16x16x12] -> FC [1x1x10]. The CS231n notes give the volumes only; the
/// filters here are 5x5 with padding 2, the receptive field the same notes use on 32x32x3
/// (WE-12), and the pooling is 2x2 with stride 2.
inline NetworkSpec cifar_example() {
    return {"CIFAR-10 example", {3, 32, 32}, {
        conv("conv", 12, 5, 1, 2),    // (12,32,32)
        relu("relu"),
        max_pool("pool", 2, 2),       // (12,16,16)
        affine("fc", 10),             // (10,1,1)
    }};
}

/// The networks `./workbook explain` knows, by the name given on its command line.
inline std::optional<NetworkSpec> network_by_name(std::string_view name) {
    if (name == "simpleconvnet") return simple_convnet();
    if (name == "lenet5") return lenet5(false);
    if (name == "lenet5-classic") return lenet5(true);
    if (name == "alexnet") return alexnet();
    if (name == "alexnet-torchvision") return alexnet_torchvision();
    if (name == "vgg16") return vgg16();
    if (name == "cifar-example") return cifar_example();
    return std::nullopt;
}

inline constexpr std::string_view kNetworkNames[] = {"simpleconvnet", "lenet5", "lenet5-classic", "alexnet",
                                                     "alexnet-torchvision", "vgg16", "cifar-example"};

}  // namespace cnn
