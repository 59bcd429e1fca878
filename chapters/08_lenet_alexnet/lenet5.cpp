// Chapter 08 exercise 08.5. Replace each `throw` with your code; run `./workbook check 08`.
#include "08_lenet_alexnet/lenet5.hpp"

namespace cnn {

Matrix LeNet5::predict(const Tensor4& x) {
    // TODO: SimpleConvNet::predict of chapter 07 with more layers: follow the diagram at the top of
    // lenet5.hpp, using act(i, .) and pool(i, .) for the slots that differ between 1998 and today.
    // Remember S4's output shape before you flatten.
    throw NotImplemented("08.5 LeNet5::predict");
}

LeNet5Params LeNet5::gradient(const Tensor4& x, const std::vector<int>& t) {
    // TODO: forward with loss, then every layer's backward in the reverse order, each activation
    // and pooling slot through act_backward and pool_backward with the same index as in predict.
    throw NotImplemented("08.5 LeNet5::gradient");
}

}  // namespace cnn
