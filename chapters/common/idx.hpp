// Reading the IDX files MNIST comes in (provided code, no exercises).
//
// An IDX file is a header of big-endian 32-bit numbers followed by raw bytes:
//   images  0x00000803, count, rows, cols, then count*rows*cols pixels (0 = background, 255 = ink)
//   labels  0x00000801, count, then count labels
// usually gzipped (train-images-idx3-ubyte.gz). Both forms are read: a file that starts with
// the gzip signature is unpacked first.
//
// The parser trusts nothing in the file. A wrong magic number, a header that promises more or
// fewer bytes than the file holds, zero images, a label outside 0-9 or a broken gzip stream is a
// cnn::DataError that names the file and the rule, e.g.
//   t10k-labels-idx1-ubyte.gz: header says 2000 labels but the file holds 1999
#pragma once

#include "common/tensor.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cnn {

/// The pixels of an IDX image file, image after image, each row after row.
struct IdxImages {
    std::string name;  // the file, for messages
    Index count = 0;
    Index rows = 0;  // both sizes come from the header
    Index cols = 0;
    std::vector<std::uint8_t> pixels;  // count * rows * cols bytes
};

/// The labels of an IDX label file, each in 0..9.
struct IdxLabels {
    std::string name;
    std::vector<std::uint8_t> values;
};

/// Parse the bytes of a whole file (gzipped or not) that sit in memory; `name` is only used in
/// error messages. The tests and the fuzzer feed bytes this way.
IdxImages parse_idx_images(const std::uint8_t* bytes, std::size_t size, const std::string& name);
IdxLabels parse_idx_labels(const std::uint8_t* bytes, std::size_t size, const std::string& name);

/// Read and parse a file; messages name it by `path`.
IdxImages read_idx_images(const std::string& path);
IdxLabels read_idx_labels(const std::string& path);

}  // namespace cnn
