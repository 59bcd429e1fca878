#include "network.hpp"

#include <fmt/format.h>

#include <fstream>

#ifdef WORKBOOK_HAVE_TRAINER
#include "common/datasets.hpp"
#include "common/layers.hpp"
#include "common/safetensors.hpp"
#include "trainer.hpp"

#include <fmt/ranges.h>

#include <array>
#endif

namespace site {

namespace {

std::string missing(const std::filesystem::path& demo_dir, const std::string& why) {
    return fmt::format(
        "<h1>학습한 신경망 보기 (trained network)</h1>\n"
        "<p class=\"notice\" id=\"network-missing\">아직 데모를 실행하지 않았습니다 ({}). "
        "<code>./workbook demo</code>로 7장의 SimpleConvNet을 학습시킨 뒤 <code>./workbook docs</code>를 "
        "다시 실행하면, 이 페이지에 1층 필터 (filter)의 학습 전후 모습과, 고른 시험 숫자에 대한 계층별 "
        "특징 맵 (feature map), 점수 (score)와 예측 (prediction)이 나타납니다. (찾은 곳: <code>{}</code>)</p>\n",
        why, demo_dir.string());
}

#ifdef WORKBOOK_HAVE_TRAINER
// Values rounded to 4 significant digits: the page draws them, so more would only weigh.
template <typename T>
std::string values(const T& t) {
    std::string s = "[";
    for (cnn::Index i = 0; i < static_cast<cnn::Index>(t.size()); ++i)
        s += fmt::format(i ? ",{:.4g}" : "{:.4g}", static_cast<double>(t.data()[i]));
    return s + "]";
}

std::string network_data(const std::filesystem::path& demo_dir, const std::filesystem::path& root) {
    const std::string weights = (demo_dir / "simple_convnet.safetensors").string();
    const cnn::SafetensorsFile file = cnn::load_safetensors(weights);
    const auto meta = [&](const std::string& key, const std::string& fallback) {
        const auto it = file.metadata.find(key);
        return it == file.metadata.end() ? fallback : it->second;
    };
    cnn::SimpleConvNetConfig config;
    cnn::SimpleConvNet net(config, cnn::load_weights(weights, config));
    std::string data_name = meta("data", "mnist");
    cnn::Dataset set;
    try {
        set = cnn::load_dataset(data_name, root.string());
    } catch (const std::exception&) {
        data_name = "mnist";  // the metadata holds a display name; the bundled digits are the demo's
        set = cnn::load_dataset(data_name, root.string());
    }
    // The first test image of every label, so that the reader can pick any digit 0..9.
    std::array<cnn::Index, 10> pick{};
    pick.fill(-1);
    for (cnn::Index i = 0; i < set.test.size(); ++i) {
        const int label = set.test.labels[static_cast<std::size_t>(i)];
        if (label >= 0 && label < 10 && pick[static_cast<std::size_t>(label)] < 0) pick[static_cast<std::size_t>(label)] = i;
    }
    std::string digits;
    for (cnn::Index index : pick) {
        if (index < 0) continue;
        const cnn::Tensor4 x = cnn::gather_images(set.test.images, {index}, 0, 1);
        const int label = set.test.labels[static_cast<std::size_t>(index)];
        // The layers of SimpleConvNet::predict, one at a time, keeping every activation.
        const cnn::Tensor4 conv1 = net.conv1.forward(x);
        const cnn::Tensor4 relu1 = net.relu1.forward(conv1);
        const cnn::Tensor4 pool1 = net.pool1.forward(relu1);
        const cnn::Matrix affine1 = net.affine1.forward(cnn::flatten(pool1));
        const cnn::Matrix relu2 = net.relu2.forward(affine1);
        const cnn::Matrix scores = net.affine2.forward(relu2);
        net.last_layer.forward(scores, {label});
        const cnn::Matrix probs = net.last_layer.y();
        cnn::Index predicted = 0;
        scores.row(0).maxCoeff(&predicted);
        digits += fmt::format(
            "{{\"index\":{},\"label\":{},\"predicted\":{},\"image\":{},\"conv1\":{},\"relu1\":{},\"pool1\":{},"
            "\"affine1\":{},\"relu2\":{},\"scores\":{},\"probs\":{}}},\n",
            index, label, predicted, values(x), values(conv1), values(relu1), values(pool1), values(affine1),
            values(relu2), values(scores), values(probs));
    }
    return fmt::format(
        "window.NETWORK_DATA = {{\"data\":\"{}\",\"test_accuracy\":\"{}\",\"epochs\":\"{}\",\"test_images\":{},"
        "\"conv1_shape\":[{},{},{}],\"pool1_shape\":[{},{},{}],\"digits\":[\n{}]}};\n",
        data_name, meta("test_accuracy", "?"), meta("epochs", "?"), set.test.size(), net.conv1.W.dimension(0),
        24, 24, net.conv1.W.dimension(0), 12, 12, digits);
}
#endif

}  // namespace

std::string network_page(const std::filesystem::path& demo_dir, const std::filesystem::path& site_dir,
                         const std::filesystem::path& root) {
    std::filesystem::create_directories(site_dir / "data");
    std::ofstream js(site_dir / "data/network.js");
#ifndef WORKBOOK_HAVE_TRAINER
    (void)root;
    js << "window.NETWORK_DATA = null;\n";
    return missing(demo_dir, "7장이 아직 없습니다");
#else
    const auto weights = demo_dir / "simple_convnet.safetensors";
    if (!std::filesystem::exists(weights)) {
        js << "window.NETWORK_DATA = null;\n";
        return missing(demo_dir, fmt::format("{}이(가) 없습니다", weights.filename().string()));
    }
    js << network_data(demo_dir, root);
    std::string pictures;
    for (const char* name : {"filters_before.png", "filters_after.png"}) {
        if (!std::filesystem::exists(demo_dir / name)) continue;
        std::filesystem::copy_file(demo_dir / name, site_dir / "data" / name,
                                   std::filesystem::copy_options::overwrite_existing);
    }
    if (std::filesystem::exists(site_dir / "data/filters_before.png") && std::filesystem::exists(site_dir / "data/filters_after.png"))
        pictures =
            "<figure class=\"fig\" id=\"fig-filters\"><div class=\"filters\">"
            "<div><p>학습 전 (before)</p><img src=\"{{root}}data/filters_before.png\" alt=\"학습 전 1층 필터 30개\"></div>"
            "<div><p>학습 후 (after)</p><img src=\"{{root}}data/filters_after.png\" alt=\"학습 후 1층 필터 30개\"></div></div>"
            "<figcaption><strong>그림: 1층 필터 (filter) 30개, 학습 전과 후</strong> 5x5 필터 하나가 칸 하나이며 "
            "가장 작은 값이 검정, 가장 큰 값이 흰색입니다. 학습 전에는 무작위 잡음이지만, 학습 후에는 에지 (edge)나 "
            "얼룩 (blob) 같은 규칙이 보입니다. <code>./workbook demo</code>가 그린 그림입니다. "
            "출처: 『밑바닥부터 시작하는 딥러닝』 7.6.1절 그림 7-24.</figcaption></figure>\n";
    return "<h1>학습한 신경망 보기 (trained network)</h1>\n"
           "<p><code>./workbook demo</code>로 학습한 SimpleConvNet입니다. 아래 숫자 가운데 하나를 고르면 각 계층의 "
           "특징 맵 (feature map)과 점수 (score), 예측 (prediction)을 보여 줍니다. 값은 모두 사이트를 만들 때 C++ "
           "모범 답안의 계층 (<code>Convolution</code>, <code>Relu</code>, <code>MaxPooling</code>, "
           "<code>Affine</code>)을 데모의 가중치로 실행해 내보낸 것이고, 이 페이지는 그리기만 합니다.</p>\n" +
           pictures + "<div id=\"network\" class=\"network\"></div>\n";
#endif
}

}  // namespace site
