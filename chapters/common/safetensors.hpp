// Weights in the safetensors format, so that a trained net opens unchanged in Python's
// `safetensors` package or PyTorch (safetensors.torch.load_file) and comes back bit for bit.
//
// The file: 8 bytes, a little-endian unsigned 64-bit header length L; L bytes of UTF-8 JSON,
//   {"conv1.weight": {"dtype": "F32", "shape": [30,1,5,5], "data_offsets": [0, 3000]}, ...,
//    "__metadata__": {"format": "pt", ...}}
// padded with spaces to a multiple of 8; then the tensors' raw bytes (little-endian float32,
// row-major), back to back, each at its [begin, end) offsets counted from the end of the header.
#pragma once

#include "common/tensor.hpp"

#include <map>
#include <string>
#include <vector>

namespace cnn {

/// One tensor by name: its shape and its values, row-major.
struct NamedTensor {
    std::string name;
    std::vector<Index> shape;
    std::vector<Scalar> values;
};

/// Writes the tensors in the given order, with optional string metadata.
/// Throws std::runtime_error naming the file when it cannot be written, and ShapeError when a
/// tensor's value count is not the product of its shape or a name repeats.
void save_safetensors(const std::string& path, const std::vector<NamedTensor>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

/// What a safetensors file holds.
struct SafetensorsFile {
    std::vector<NamedTensor> tensors;  // in the order of their data in the file
    std::map<std::string, std::string> metadata;

    /// The tensor called `name` with exactly the shape `shape`; a DataError names the tensor,
    /// the shape in the file and the shape asked for, or says that no tensor has that name.
    const NamedTensor& get(const std::string& name, const std::vector<Index>& shape) const;
};

/// Reads a file written by save_safetensors or by Python's safetensors (F32 tensors only).
/// A damaged file is a DataError naming the file and what is wrong: a header length beyond the
/// file, JSON that does not parse, a dtype other than F32, offsets that do not match the shape,
/// that overlap or leave gaps, or data that ends early.
SafetensorsFile load_safetensors(const std::string& path);

}  // namespace cnn
