#include "idx_bytes.hpp"

#include <fmt/format.h>

#define ZLIB_CONST
#include <zlib.h>

#include <chrono>
#include <fstream>
#include <stdexcept>

namespace cnn::test {

void append_be32(Bytes& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}

Bytes idx_images(std::uint32_t count, std::uint32_t rows, std::uint32_t cols) {
    Bytes out;
    append_be32(out, 0x00000803);
    append_be32(out, count);
    append_be32(out, rows);
    append_be32(out, cols);
    const std::size_t pixels = std::size_t{count} * rows * cols;
    for (std::size_t k = 0; k < pixels; ++k) out.push_back(static_cast<std::uint8_t>(k * 7));
    return out;
}

Bytes idx_labels(const std::vector<std::uint8_t>& labels) {
    Bytes out;
    append_be32(out, 0x00000801);
    append_be32(out, static_cast<std::uint32_t>(labels.size()));
    out.insert(out.end(), labels.begin(), labels.end());
    return out;
}

Bytes gzip(const Bytes& raw) {
    z_stream z{};
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    Bytes out(deflateBound(&z, static_cast<uLong>(raw.size())));
    z.next_in = raw.data();
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
    return out;
}

void write_bytes(const std::filesystem::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write", path.string()));
}

TempDir::TempDir(const std::string& tag) {
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = std::filesystem::temp_directory_path() / fmt::format("workbook-{}-{}", tag, stamp);
    std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

}  // namespace cnn::test
