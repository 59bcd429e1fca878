// Chapter 08 tests, exercises 08.1 and 08.2: the layer tables of the networks of the book, the
// CS231n notes and the lecture 5 review, and the smaller-filter counts.
//
// Where the expected numbers come from (never from the code under test):
// - per-layer values: worked out by hand in the comments below, with the rules of chapters 02–03;
// - totals: counted by a framework on its own models. PyTorch 1.13.1 and torchvision 0.14.1 from
//   Debian (python3-torch, python3-torchvision), in this way:
//     import torch, torchvision
//     count = lambda m: sum(p.numel() for p in m.parameters())
//     count(torchvision.models.alexnet())   # 61,100,840 (also torchvision's model table: num_params)
//     count(torchvision.models.vgg16())     # 138,357,544
//   and the same framework on the networks written out layer by layer with torch.nn (Conv2d,
//   Linear), e.g. LeNet-5 as in Dive into Deep Learning's "LeNet" section: 61,706; the one-tower
//   AlexNet: 62,378,344; the same with groups=2 in conv2, conv4 and conv5 (the paper's two GPUs,
//   Caffe's bvlc_alexnet): 60,965,224.
// - multiply-adds: torchvision's model table lists 0.71 GFLOPS for alexnet and 15.47 for vgg16
//   (one multiply-add counted as one operation, bias additions left out, as here).
// - the papers: VGG (Simonyan and Zisserman 2015), Table 2: 138 million parameters for
//   configuration D; the book (7.5) gives SimpleConvNet's weight shapes, hence 433,890.
#include "08_lenet_alexnet/layer_table.hpp"
#include "08_lenet_alexnet/networks.hpp"

#include "05_im2col/convolution.hpp"
#include "common/random.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <utility>
#include <vector>

using cnn::Index;
using cnn::LayerKind;
using cnn::LayerRow;
using cnn::LayerTable;
using cnn::Shape3;
using cnn::ShapeError;

namespace {

const LayerRow& row_named(const LayerTable& table, const std::string& name) {
    for (const LayerRow& row : table.rows)
        if (row.name == name) return row;
    FAIL("no layer named " << name << " in the table of " << table.name);
    return table.rows.front();
}

// One row, checked column by column so that a failure names the column.
void check_row(const LayerRow& row, Shape3 output, Index weights, Index biases, Index mult_adds) {
    INFO("layer " << row.name);
    CHECK(row.output == output);
    CHECK(row.weights == weights);
    CHECK(row.biases == biases);
    CHECK(row.parameters() == weights + biases);
    CHECK(row.mult_adds == mult_adds);
    CHECK(row.activations == Index{output.C} * output.H * output.W);
}

// The totals must be the sums of the rows: checked by adding the rows here.
void check_totals_are_sums(const LayerTable& table) {
    Index parameters = 0, mult_adds = 0, activations = 0;
    for (const LayerRow& row : table.rows) {
        parameters += row.parameters();
        mult_adds += row.mult_adds;
        activations += row.activations;
    }
    CHECK(table.parameters == parameters);
    CHECK(table.mult_adds == mult_adds);
    CHECK(table.activations == activations);
}

}  // namespace

TEST_CASE("WE-37 AlexNet conv1 on 227x227x3: 96 filters 11x11, stride 4 -> 55x55x96 with 34,848 weights") {
    // (227 - 11)/4 + 1 = 55; each filter is 11*11*3 = 363 weights, 96 filters: 34,848 (about 35K,
    // as the CS231n lecture says) and 96 biases. Every one of the 55*55*96 = 290,400 outputs is a
    // 363-long dot product: 105,415,200 multiply-adds.
    const LayerRow row = cnn::layer_row({3, 227, 227}, cnn::conv("conv1", 96, 11, 4));
    check_row(row, {96, 55, 55}, 34'848, 96, 105'415'200);
    CHECK(row.kind == LayerKind::Conv);
    CHECK(row.name == "conv1");

    SUBCASE("pool1, 3x3 with stride 2 (WE-30): (55-3)/2 + 1 = 27 -> 27x27x96, no parameters") {
        check_row(cnn::layer_row({96, 55, 55}, cnn::max_pool("pool1", 3, 2)), {96, 27, 27}, 0, 0, 0);
    }
    SUBCASE("the whole one-tower AlexNet: 62,378,344 parameters") {
        const LayerTable table = cnn::layer_table(cnn::alexnet());
        // conv2: 256 filters 5x5x96, P=2 on 27x27 -> 27x27x256; 614,400 weights.
        check_row(row_named(table, "conv2"), {256, 27, 27}, 614'400, 256, Index{27} * 27 * 614'400);
        // conv3..conv5 on 13x13 with 3x3, P=1: 384*3*3*256, 384*3*3*384, 256*3*3*384.
        check_row(row_named(table, "conv3"), {384, 13, 13}, 884'736, 384, Index{169} * 884'736);
        check_row(row_named(table, "conv4"), {384, 13, 13}, 1'327'104, 384, Index{169} * 1'327'104);
        check_row(row_named(table, "conv5"), {256, 13, 13}, 884'736, 256, Index{169} * 884'736);
        check_row(row_named(table, "pool5"), {256, 6, 6}, 0, 0, 0);
        // fc6 sees all 256*6*6 = 9,216 values: 9,216*4,096 weights.
        check_row(row_named(table, "fc6"), {4096, 1, 1}, 37'748'736, 4096, 37'748'736);
        check_row(row_named(table, "fc8"), {1000, 1, 1}, 4'096'000, 1000, 4'096'000);
        check_row(row_named(table, "norm1"), {96, 55, 55}, 0, 0, 0);
        check_row(row_named(table, "drop7"), {4096, 1, 1}, 0, 0, 0);
        CHECK(table.rows.size() == 22);
        CHECK(table.parameters == 62'378'344);  // PyTorch's count of the same layers
        // The paper's two-GPU form: conv2, conv4 and conv5 see half of their input channels, so
        // half of their weights are missing; PyTorch with groups=2 counts 60,965,224.
        CHECK(table.parameters - (614'400 + 1'327'104 + 884'736) / 2 == 60'965'224);
        CHECK(table.mult_adds == 1'135'256'096);  // the rows' products above, added by hand
        check_totals_are_sums(table);
    }
}

TEST_CASE("08.1 torchvision's AlexNet: 61,100,840 parameters and 0.71 G multiply-adds") {
    // conv1: 64 filters 11x11, S=4, P=2 on 224: (224 + 4 - 11)/4 + 1 = 55.25, rounded down to 55.
    const LayerTable table = cnn::layer_table(cnn::alexnet_torchvision());
    check_row(row_named(table, "conv1"), {64, 55, 55}, 64 * 363, 64, Index{55} * 55 * 64 * 363);
    check_row(row_named(table, "pool5"), {256, 6, 6}, 0, 0, 0);
    CHECK(table.parameters == 61'100'840);
    CHECK(std::lround(static_cast<double>(table.mult_adds) / 1e7) == 71);  // 0.71 G
    check_totals_are_sums(table);

    SUBCASE("without the rounding, conv1 does not fit: the error names the network and the layer") {
        cnn::NetworkSpec strict = cnn::alexnet_torchvision();
        strict.layers.front().rounding = cnn::Rounding::Strict;
        CHECK_THROWS_WITH_AS(cnn::layer_table(strict),
                             doctest::Contains("AlexNet (torchvision), layer conv1 on input (3,224,224)"),
                             ShapeError);
        CHECK_THROWS_WITH_AS(cnn::layer_table(strict), doctest::Contains("55.25 is not an integer"), ShapeError);
    }
}

TEST_CASE("WE-39 VGG16: 138,357,544 parameters, most in the FC layers, most memory in the early convolutions") {
    const LayerTable table = cnn::layer_table(cnn::vgg16());
    // The first layer: 64 filters 3x3x3 with P=1 keep 224x224: 1,728 weights (CS231n notes,
    // "VGGNet in detail": CONV3-64 [224x224x64] memory 3.2M, weights (3*3*3)*64 = 1,728).
    check_row(row_named(table, "conv1_1"), {64, 224, 224}, 1'728, 64, Index{224} * 224 * 1'728);
    check_row(row_named(table, "conv1_2"), {64, 224, 224}, 36'864, 64, Index{224} * 224 * 36'864);
    check_row(row_named(table, "pool1"), {64, 112, 112}, 0, 0, 0);  // WE-29: 224 -> 112
    check_row(row_named(table, "conv5_3"), {512, 14, 14}, 2'359'296, 512, Index{196} * 2'359'296);
    check_row(row_named(table, "pool5"), {512, 7, 7}, 0, 0, 0);
    // fc6 sees 512*7*7 = 25,088 values: 102,760,448 weights, the largest layer by far.
    check_row(row_named(table, "fc6"), {4096, 1, 1}, 102'760'448, 4096, 102'760'448);
    CHECK(table.parameters == 138'357'544);                                 // torchvision
    CHECK(std::lround(static_cast<double>(table.parameters) / 1e6) == 138);  // the paper's Table 2
    CHECK(std::lround(static_cast<double>(table.mult_adds) / 1e7) == 1547);  // torchvision: 15.47 G
    check_totals_are_sums(table);

    SUBCASE("most parameters are in the three FC layers") {
        // fc6 102,764,544 + fc7 16,781,312 + fc8 4,097,000 = 123,642,856 of 138,357,544: 89%.
        const Index fc = row_named(table, "fc6").parameters() + row_named(table, "fc7").parameters() +
                         row_named(table, "fc8").parameters();
        CHECK(fc == 123'642'856);
        CHECK(fc > 0.89 * static_cast<double>(table.parameters));
    }
    SUBCASE("most activation memory is in the early layers, before the second pooling") {
        // Up to pool2: 4 maps of 224*224*64 (two convs, two ReLUs), pool1's 112*112*64, 4 maps of
        // 112*112*128 and pool2's 56*56*128: 12,845,056 + 802,816 + 6,422,528 + 401,408 = 20,471,808.
        Index early = 0;
        for (const LayerRow& row : table.rows) {
            early += row.activations;
            if (row.name == "pool2") break;
        }
        CHECK(early == 20'471'808);
        CHECK(early > 0.7 * static_cast<double>(table.activations));
        // Everything after pool5 (three FC layers, their ReLUs and dropouts) holds 6*4,096 + 1,000.
        Index after_pool5 = 0;
        bool seen = false;
        for (const LayerRow& row : table.rows) {
            if (seen) after_pool5 += row.activations;
            seen = seen || row.name == "pool5";
        }
        CHECK(after_pool5 == 25'576);
        CHECK(table.activations == 28'650'984);  // blocks: 20,471,808 + 5,017,600 + 2,508,800 + 627,200 + 25,576
    }
}

TEST_CASE("WE-40 the CIFAR-10 example: 32x32x3 -> CONV 32x32x12 -> RELU -> POOL 16x16x12 -> FC 1x1x10") {
    // The CS231n notes give the volumes; this workbook's choice of filter is 5x5 with P=2 (WE-12's
    // receptive field): 12*(5*5*3) = 900 weights + 12 biases; FC: 16*16*12 = 3,072 inputs for
    // each of 10 outputs = 30,720 weights + 10 biases. Total 912 + 30,730 = 31,642.
    const LayerTable table = cnn::layer_table(cnn::cifar_example());
    REQUIRE(table.rows.size() == 4);
    check_row(table.rows[0], {12, 32, 32}, 900, 12, Index{32} * 32 * 900);
    check_row(table.rows[1], {12, 32, 32}, 0, 0, 0);
    check_row(table.rows[2], {12, 16, 16}, 0, 0, 0);
    check_row(table.rows[3], {10, 1, 1}, 30'720, 10, 30'720);
    CHECK(table.parameters == 31'642);
    CHECK(table.activations == 12'288 + 12'288 + 3'072 + 10);
    CHECK(table.input == Shape3{3, 32, 32});
}

TEST_CASE("WE-36 LeNet-5 in its 1998 form and today's: the same volumes and 61,706 parameters") {
    // C1: 6 filters 5x5 with P=2 on 28x28 -> 28x28x6, 6*25 + 6 = 156 parameters; S2 -> 14x14x6;
    // C3: 16 filters 5x5x6 -> 10x10x16, 16*150 + 16 = 2,416; S4 -> 5x5x16 = 400 values;
    // C5: 400*120 + 120 = 48,120; F6: 120*84 + 84 = 10,164; output: 84*10 + 10 = 850.
    // 156 + 2,416 + 48,120 + 10,164 + 850 = 61,706 (PyTorch counts the same on Dive into Deep
    // Learning's LeNet).
    const LayerTable classic = cnn::layer_table(cnn::lenet5(true));
    const LayerTable modern = cnn::layer_table(cnn::lenet5(false));
    for (const LayerTable* table : {&classic, &modern}) {
        INFO(table->name);
        check_row(row_named(*table, "C1"), {6, 28, 28}, 150, 6, Index{28} * 28 * 150);
        check_row(row_named(*table, "S2"), {6, 14, 14}, 0, 0, 0);
        check_row(row_named(*table, "C3"), {16, 10, 10}, 2'400, 16, Index{100} * 2'400);
        check_row(row_named(*table, "S4"), {16, 5, 5}, 0, 0, 0);
        check_row(row_named(*table, "C5"), {120, 1, 1}, 48'000, 120, 48'000);
        check_row(row_named(*table, "F6"), {84, 1, 1}, 10'080, 84, 10'080);
        check_row(row_named(*table, "output"), {10, 1, 1}, 840, 10, 840);
        CHECK(table->parameters == 61'706);
        check_totals_are_sums(*table);
    }
    // What differs is only the kind of activation and of pooling.
    CHECK(row_named(classic, "act1").kind == LayerKind::Sigmoid);
    CHECK(row_named(classic, "S2").kind == LayerKind::AvgPool);
    CHECK(row_named(modern, "act1").kind == LayerKind::Relu);
    CHECK(row_named(modern, "S2").kind == LayerKind::MaxPool);
}

TEST_CASE("08.1 SimpleConvNet: 433,890 parameters, the book's W1..b3") {
    // W1 (30,1,5,5) = 750, b1 30, W2 (4320,100) = 432,000, b2 100, W3 (100,10) = 1,000, b3 10.
    const LayerTable table = cnn::layer_table(cnn::simple_convnet());
    check_row(row_named(table, "conv1"), {30, 24, 24}, 750, 30, Index{576} * 750);
    check_row(row_named(table, "pool1"), {30, 12, 12}, 0, 0, 0);
    check_row(row_named(table, "affine1"), {100, 1, 1}, 432'000, 100, 432'000);
    check_row(row_named(table, "affine2"), {10, 1, 1}, 1'000, 10, 1'000);
    CHECK(table.parameters == 433'890);
    check_totals_are_sums(table);
}

TEST_CASE("08.1 each kind of layer on its own") {
    const Shape3 in{16, 5, 5};
    SUBCASE("an affine layer sees every channel: 16*5*5 = 400 inputs for each of 120 outputs") {
        check_row(cnn::layer_row(in, cnn::affine("fc", 120)), {120, 1, 1}, 48'000, 120, 48'000);
    }
    SUBCASE("element-wise layers keep the volume and learn nothing") {
        for (const auto& layer : {cnn::relu("r"), cnn::sigmoid("s"), cnn::lrn("n"), cnn::dropout("d")}) {
            const LayerRow row = cnn::layer_row(in, layer);
            CHECK(row.kind == layer.kind);
            check_row(row, in, 0, 0, 0);
        }
    }
    SUBCASE("pooling keeps the channels; average pooling as max pooling") {
        check_row(cnn::layer_row({7, 6, 4}, cnn::avg_pool("p", 2, 2)), {7, 3, 2}, 0, 0, 0);
    }
    SUBCASE("a conv layer on a non-square input with stride and padding") {
        // (7 + 2 - 3)/2 + 1 = 4, (5 + 2 - 3)/2 + 1 = 3; 4 filters of 3x3x2 = 72 weights.
        check_row(cnn::layer_row({2, 7, 5}, cnn::conv("c", 4, 3, 2, 1)), {4, 4, 3}, 72, 4, Index{12} * 72);
    }
    SUBCASE("a window that does not fit is refused with chapter 02's message") {
        CHECK_THROWS_WITH_AS(cnn::layer_row({3, 7, 7}, cnn::conv("c", 2, 3, 3)),
                             doctest::Contains("(7 + 2*0 - 3)/3 + 1 = 2.33 is not an integer"), ShapeError);
    }
    SUBCASE("an empty network gives an empty table") {
        const LayerTable table = cnn::layer_table({"empty", {1, 2, 3}, {}});
        CHECK(table.rows.empty());
        CHECK(table.parameters == 0);
        CHECK(table.activations == 0);
        CHECK(table.input == Shape3{1, 2, 3});
        CHECK(table.name == "empty");
    }
}

TEST_CASE("WE-38 two 3x3 layers see 5x5 with 18 weights instead of 25; three see 7x7 with 27 instead of 49") {
    CHECK(cnn::receptive_field(1, 5) == 5);
    CHECK(cnn::receptive_field(2, 3) == 5);
    CHECK(cnn::receptive_field(1, 7) == 7);
    CHECK(cnn::receptive_field(3, 3) == 7);
    CHECK(cnn::stacked_weights(1, 5) == 25);
    CHECK(cnn::stacked_weights(2, 3) == 18);
    CHECK(cnn::stacked_weights(1, 7) == 49);
    CHECK(cnn::stacked_weights(3, 3) == 27);
    SUBCASE("with C channels in and out: 49*C^2 against 27*C^2 (CS231n notes, Layer Patterns)") {
        CHECK(cnn::stacked_weights(1, 7, 64) == 49 * 64 * 64);
        CHECK(cnn::stacked_weights(3, 3, 64) == 27 * 64 * 64);
        // The same as a layer table of three 3x3 convs with 64 filters on 64 channels, minus biases.
        const LayerTable table = cnn::layer_table({"3x3 stack", {64, 16, 16},
            {cnn::conv("a", 64, 3, 1, 1), cnn::conv("b", 64, 3, 1, 1), cnn::conv("c", 64, 3, 1, 1)}});
        CHECK(table.parameters - 3 * 64 == cnn::stacked_weights(3, 3, 64));
    }
    SUBCASE("bad sizes are refused") {
        CHECK_THROWS_AS(cnn::receptive_field(0, 3), ShapeError);
        CHECK_THROWS_AS(cnn::stacked_weights(2, 0), ShapeError);
        CHECK_THROWS_AS(cnn::stacked_weights(2, 3, 0), ShapeError);
    }
}

TEST_CASE("08.2 the receptive field equals the input pixels that reach one output (chapter 05's backward)") {
    // Independent of the formula: a stack of L convolutions with KxK filters of ones, stride 1,
    // no padding; backward from one output element in the middle gives a dx that is non-zero
    // exactly on the pixels that output depends on. Its width and height are the receptive field.
    const std::pair<int, int> stacks[] = {{1, 3}, {2, 3}, {3, 3}, {1, 5}, {2, 5}};
    for (const auto& spec : stacks) {
        const int L = spec.first, K = spec.second;  // named copies: doctest's CAPTURE cannot take bindings
        CAPTURE(L);
        CAPTURE(K);
        const int H = 1 + L * (K - 1) + 4;  // room for the field and two pixels on each side
        std::vector<cnn::Convolution> stack;
        for (int l = 0; l < L; ++l) {
            cnn::Tensor4 w(1, 1, K, K);
            w.setConstant(1);
            cnn::Vector b = cnn::Vector::Zero(1);
            stack.emplace_back(w, b, 1, 0);
        }
        cnn::Tensor4 x(1, 1, H, H);
        x.setConstant(1);
        for (auto& layer : stack) x = layer.forward(x);
        cnn::Tensor4 d(x.dimensions());
        d.setZero();
        d(0, 0, x.dimension(2) / 2, x.dimension(3) / 2) = 1;
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) d = it->backward(d);
        int rows = 0, cols = 0;
        for (Index h = 0; h < H; ++h) {
            bool any = false;
            for (Index w = 0; w < H; ++w) any = any || d(0, 0, h, w) != 0;
            rows += any;
        }
        for (Index w = 0; w < H; ++w) {
            bool any = false;
            for (Index h = 0; h < H; ++h) any = any || d(0, 0, h, w) != 0;
            cols += any;
        }
        CHECK(rows == cnn::receptive_field(L, K));
        CHECK(cols == cnn::receptive_field(L, K));
    }
}
