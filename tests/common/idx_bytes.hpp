// Builds IDX files in memory for the tests: good ones, and bad ones by editing the good bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace cnn::test {

using Bytes = std::vector<std::uint8_t>;

/// The 4 bytes of `v`, most significant first, appended to `out`.
void append_be32(Bytes& out, std::uint32_t v);

/// An IDX image file: header (0x00000803, count, rows, cols), then pixel k = (k * 7) mod 256.
Bytes idx_images(std::uint32_t count, std::uint32_t rows, std::uint32_t cols);

/// An IDX label file: header (0x00000801, count), then the labels.
Bytes idx_labels(const std::vector<std::uint8_t>& labels);

/// gzip of `raw` (zlib, as gzip writes it).
Bytes gzip(const Bytes& raw);

/// Writes `bytes` to `path`.
void write_bytes(const std::filesystem::path& path, const Bytes& bytes);

/// A fresh empty folder under the system's temporary folder, removed again by the destructor.
class TempDir {
public:
    explicit TempDir(const std::string& tag);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

}  // namespace cnn::test
