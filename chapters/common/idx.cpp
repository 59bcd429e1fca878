#include "common/idx.hpp"

#include <fmt/format.h>

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

namespace cnn {

namespace {

using Bytes = std::vector<std::uint8_t>;

// Far more than any data set of the workbook (MNIST's training images are 47 MB unpacked), and
// a limit all the same: a small hostile file must not unpack into all the memory there is.
constexpr std::size_t kMaxUnpacked = std::size_t{1} << 30;
// zlib counts bytes in 32-bit unsigned ints; hand it at most this much at a time.
constexpr std::size_t kZlibPiece = std::size_t{1} << 30;

bool starts_like_gzip(const std::uint8_t* bytes, std::size_t size) {
    return size >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

// Owns a zlib inflate stream that reads gzip, and frees it however we leave.
struct GzipStream {
    z_stream z{};
    explicit GzipStream(const std::string& name) {
        if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
            throw DataError(fmt::format("{}: zlib could not start unpacking", name));
        }
    }
    ~GzipStream() { inflateEnd(&z); }
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;
};

Bytes gunzip(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    GzipStream stream(name);
    z_stream& z = stream.z;
    // MNIST packs about 4:1; start there and double as needed.
    const std::size_t guess = size < kMaxUnpacked / 4 ? 4 * size : kMaxUnpacked;
    Bytes out(std::max<std::size_t>(std::size_t{1} << 16, guess));
    std::size_t fed = 0;       // input bytes handed to zlib so far
    std::size_t produced = 0;  // output bytes written so far
    for (;;) {
        if (z.avail_in == 0 && fed < size) {
            const std::size_t piece = std::min(size - fed, kZlibPiece);
            z.next_in = bytes + fed;
            z.avail_in = static_cast<uInt>(piece);
            fed += piece;
        }
        if (produced == out.size()) {
            if (out.size() == kMaxUnpacked) {
                throw DataError(fmt::format(
                    "{}: unpacks to more than {} MiB, more than any data set of the workbook", name,
                    kMaxUnpacked >> 20));
            }
            out.resize(std::min(kMaxUnpacked, 2 * out.size()));
        }
        const std::size_t room = std::min(out.size() - produced, kZlibPiece);
        z.next_out = out.data() + produced;
        z.avail_out = static_cast<uInt>(room);
        const int rc = inflate(&z, Z_NO_FLUSH);
        produced += room - z.avail_out;

        if (rc == Z_OK) continue;
        if (rc == Z_STREAM_END) {
            const std::size_t left = z.avail_in + (size - fed);
            if (left == 0) break;
            // gzip allows several members one after another (cat a.gz b.gz > c.gz); anything
            // else after the end of the stream is an error, not something to skip.
            if (!starts_like_gzip(bytes + (size - left), left)) {
                throw DataError(
                    fmt::format("{}: {} stray bytes after the end of the gzip stream", name, left));
            }
            inflateReset(&z);
            continue;
        }
        if (rc == Z_BUF_ERROR && z.avail_in == 0 && fed == size) {
            throw DataError(fmt::format("{}: the gzip stream is cut short ({} bytes)", name, size));
        }
        throw DataError(fmt::format("{}: broken gzip stream ({})", name,
                                    z.msg != nullptr ? z.msg : zError(rc)));
    }
    out.resize(produced);
    return out;
}

// The file's bytes as IDX: unpacked into `storage_` when they are gzipped, else used in place.
// Neither copied nor moved, so that `data()` always points into the right buffer.
class Plain {
public:
    Plain(const std::uint8_t* bytes, std::size_t size, const std::string& name)
        : data_(bytes), size_(size) {
        if (starts_like_gzip(bytes, size)) {
            storage_ = gunzip(bytes, size, name);
            data_ = storage_.data();
            size_ = storage_.size();
        }
    }
    Plain(const Plain&) = delete;
    Plain& operator=(const Plain&) = delete;

    const std::uint8_t* data() const { return data_; }
    std::size_t size() const { return size_; }

private:
    Bytes storage_;
    const std::uint8_t* data_;
    std::size_t size_;
};

std::uint32_t big_endian32(const std::uint8_t* p) {
    return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 |
           std::uint32_t{p[3]};
}

// Checks the magic number, then that the whole header of `header_size` bytes is there. The magic
// number goes first: a label file given as images is reported as such, not as a short header.
void check_header(const Plain& file, std::size_t header_size, std::uint32_t magic, const char* kind,
                  const std::string& name) {
    if (file.size() >= 4) {
        const std::uint32_t found = big_endian32(file.data());
        if (found != magic) {
            throw DataError(
                fmt::format("{}: magic number is 0x{:08X}, expected 0x{:08X} for IDX {}", name,
                            found, magic, kind));
        }
    }
    if (file.size() < header_size) {
        throw DataError(
            fmt::format("{}: the file holds {} bytes, too short for the {}-byte header of IDX {}",
                        name, file.size(), header_size, kind));
    }
}

Bytes read_bytes(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw DataError(fmt::format("{}: no such file", path));
    }
    std::ifstream in(path, std::ios::binary);
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    in.seekg(0, std::ios::beg);
    if (!in || size < 0) throw DataError(fmt::format("{}: cannot read the file", path));
    Bytes bytes(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size));
    if (!in) throw DataError(fmt::format("{}: cannot read the file", path));
    return bytes;
}

}  // namespace

IdxImages parse_idx_images(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    const Plain file(bytes, size, name);
    check_header(file, 16, 0x00000803, "images", name);
    const std::uint32_t count = big_endian32(file.data() + 4);
    const std::uint32_t rows = big_endian32(file.data() + 8);
    const std::uint32_t cols = big_endian32(file.data() + 12);
    if (count == 0) {
        throw DataError(
            fmt::format("{}: header says 0 images; a data set needs at least one", name));
    }
    if (rows == 0 || cols == 0) {
        throw DataError(
            fmt::format("{}: header says images of {}x{} pixels; an image needs at least one pixel",
                        name, rows, cols));
    }

    // rows * cols fits in 64 bits (both are below 2^32); times count it may not.
    const std::uint64_t per_image = std::uint64_t{rows} * cols;
    const std::size_t body = file.size() - 16;
    if (count > std::numeric_limits<std::uint64_t>::max() / per_image) {
        throw DataError(fmt::format(
            "{}: header says {} images of {}x{}, more than 2^64 bytes, but the file holds {} bytes",
            name, count, rows, cols, body));
    }
    const std::uint64_t expected = count * per_image;
    if (body != expected) {
        throw DataError(
            fmt::format("{}: header says {} images of {}x{} ({} bytes) but the file holds {} bytes",
                        name, count, rows, cols, expected, body));
    }

    IdxImages images;
    images.name = name;
    images.count = static_cast<Index>(count);
    images.rows = static_cast<Index>(rows);
    images.cols = static_cast<Index>(cols);
    images.pixels.assign(file.data() + 16, file.data() + file.size());
    return images;
}

IdxLabels parse_idx_labels(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
    const Plain file(bytes, size, name);
    check_header(file, 8, 0x00000801, "labels", name);
    const std::uint32_t count = big_endian32(file.data() + 4);
    if (count == 0) {
        throw DataError(
            fmt::format("{}: header says 0 labels; a data set needs at least one", name));
    }
    const std::size_t body = file.size() - 8;
    if (body != count) {
        throw DataError(
            fmt::format("{}: header says {} labels but the file holds {}", name, count, body));
    }

    IdxLabels labels;
    labels.name = name;
    labels.values.assign(file.data() + 8, file.data() + file.size());
    for (std::size_t i = 0; i < labels.values.size(); ++i) {
        if (labels.values[i] > 9) {
            throw DataError(fmt::format("{}: label {} at position {} is outside 0-9", name,
                                        labels.values[i], i));
        }
    }
    return labels;
}

IdxImages read_idx_images(const std::string& path) {
    const Bytes bytes = read_bytes(path);
    return parse_idx_images(bytes.data(), bytes.size(), path);
}

IdxLabels read_idx_labels(const std::string& path) {
    const Bytes bytes = read_bytes(path);
    return parse_idx_labels(bytes.data(), bytes.size(), path);
}

}  // namespace cnn
