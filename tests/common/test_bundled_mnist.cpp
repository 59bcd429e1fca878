// The MNIST digits committed in data/mnist/: the counts, the checksums in MANIFEST, the pixel
// values, and known images.
//
// The expected numbers below were computed while the files were made, not by the converter but
// by data/convert/crosscheck.js, a separate implementation of the rules of data/README.md in
// JavaScript that reads the npm package's JSON directly (node crosscheck.js DIGITS_DIR). It
// reproduces the SHA-256 of all four unpacked IDX files in MANIFEST, and printed the sums below.
#include "common/datasets.hpp"
#include "common/idx.hpp"
#include "sha256.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kRoot = WORKBOOK_SOURCE_DIR;
const std::string kDir = kRoot + "/data/mnist";

constexpr std::array<int, 10> kTrainPerDigit = {801, 902, 793, 826, 784, 690, 811, 856, 755, 782};
constexpr std::array<int, 10> kTestPerDigit = {200, 225, 198, 206, 196, 173, 203, 214, 189, 196};
// All pixel bytes of each digit, training and test together: sum of round(v * 255) over every
// value of <digit>.json. It does not depend on the shuffle.
constexpr std::array<long long, 10> kPixelSumPerDigit = {35384557, 17658546, 29302421, 29451611,
                                                         23872061, 21470939, 27693032, 24828004,
                                                         28106735, 24378694};

std::vector<std::uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in, "cannot open " << path);
    return std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in),
                                     std::istreambuf_iterator<char>());
}

std::array<int, 10> per_digit(const std::vector<int>& labels) {
    std::array<int, 10> counts{};
    for (const int label : labels) ++counts.at(static_cast<std::size_t>(label));
    return counts;
}

// The bytes of image i, as the loader gives them with normalize off.
long long byte_sum(const cnn::Tensor4& images, cnn::Index i) {
    long long sum = 0;
    for (cnn::Index h = 0; h < 28; ++h) {
        for (cnn::Index w = 0; w < 28; ++w) sum += static_cast<long long>(images(i, 0, h, w));
    }
    return sum;
}

}  // namespace

TEST_CASE("DATA bundled MNIST has 8,000 / 2,000 images") {
    const cnn::Dataset data = cnn::load_mnist(kRoot);
    CHECK(data.name == "mnist");
    CHECK(data.train.images.dimensions() == cnn::Tensor4::Dimensions(8000, 1, 28, 28));
    CHECK(data.test.images.dimensions() == cnn::Tensor4::Dimensions(2000, 1, 28, 28));
    CHECK(data.train.size() == 8000);
    CHECK(data.test.size() == 2000);
    CHECK(data.train.flat_images.size() == 0);
    CHECK(data.train.one_hot_labels.size() == 0);
}

TEST_CASE("DATA bundled MNIST has the documented count of every digit in each split") {
    const cnn::Dataset data = cnn::load_mnist(kRoot);
    CHECK(per_digit(data.train.labels) == kTrainPerDigit);
    CHECK(per_digit(data.test.labels) == kTestPerDigit);
    // Each digit keeps 80% of its images for training, rounded to the nearest image.
    for (std::size_t d = 0; d < 10; ++d) {
        const double share = 0.8 * (kTrainPerDigit[d] + kTestPerDigit[d]);
        CHECK(std::abs(kTrainPerDigit[d] - share) < 0.5);
    }
    // Shuffled: the labels are not sorted, and the first hundred hold every digit.
    CHECK_FALSE(std::is_sorted(data.train.labels.begin(), data.train.labels.end()));
    CHECK_FALSE(std::is_sorted(data.test.labels.begin(), data.test.labels.end()));
    const std::vector<int> first(data.train.labels.begin(), data.train.labels.begin() + 100);
    for (const int count : per_digit(first)) CHECK(count > 0);
}

TEST_CASE("DATA bundled MNIST files match the SHA-256 sums in MANIFEST") {
    std::ifstream manifest(kDir + "/MANIFEST");
    REQUIRE(manifest);
    std::map<std::string, std::string> sums;    // file -> SHA-256 in MANIFEST
    std::map<int, std::pair<int, int>> digits;  // digit -> (train, test) in MANIFEST
    std::string line;
    while (std::getline(manifest, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string first;
        fields >> first;
        if (first.size() == 64 && line.compare(64, 2, "  ") == 0) {
            sums[line.substr(66)] = first;
        } else if (first == "digit") {
            int digit = -1, train = -1, test = -1;
            fields >> digit >> train >> test;
            digits[digit] = {train, test};
        }
    }

    REQUIRE(sums.size() == 4);
    for (const char* name : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                             "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
        CAPTURE(name);
        REQUIRE(sums.count(name) == 1);
        CHECK(workbook_data::sha256_hex(file_bytes(kDir + "/" + name)) == sums[name]);
    }

    REQUIRE(digits.size() == 10);
    for (int d = 0; d < 10; ++d) {
        CAPTURE(d);
        CHECK(digits[d].first == kTrainPerDigit[static_cast<std::size_t>(d)]);
        CHECK(digits[d].second == kTestPerDigit[static_cast<std::size_t>(d)]);
    }
}

TEST_CASE("DATA bundled MNIST pixels are bytes, scaled to [0,1] by default") {
    cnn::LoadOptions raw;
    raw.normalize = false;
    const cnn::Dataset bytes = cnn::load_mnist(kRoot, raw);
    const cnn::Dataset scaled = cnn::load_mnist(kRoot);

    for (const cnn::Split* split : {&bytes.train, &bytes.test}) {
        const cnn::Tensor4& images = split->images;
        bool whole = true;
        for (cnn::Index i = 0; i < images.size(); ++i) {
            const float v = images.data()[i];
            whole = whole && v >= 0 && v <= 255 && v == static_cast<float>(static_cast<int>(v));
        }
        CHECK(whole);
        const Eigen::Tensor<float, 0, Eigen::RowMajor> low = images.minimum();
        const Eigen::Tensor<float, 0, Eigen::RowMajor> high = images.maximum();
        CHECK(low() == 0);
        CHECK(high() == 255);
    }

    const cnn::Tensor4& unit = scaled.train.images;
    const Eigen::Tensor<float, 0, Eigen::RowMajor> low = unit.minimum();
    const Eigen::Tensor<float, 0, Eigen::RowMajor> high = unit.maximum();
    CHECK(low() == 0.0f);
    CHECK(high() == 1.0f);
    for (cnn::Index i = 0; i < unit.size(); i += 997) {
        CHECK(unit.data()[i] == bytes.train.images.data()[i] / 255.0f);
    }
}

TEST_CASE("DATA bundled MNIST holds every pixel of the source, digit by digit") {
    cnn::LoadOptions raw;
    raw.normalize = false;
    const cnn::Dataset data = cnn::load_mnist(kRoot, raw);
    std::array<long long, 10> sums{};
    for (const cnn::Split* split : {&data.train, &data.test}) {
        for (cnn::Index i = 0; i < split->size(); ++i) {
            sums[static_cast<std::size_t>(split->labels[static_cast<std::size_t>(i)])] +=
                byte_sum(split->images, i);
        }
    }
    CHECK(sums == kPixelSumPerDigit);
}

TEST_CASE("DATA bundled MNIST known images load exactly") {
    cnn::LoadOptions raw;
    raw.normalize = false;
    const cnn::Dataset data = cnn::load_mnist(kRoot, raw);

    // The first training image is image 51 of 7.json: a 7 whose bytes add up to 20674, and
    // whose middle row (row 14) is this.
    CHECK(data.train.labels[0] == 7);
    CHECK(byte_sum(data.train.images, 0) == 20674);
    const std::array<int, 28> row14 = {0, 0,   0,   0,   0,   0,   0, 0, 0, 0, 0, 0, 0, 0,
                                       0, 131, 213, 252, 252, 153, 6, 0, 0, 0, 0, 0, 0, 0};
    for (cnn::Index w = 0; w < 28; ++w) {
        CAPTURE(w);
        CHECK(data.train.images(0, 0, 14, w) ==
              static_cast<float>(row14[static_cast<std::size_t>(w)]));
    }
    // The last training image is image 427 of 7.json, the first test image image 885 of 6.json.
    CHECK(data.train.labels[7999] == 7);
    CHECK(byte_sum(data.train.images, 7999) == 18486);
    CHECK(data.test.labels[0] == 6);
    CHECK(byte_sum(data.test.images, 0) == 21747);

    // Normalized, the same image sums to 20674 / 255.
    const cnn::Dataset scaled = cnn::load_mnist(kRoot);
    double sum = 0;
    for (cnn::Index h = 0; h < 28; ++h) {
        for (cnn::Index w = 0; w < 28; ++w) sum += scaled.train.images(0, 0, h, w);
    }
    CHECK(sum == doctest::Approx(20674.0 / 255.0).epsilon(1e-6));
}

TEST_CASE("DATA bundled MNIST with the book's flatten and one_hot_label options") {
    cnn::LoadOptions options;
    options.flatten = true;
    options.one_hot_label = true;
    const cnn::Dataset flat = cnn::load_mnist(kRoot, options);
    const cnn::Dataset shaped = cnn::load_mnist(kRoot);

    CHECK(flat.train.images.size() == 0);
    REQUIRE(flat.train.flat_images.rows() == 8000);
    REQUIRE(flat.train.flat_images.cols() == 784);
    CHECK(flat.test.flat_images.rows() == 2000);
    // Row i of the flat matrix is image i read row after row.
    for (const cnn::Index i : {cnn::Index{0}, cnn::Index{4321}, cnn::Index{7999}}) {
        for (cnn::Index k = 0; k < 784; k += 13) {
            CHECK(flat.train.flat_images(i, k) == shaped.train.images(i, 0, k / 28, k % 28));
        }
    }

    REQUIRE(flat.train.one_hot_labels.rows() == 8000);
    REQUIRE(flat.train.one_hot_labels.cols() == 10);
    CHECK(flat.train.one_hot_labels.sum() == 8000);
    for (cnn::Index i = 0; i < 8000; i += 111) {
        const int label = flat.train.labels[static_cast<std::size_t>(i)];
        CHECK(flat.train.one_hot_labels(i, label) == 1);
        CHECK(flat.train.one_hot_labels.row(i).sum() == 1);
    }
    CHECK(flat.test.one_hot_labels.rows() == 2000);
}
