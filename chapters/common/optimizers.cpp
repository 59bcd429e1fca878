#include "common/optimizers.hpp"

#include <fmt/format.h>

#include <cmath>

namespace cnn {

namespace {
using ValueView = Eigen::Map<Eigen::ArrayX<Scalar>>;
using GradView = Eigen::Map<const Eigen::ArrayX<Scalar>>;
}  // namespace

void Optimizer::match_state(std::vector<Eigen::ArrayX<Scalar>>& state, const std::vector<Parameter>& params,
                            const char* who) {
    if (state.empty()) {
        for (const Parameter& p : params) state.push_back(Eigen::ArrayX<Scalar>::Zero(p.size));
        return;
    }
    if (state.size() != params.size()) {
        throw ShapeError(fmt::format("{}::update: {} parameters, but the first update had {}", who, params.size(),
                                     state.size()));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (state[i].size() != params[i].size) {
            throw ShapeError(fmt::format("{}::update: parameter {} \"{}\" has {} values, but {} in the first update",
                                         who, i, params[i].name, params[i].size, state[i].size()));
        }
    }
}

void SGD::update(const std::vector<Parameter>& params) {
    const auto lr = static_cast<Scalar>(lr_);
    for (const Parameter& p : params) ValueView(p.value, p.size) -= lr * GradView(p.grad, p.size);
}

void Momentum::update(const std::vector<Parameter>& params) {
    match_state(v_, params, "Momentum");
    const auto lr = static_cast<Scalar>(lr_), momentum = static_cast<Scalar>(momentum_);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Parameter& p = params[i];
        v_[i] = momentum * v_[i] - lr * GradView(p.grad, p.size);
        ValueView(p.value, p.size) += v_[i];
    }
}

void AdaGrad::update(const std::vector<Parameter>& params) {
    match_state(h_, params, "AdaGrad");
    const auto lr = static_cast<Scalar>(lr_);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Parameter& p = params[i];
        const GradView g(p.grad, p.size);
        h_[i] += g * g;
        ValueView(p.value, p.size) -= lr * g / (h_[i].sqrt() + Scalar(1e-7));
    }
}

void Adam::update(const std::vector<Parameter>& params) {
    match_state(m_, params, "Adam");
    match_state(v_, params, "Adam");
    ++iter_;
    const auto lr_t = static_cast<Scalar>(lr_ * std::sqrt(1.0 - std::pow(beta2_, iter_)) /
                                          (1.0 - std::pow(beta1_, iter_)));
    const auto one_minus_beta1 = static_cast<Scalar>(1.0 - beta1_);
    const auto one_minus_beta2 = static_cast<Scalar>(1.0 - beta2_);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Parameter& p = params[i];
        const GradView g(p.grad, p.size);
        m_[i] += one_minus_beta1 * (g - m_[i]);
        v_[i] += one_minus_beta2 * (g * g - v_[i]);
        ValueView(p.value, p.size) -= lr_t * m_[i] / (v_[i].sqrt() + Scalar(1e-7));
    }
}

}  // namespace cnn
