// Data sets by name, loaded the way the book's load_mnist(normalize, flatten, one_hot_label)
// does it (provided code, no exercises).
//
//   mnist       10,000 real MNIST digits bundled in <repo>/data/mnist/ (8,000 train / 2,000 test).
//               The default: it is always there.
//   fashion     Fashion-MNIST from the Debian package dataset-fashion-mnist (60,000 / 10,000),
//               in /usr/share/datasets/fashion-mnist/.
//   mnist-full  the original MNIST files (60,000 / 10,000) put into <repo>/data/mnist-full/;
//               data/README.md says where to get them.
//
// Each is the four standard IDX files train-images-idx3-ubyte, train-labels-idx1-ubyte,
// t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, gzipped (.gz) or not. Every image is 28x28.
//
//   cnn::Dataset data = cnn::load_dataset("mnist", repo_root);
//   data.train.images   // (8000,1,28,28), values in [0,1]
//   data.train.labels   // 8000 ints in 0..9
#pragma once

#include "common/idx.hpp"
#include "common/tensor.hpp"

#include <string>
#include <vector>

namespace cnn {

/// The book's load_mnist options. Unlike the book, flatten is off by default: chapter 7 works
/// on (N,1,28,28) images.
struct LoadOptions {
    bool normalize = true;       // pixels / 255, in [0,1]; false keeps 0..255
    bool flatten = false;        // images as an (N,784) matrix in `flat_images`
    bool one_hot_label = false;  // labels also as an (N,10) matrix in `one_hot_labels`
};

/// The training or the test half of a data set.
struct Split {
    Tensor4 images;           // (N,1,28,28); empty when flatten is on
    Matrix flat_images;       // (N,784) when flatten is on, else empty
    std::vector<int> labels;  // N labels in 0..9, always filled
    Matrix one_hot_labels;    // (N,10) when one_hot_label is on, else empty
    Index size() const { return static_cast<Index>(labels.size()); }
};

struct Dataset {
    std::string name;
    Split train;
    Split test;
};

/// What `./workbook data` shows about a data set.
struct DatasetInfo {
    std::string name;         // what load_dataset takes: "mnist", "fashion" or "mnist-full"
    std::string description;  // one line for people
    std::string directory;    // where the four files are looked for
    Index train_count = 0;    // images in the training file of the standard release
    Index test_count = 0;     // images in the test file of the standard release
    bool present = false;     // all four files are there (gzipped or not)
    std::string how_to_get;   // what to do when they are not
};

/// The three data sets, "mnist" (the default) first.
std::vector<DatasetInfo> list_datasets(const std::string& repo_root);

/// One of them by name; an unknown name is a DataError that lists the known ones.
DatasetInfo dataset_info(const std::string& name, const std::string& repo_root);

/// Loads both halves of a data set. A missing file, a malformed file (see idx.hpp), images that
/// are not 28x28, or images and labels that do not pair up is a DataError.
Dataset load_dataset(const std::string& name, const std::string& repo_root,
                     const LoadOptions& options = {});

/// The bundled digits, like the book's load_mnist().
inline Dataset load_mnist(const std::string& repo_root, const LoadOptions& options = {}) {
    return load_dataset("mnist", repo_root, options);
}

/// Pairs parsed images with their labels and converts them to the options' form. The counts
/// must agree; the image size is taken as it is (load_dataset checks for 28x28 before).
Split make_split(const IdxImages& images, const IdxLabels& labels, const LoadOptions& options = {});

}  // namespace cnn
