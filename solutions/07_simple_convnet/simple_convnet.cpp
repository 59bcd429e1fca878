// Chapter 07 model answer: the book's SimpleConvNet (7.5), one layer per line.
#include "07_simple_convnet/simple_convnet.hpp"

#include "02_stride/stride.hpp"

#include <algorithm>
#include <cmath>

namespace cnn {

Params init_params(const SimpleConvNetConfig& config, Random& rng) {
    const auto [C, H, W] = config.input_dim;
    const ConvParam& cp = config.conv_param;
    const Shape2 conv = conv_output_shape({H, W}, {cp.filter_size, cp.filter_size}, Stride{cp.stride}, Pad{cp.pad});
    const Index PH = pool_output_size(conv.H, 2, 2), PW = pool_output_size(conv.W, 2, 2);
    const Index FN = cp.filter_num, FS = cp.filter_size, pooled = FN * PH * PW;

    Params p;
    p.W1 = Tensor4(FN, C, FS, FS);
    p.b1 = Vector::Zero(FN);
    p.W2 = Matrix(pooled, config.hidden_size);
    p.b2 = Vector::Zero(config.hidden_size);
    p.W3 = Matrix(config.hidden_size, config.output_size);
    p.b3 = Vector::Zero(config.output_size);

    const bool he = config.init == WeightInit::He;
    const auto std_for = [&](Index fan_in) {
        return static_cast<Scalar>(he ? std::sqrt(2.0 / static_cast<double>(fan_in)) : config.weight_init_std);
    };
    rng.fill_normal(p.W1, std_for(C * FS * FS));
    rng.fill_normal(p.W2, std_for(pooled));
    rng.fill_normal(p.W3, std_for(config.hidden_size));
    return p;
}

Matrix SimpleConvNet::predict(const Tensor4& x) {
    Tensor4 h = conv1.forward(x);  // (N,FN,OH,OW)
    h = relu1.forward(h);
    h = pool1.forward(h);          // (N,FN,PH,PW)
    pool1_out_ = shape4(h);
    Matrix a = affine1.forward(flatten(h));  // (N,hidden)
    a = relu2.forward(a);
    return affine2.forward(a);  // (N,output)
}

double SimpleConvNet::loss(const Tensor4& x, const std::vector<int>& t) {
    return last_layer.forward(predict(x), t);
}

Params SimpleConvNet::gradient(const Tensor4& x, const std::vector<int>& t) {
    loss(x, t);

    Matrix d = last_layer.backward(1.0);  // (N,output)
    d = affine2.backward(d);              // (N,hidden)
    d = relu2.backward(d);
    d = affine1.backward(d);              // (N,FN*PH*PW)
    Tensor4 d4 = unflatten(d, pool1_out_);
    d4 = pool1.backward(d4);              // (N,FN,OH,OW)
    d4 = relu1.backward(d4);
    conv1.backward(d4);                   // dx is not needed: x is the data

    return {conv1.dW, conv1.db, affine1.dW, affine1.db, affine2.dW, affine2.db};
}

double SimpleConvNet::accuracy(const Tensor4& x, const std::vector<int>& t, Index batch_size) {
    const Index N = x.dimension(0);
    if (static_cast<Index>(t.size()) != N) {
        throw ShapeError(fmt::format("SimpleConvNet::accuracy: {} labels for {} images", t.size(), N));
    }
    if (batch_size < 1) {
        throw ShapeError(fmt::format("SimpleConvNet::accuracy: batch_size must be >= 1, got {}", batch_size));
    }
    const Index image = x.size() / std::max<Index>(N, 1);
    Index correct = 0;
    for (Index n0 = 0; n0 < N; n0 += batch_size) {
        const Index B = std::min(batch_size, N - n0);
        Tensor4 batch(B, x.dimension(1), x.dimension(2), x.dimension(3));
        std::copy_n(x.data() + n0 * image, B * image, batch.data());
        const Matrix y = predict(batch);
        for (Index n = 0; n < B; ++n) {
            Index k = 0;
            y.row(n).maxCoeff(&k);
            if (k == t[n0 + n]) ++correct;
        }
    }
    return N == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(N);
}

}  // namespace cnn
