// Data sets by name: what list_datasets reports, loading from a folder of standard files, and
// Fashion-MNIST from its Debian package when that is installed.
#include "common/datasets.hpp"
#include "idx_bytes.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <string>

using cnn::DataError;
using cnn::test::Bytes;
using cnn::test::gzip;
using cnn::test::idx_images;
using cnn::test::idx_labels;

namespace {

const std::string kRoot = WORKBOOK_SOURCE_DIR;

std::vector<std::uint8_t> labels_of(std::size_t count) {
    std::vector<std::uint8_t> labels(count);
    for (std::size_t i = 0; i < count; ++i) labels[i] = static_cast<std::uint8_t>((3 * i) % 10);
    return labels;
}

// A repository root whose data/mnist-full/ holds small files: 5 training and 3 test images of
// the given size, gzipped or not.
void fill_mnist_full(const std::filesystem::path& root, std::uint32_t size, bool gzipped) {
    const auto dir = root / "data" / "mnist-full";
    std::filesystem::create_directories(dir);
    const std::string gz = gzipped ? ".gz" : "";
    auto put = [&](const std::string& name, const Bytes& raw) {
        cnn::test::write_bytes(dir / (name + gz), gzipped ? gzip(raw) : raw);
    };
    put("train-images-idx3-ubyte", idx_images(5, size, size));
    put("train-labels-idx1-ubyte", idx_labels(labels_of(5)));
    put("t10k-images-idx3-ubyte", idx_images(3, size, size));
    put("t10k-labels-idx1-ubyte", idx_labels(labels_of(3)));
}

}  // namespace

TEST_CASE("DATA list_datasets names the three data sets, mnist first") {
    const std::vector<cnn::DatasetInfo> all = cnn::list_datasets(kRoot);
    REQUIRE(all.size() == 3);

    CHECK(all[0].name == "mnist");
    CHECK(all[0].directory == kRoot + "/data/mnist");
    CHECK(all[0].train_count == 8000);
    CHECK(all[0].test_count == 2000);
    CHECK(all[0].present);

    CHECK(all[1].name == "fashion");
    CHECK(all[1].directory == "/usr/share/datasets/fashion-mnist");
    CHECK(all[1].train_count == 60000);
    CHECK(all[1].test_count == 10000);
    CHECK(all[1].how_to_get == "apt-get install dataset-fashion-mnist");

    CHECK(all[2].name == "mnist-full");
    CHECK(all[2].directory == kRoot + "/data/mnist-full");
    CHECK(all[2].train_count == 60000);
    CHECK(all[2].test_count == 10000);

    // A root given as "repo/." still names the folders plainly.
    CHECK(cnn::list_datasets(kRoot + "/.")[0].directory == kRoot + "/data/mnist");

    for (const cnn::DatasetInfo& info : all) {
        CAPTURE(info.name);
        CHECK_FALSE(info.description.empty());
        CHECK_FALSE(info.how_to_get.empty());
    }
}

TEST_CASE("DATA an unknown data set name lists the known ones") {
    CHECK_THROWS_WITH_AS(cnn::load_dataset("cifar10", kRoot),
                         "unknown data set 'cifar10' (known: mnist, fashion, mnist-full)",
                         DataError);
    CHECK_THROWS_WITH_AS(cnn::dataset_info("MNIST", kRoot),
                         "unknown data set 'MNIST' (known: mnist, fashion, mnist-full)", DataError);
}

TEST_CASE("DATA mnist-full is read from data/mnist-full/, gzipped or not") {
    for (const bool gzipped : {true, false}) {
        CAPTURE(gzipped);
        const cnn::test::TempDir root("full");
        CHECK_FALSE(cnn::dataset_info("mnist-full", root.path().string()).present);
        fill_mnist_full(root.path(), 28, gzipped);
        CHECK(cnn::dataset_info("mnist-full", root.path().string()).present);

        const cnn::Dataset data = cnn::load_dataset("mnist-full", root.path().string());
        CHECK(data.name == "mnist-full");
        CHECK(data.train.images.dimensions() == cnn::Tensor4::Dimensions(5, 1, 28, 28));
        CHECK(data.test.images.dimensions() == cnn::Tensor4::Dimensions(3, 1, 28, 28));
        CHECK(data.train.labels == std::vector<int>{0, 3, 6, 9, 2});
        CHECK(data.test.labels == std::vector<int>{0, 3, 6});
        // Pixel k of the test file is (k * 7) mod 256, scaled to [0,1].
        CHECK(data.test.images(2, 0, 27, 27) ==
              static_cast<float>((3 * 784 - 1) * 7 % 256) / 255.0f);
    }
}

TEST_CASE("DATA a missing file names the file and how to get the data set") {
    const cnn::test::TempDir root("missing");
    fill_mnist_full(root.path(), 28, true);
    const auto gone = root.path() / "data" / "mnist-full" / "t10k-labels-idx1-ubyte.gz";
    std::filesystem::remove(gone);
    CHECK_FALSE(cnn::dataset_info("mnist-full", root.path().string()).present);
    const std::string message = fmt::format(
        "data set mnist-full: {} is missing; put the four original MNIST files into "
        "data/mnist-full/ (see data/README.md)",
        gone.string());
    CHECK_THROWS_WITH_AS(cnn::load_dataset("mnist-full", root.path().string()), message.c_str(),
                         DataError);
}

TEST_CASE("DATA MNIST-type data sets must have 28x28 images") {
    const cnn::test::TempDir root("size");
    fill_mnist_full(root.path(), 8, true);
    const auto file = root.path() / "data" / "mnist-full" / "train-images-idx3-ubyte.gz";
    const std::string message =
        fmt::format("{}: images are 8x8, but data set mnist-full has 28x28 images", file.string());
    CHECK_THROWS_WITH_AS(cnn::load_dataset("mnist-full", root.path().string()), message.c_str(),
                         DataError);
}

TEST_CASE("DATA make_split keeps the size of the header's images") {
    const Bytes images = idx_images(2, 3, 4);
    const Bytes labels = idx_labels({1, 8});
    const cnn::IdxImages parsed = cnn::parse_idx_images(images.data(), images.size(), "a");
    const cnn::IdxLabels tags = cnn::parse_idx_labels(labels.data(), labels.size(), "b");

    cnn::LoadOptions options;
    options.normalize = false;
    const cnn::Split shaped = cnn::make_split(parsed, tags, options);
    CHECK(shaped.images.dimensions() == cnn::Tensor4::Dimensions(2, 1, 3, 4));
    CHECK(shaped.images(1, 0, 2, 3) == static_cast<float>(23 * 7));

    options.flatten = true;
    options.one_hot_label = true;
    const cnn::Split flat = cnn::make_split(parsed, tags, options);
    CHECK(flat.flat_images.rows() == 2);
    CHECK(flat.flat_images.cols() == 12);
    CHECK(flat.flat_images(1, 11) == static_cast<float>(23 * 7));
    CHECK(flat.one_hot_labels.row(1).sum() == 1);
    CHECK(flat.one_hot_labels(1, 8) == 1);
}

TEST_CASE("DATA Fashion-MNIST from the Debian package dataset-fashion-mnist") {
    const cnn::DatasetInfo info = cnn::dataset_info("fashion", kRoot);
    if (!info.present) {
        // Nothing to check without the package; say so instead of passing quietly.
        MESSAGE("skipped: Fashion-MNIST is not installed in "
                << info.directory << " (apt-get install dataset-fashion-mnist)");
        return;
    }
    const cnn::Dataset data = cnn::load_dataset("fashion", kRoot);
    CHECK(data.train.images.dimensions() == cnn::Tensor4::Dimensions(60000, 1, 28, 28));
    CHECK(data.test.images.dimensions() == cnn::Tensor4::Dimensions(10000, 1, 28, 28));

    // Fashion-MNIST is balanced: 6,000 training and 1,000 test images of each class.
    std::array<int, 10> train{}, test{};
    for (const int label : data.train.labels) ++train.at(static_cast<std::size_t>(label));
    for (const int label : data.test.labels) ++test.at(static_cast<std::size_t>(label));
    for (std::size_t c = 0; c < 10; ++c) {
        CAPTURE(c);
        CHECK(train[c] == 6000);
        CHECK(test[c] == 1000);
    }

    const Eigen::Tensor<float, 0, Eigen::RowMajor> low = data.train.images.minimum();
    const Eigen::Tensor<float, 0, Eigen::RowMajor> high = data.train.images.maximum();
    CHECK(low() == 0.0f);
    CHECK(high() == 1.0f);
}
