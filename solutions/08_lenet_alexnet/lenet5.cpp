// Chapter 08 model answer: LeNet-5's forward and backward, one layer per line.
#include "08_lenet_alexnet/lenet5.hpp"

namespace cnn {

Matrix LeNet5::predict(const Tensor4& x) {
    Tensor4 h = C1.forward(x);  // (N,6,28,28)
    h = act(0, h);
    h = pool(0, h);             // (N,6,14,14)
    h = C3.forward(h);          // (N,16,10,10)
    h = act(1, h);
    h = pool(1, h);             // (N,16,5,5)
    s4_out_ = shape4(h);
    Matrix a = C5.forward(flatten(h));  // (N,120)
    a = act(2, a);
    a = F6.forward(a);          // (N,84)
    a = act(3, a);
    return output.forward(a);   // (N,10)
}

LeNet5Params LeNet5::gradient(const Tensor4& x, const std::vector<int>& t) {
    loss(x, t);

    Matrix d = last_layer.backward(1.0);  // (N,10)
    d = output.backward(d);               // (N,84)
    d = act_backward(3, d);
    d = F6.backward(d);                   // (N,120)
    d = act_backward(2, d);
    d = C5.backward(d);                   // (N,400)
    Tensor4 d4 = unflatten(d, s4_out_);   // (N,16,5,5)
    d4 = pool_backward(1, d4);            // (N,16,10,10)
    d4 = act_backward(1, d4);
    d4 = C3.backward(d4);                 // (N,6,14,14)
    d4 = pool_backward(0, d4);            // (N,6,28,28)
    d4 = act_backward(0, d4);
    C1.backward(d4);                      // dx is not needed: x is the data

    return {C1.dW, C1.db, C3.dW, C3.db, C5.dW, C5.db, F6.dW, F6.db, output.dW, output.db};
}

}  // namespace cnn
