#include "common/datasets.hpp"

#include <fmt/format.h>

#include <array>
#include <filesystem>

namespace cnn {

namespace {

namespace fs = std::filesystem;

constexpr std::array<const char*, 4> kFiles = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                               "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

DatasetInfo describe(const std::string& name, const std::string& repo_root) {
    DatasetInfo info;
    info.name = name;
    if (name == "mnist") {
        info.description = "MNIST digits bundled with the workbook (10,000 of the originals)";
        info.directory = (fs::path(repo_root) / "data" / "mnist").lexically_normal().string();
        info.train_count = 8000;
        info.test_count = 2000;
        info.how_to_get = "they come with the workbook; restore data/mnist/ with git checkout";
    } else if (name == "fashion") {
        info.description = "Fashion-MNIST: clothes and shoes in 10 classes (Zalando Research)";
        info.directory = "/usr/share/datasets/fashion-mnist";
        info.train_count = 60000;
        info.test_count = 10000;
        info.how_to_get = "apt-get install dataset-fashion-mnist";
    } else if (name == "mnist-full") {
        info.description = "the complete original MNIST digits";
        info.directory = (fs::path(repo_root) / "data" / "mnist-full").lexically_normal().string();
        info.train_count = 60000;
        info.test_count = 10000;
        info.how_to_get =
            "put the four original MNIST files into data/mnist-full/ (see data/README.md)";
    } else {
        throw DataError(
            fmt::format("unknown data set '{}' (known: mnist, fashion, mnist-full)", name));
    }
    return info;
}

// The gzipped file if it is there, else the plain one, else an empty string.
std::string find_file(const std::string& directory, const char* stem) {
    std::error_code error;
    for (const char* suffix : {".gz", ""}) {
        const fs::path path = fs::path(directory) / (std::string(stem) + suffix);
        if (fs::is_regular_file(path, error)) return path.string();
    }
    return {};
}

IdxImages read_28x28(const std::string& path, const std::string& dataset) {
    IdxImages images = read_idx_images(path);
    if (images.rows != 28 || images.cols != 28) {
        throw DataError(fmt::format("{}: images are {}x{}, but data set {} has 28x28 images", path,
                                    images.rows, images.cols, dataset));
    }
    return images;
}

}  // namespace

std::vector<DatasetInfo> list_datasets(const std::string& repo_root) {
    std::vector<DatasetInfo> all;
    for (const char* name : {"mnist", "fashion", "mnist-full"}) {
        all.push_back(dataset_info(name, repo_root));
    }
    return all;
}

DatasetInfo dataset_info(const std::string& name, const std::string& repo_root) {
    DatasetInfo info = describe(name, repo_root);
    info.present = true;
    for (const char* stem : kFiles) {
        if (find_file(info.directory, stem).empty()) info.present = false;
    }
    return info;
}

Dataset load_dataset(const std::string& name, const std::string& repo_root,
                     const LoadOptions& options) {
    const DatasetInfo info = describe(name, repo_root);
    std::array<std::string, 4> paths;
    for (std::size_t i = 0; i < kFiles.size(); ++i) {
        paths[i] = find_file(info.directory, kFiles[i]);
        if (paths[i].empty()) {
            throw DataError(fmt::format("data set {}: {}/{}.gz is missing; {}", name,
                                        info.directory, kFiles[i], info.how_to_get));
        }
    }

    Dataset data;
    data.name = name;
    data.train = make_split(read_28x28(paths[0], name), read_idx_labels(paths[1]), options);
    data.test = make_split(read_28x28(paths[2], name), read_idx_labels(paths[3]), options);
    return data;
}

Split make_split(const IdxImages& images, const IdxLabels& labels, const LoadOptions& options) {
    const auto n = static_cast<Index>(labels.values.size());
    if (images.count != n) {
        throw DataError(fmt::format("{} holds {} images but {} holds {} labels; they must pair up",
                                    images.name, images.count, labels.name, n));
    }
    const Index pixels = images.rows * images.cols;
    if (static_cast<Index>(images.pixels.size()) != n * pixels) {
        throw DataError(fmt::format("{}: {} pixels do not make {} images of {}x{}", images.name,
                                    images.pixels.size(), n, images.rows, images.cols));
    }

    Split split;
    Scalar* out = nullptr;
    if (options.flatten) {
        split.flat_images.resize(n, pixels);
        out = split.flat_images.data();
    } else {
        split.images.resize(n, 1, images.rows, images.cols);
        out = split.images.data();
    }
    // Division, not multiplication by 1/255: the same floats as NumPy's x / 255.0 in the book.
    const Scalar scale = options.normalize ? Scalar{255} : Scalar{1};
    for (std::size_t i = 0; i < images.pixels.size(); ++i) {
        out[i] = static_cast<Scalar>(images.pixels[i]) / scale;
    }

    split.labels.assign(labels.values.begin(), labels.values.end());
    for (std::size_t i = 0; i < split.labels.size(); ++i) {
        if (split.labels[i] > 9) {
            throw DataError(fmt::format("{}: label {} at position {} is outside 0-9", labels.name,
                                        split.labels[i], i));
        }
    }
    if (options.one_hot_label) {
        split.one_hot_labels = Matrix::Zero(n, 10);
        for (Index i = 0; i < n; ++i) {
            split.one_hot_labels(i, split.labels[static_cast<std::size_t>(i)]) = 1;
        }
    }
    return split;
}

}  // namespace cnn
