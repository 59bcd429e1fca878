// An independent SimpleConvNet for the tests: the same function written as plain loops in double,
// with no im2col, no Eigen products and nothing shared with the code under test. Its loss, and
// the centered differences of that loss, are the expected values of chapter 07's tests.
#pragma once

#include "07_simple_convnet/simple_convnet.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace cnn::test {

/// The six parameters in double, flat, row-major, with the shapes of the book's params.
struct NaiveNet {
    Index FN, C, FS, S, P, H, W, hidden, classes;
    std::vector<double> W1, b1, W2, b2, W3, b3;

    NaiveNet(const SimpleConvNetConfig& config, const Params& p)
        : FN(config.conv_param.filter_num), C(config.input_dim[0]), FS(config.conv_param.filter_size),
          S(config.conv_param.stride), P(config.conv_param.pad), H(config.input_dim[1]), W(config.input_dim[2]),
          hidden(config.hidden_size), classes(config.output_size),
          W1(p.W1.data(), p.W1.data() + p.W1.size()), b1(p.b1.data(), p.b1.data() + p.b1.size()),
          W2(p.W2.data(), p.W2.data() + p.W2.size()), b2(p.b2.data(), p.b2.data() + p.b2.size()),
          W3(p.W3.data(), p.W3.data() + p.W3.size()), b3(p.b3.data(), p.b3.data() + p.b3.size()) {}

    Index OH() const { return (H + 2 * P - FS) / S + 1; }
    Index OW() const { return (W + 2 * P - FS) / S + 1; }

    /// What the forward pass went through, for the tests that need distances from the kinks.
    struct Trace {
        std::vector<double> conv;    // (N,FN,OH,OW) before Relu1
        std::vector<double> pooled;  // (N,FN,OH/2,OW/2) after Relu1 and Pool1
        std::vector<double> hidden;  // (N,hidden) before Relu2
        std::vector<double> scores;  // (N,classes)
    };

    Trace forward(const Tensor4& x) const {
        const Index N = x.dimension(0), oh_n = OH(), ow_n = OW(), ph_n = oh_n / 2, pw_n = ow_n / 2;
        Trace tr;
        tr.conv.assign(N * FN * oh_n * ow_n, 0.0);
        for (Index n = 0; n < N; ++n)
            for (Index f = 0; f < FN; ++f)
                for (Index oh = 0; oh < oh_n; ++oh)
                    for (Index ow = 0; ow < ow_n; ++ow) {
                        double sum = b1[f];
                        for (Index c = 0; c < C; ++c)
                            for (Index kh = 0; kh < FS; ++kh)
                                for (Index kw = 0; kw < FS; ++kw) {
                                    const Index h = oh * S + kh - P, w = ow * S + kw - P;
                                    if (h < 0 || h >= H || w < 0 || w >= W) continue;  // zero padding
                                    sum += W1[((f * C + c) * FS + kh) * FS + kw] * x(n, c, h, w);
                                }
                        tr.conv[((n * FN + f) * oh_n + oh) * ow_n + ow] = sum;
                    }
        tr.pooled.assign(N * FN * ph_n * pw_n, 0.0);
        for (Index n = 0; n < N; ++n)
            for (Index f = 0; f < FN; ++f)
                for (Index ph = 0; ph < ph_n; ++ph)
                    for (Index pw = 0; pw < pw_n; ++pw) {
                        double best = -std::numeric_limits<double>::infinity();
                        for (Index kh = 0; kh < 2; ++kh)
                            for (Index kw = 0; kw < 2; ++kw)
                                best = std::max(best, tr.conv[((n * FN + f) * oh_n + 2 * ph + kh) * ow_n + 2 * pw + kw]);
                        tr.pooled[((n * FN + f) * ph_n + ph) * pw_n + pw] = std::max(0.0, best);
                    }
        const Index D = FN * ph_n * pw_n;
        tr.hidden.assign(N * hidden, 0.0);
        tr.scores.assign(N * classes, 0.0);
        for (Index n = 0; n < N; ++n) {
            for (Index j = 0; j < hidden; ++j) {
                double sum = b2[j];
                for (Index d = 0; d < D; ++d) sum += tr.pooled[n * D + d] * W2[d * hidden + j];
                tr.hidden[n * hidden + j] = sum;
            }
            for (Index k = 0; k < classes; ++k) {
                double sum = b3[k];
                for (Index j = 0; j < hidden; ++j) sum += std::max(0.0, tr.hidden[n * hidden + j]) * W3[j * classes + k];
                tr.scores[n * classes + k] = sum;
            }
        }
        return tr;
    }

    /// Mean cross-entropy of softmax(scores), in double: -(1/N) sum_n log y(n, t_n).
    double loss(const Tensor4& x, const std::vector<int>& t) const {
        const Trace tr = forward(x);
        const Index N = x.dimension(0);
        double total = 0;
        for (Index n = 0; n < N; ++n) {
            const double* s = &tr.scores[n * classes];
            const double m = *std::max_element(s, s + classes);
            double sum = 0;
            for (Index k = 0; k < classes; ++k) sum += std::exp(s[k] - m);
            total += std::log(sum) + m - s[t[n]];
        }
        return total / static_cast<double>(N);
    }

    /// Centered differences of loss() for every value of `param` (one of the six vectors above).
    std::vector<double> numerical_gradient(std::vector<double>& param, const Tensor4& x, const std::vector<int>& t,
                                           double h = 1e-5) {
        std::vector<double> grad(param.size());
        for (std::size_t i = 0; i < param.size(); ++i) {
            const double saved = param[i];
            param[i] = saved + h;
            const double plus = loss(x, t);
            param[i] = saved - h;
            const double minus = loss(x, t);
            param[i] = saved;
            grad[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }
};

}  // namespace cnn::test
