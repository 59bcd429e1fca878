// The IDX parser on files built in memory: good ones in both forms, and every kind of bad one,
// each with the message it must give.
#include "common/datasets.hpp"
#include "common/idx.hpp"
#include "idx_bytes.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

using cnn::DataError;
using cnn::test::Bytes;
using cnn::test::gzip;
using cnn::test::idx_images;
using cnn::test::idx_labels;

namespace {

cnn::IdxImages images_from(const Bytes& bytes, const std::string& name) {
    return cnn::parse_idx_images(bytes.data(), bytes.size(), name);
}

cnn::IdxLabels labels_from(const Bytes& bytes, const std::string& name) {
    return cnn::parse_idx_labels(bytes.data(), bytes.size(), name);
}

// Labels 0, 1, ..., 9, 0, 1, ... of the given count.
std::vector<std::uint8_t> cycling_labels(std::size_t count) {
    std::vector<std::uint8_t> labels(count);
    for (std::size_t i = 0; i < count; ++i) labels[i] = static_cast<std::uint8_t>(i % 10);
    return labels;
}

}  // namespace

TEST_CASE("DATA a well-formed IDX image file parses, raw or gzipped") {
    const Bytes raw = idx_images(3, 2, 5);
    for (const Bytes& bytes : {raw, gzip(raw)}) {
        const cnn::IdxImages images = images_from(bytes, "small.idx");
        CHECK(images.name == "small.idx");
        CHECK(images.count == 3);
        CHECK(images.rows == 2);  // the size comes from the header, not from MNIST
        CHECK(images.cols == 5);
        REQUIRE(images.pixels.size() == 30);
        CHECK(images.pixels[0] == 0);
        CHECK(images.pixels[29] == static_cast<std::uint8_t>(29 * 7));
    }
}

TEST_CASE("DATA a well-formed IDX label file parses, raw or gzipped") {
    const Bytes raw = idx_labels({3, 1, 4, 1, 5, 9, 2, 6});
    for (const Bytes& bytes : {raw, gzip(raw)}) {
        const cnn::IdxLabels labels = labels_from(bytes, "small-labels");
        CHECK(labels.values == std::vector<std::uint8_t>{3, 1, 4, 1, 5, 9, 2, 6});
    }
}

TEST_CASE("DATA two gzip members one after the other read as one file") {
    // gzip -c part1 part2 > whole.gz makes such files; gunzip and the loader read them whole.
    const Bytes raw = idx_labels(cycling_labels(40));
    const Bytes head(raw.begin(), raw.begin() + 13);
    const Bytes tail(raw.begin() + 13, raw.end());
    Bytes both = gzip(head);
    const Bytes second = gzip(tail);
    both.insert(both.end(), second.begin(), second.end());
    CHECK(labels_from(both, "two-members.gz").values == cycling_labels(40));
}

TEST_CASE("DATA wrong magic number") {
    // A label file where images are expected, and the other way round.
    CHECK_THROWS_WITH_AS(
        images_from(idx_labels({1, 2}), "train-images-idx3-ubyte"),
        "train-images-idx3-ubyte: magic number is 0x00000801, expected 0x00000803 for IDX images",
        DataError);
    CHECK_THROWS_WITH_AS(labels_from(idx_images(1, 28, 28), "train-labels-idx1-ubyte.gz"),
                         "train-labels-idx1-ubyte.gz: magic number is 0x00000803, expected "
                         "0x00000801 for IDX labels",
                         DataError);
    // A stray byte in the data type: 0x0D would be 32-bit floats, which MNIST never uses.
    Bytes floats = idx_images(1, 2, 2);
    floats[2] = 0x0D;
    CHECK_THROWS_WITH_AS(
        images_from(floats, "floats.idx"),
        "floats.idx: magic number is 0x00000D03, expected 0x00000803 for IDX images", DataError);
}

TEST_CASE("DATA truncated header") {
    const Bytes images = idx_images(2, 28, 28);
    CHECK_THROWS_WITH_AS(
        images_from(Bytes(images.begin(), images.begin() + 10), "t10k-images-idx3-ubyte"),
        "t10k-images-idx3-ubyte: the file holds 10 bytes, too short for the 16-byte header of IDX "
        "images",
        DataError);
    CHECK_THROWS_WITH_AS(
        labels_from(Bytes{0, 0, 8, 1, 0}, "t10k-labels-idx1-ubyte"),
        "t10k-labels-idx1-ubyte: the file holds 5 bytes, too short for the 8-byte header of IDX "
        "labels",
        DataError);
    CHECK_THROWS_WITH_AS(
        images_from(Bytes{}, "empty"),
        "empty: the file holds 0 bytes, too short for the 16-byte header of IDX images", DataError);
    // Inside a gzip stream the same rule holds for the unpacked bytes.
    CHECK_THROWS_WITH_AS(
        labels_from(gzip(Bytes{0, 0, 8, 1}), "labels.gz"),
        "labels.gz: the file holds 4 bytes, too short for the 8-byte header of IDX labels",
        DataError);
}

TEST_CASE("DATA truncated body") {
    const Bytes labels = idx_labels(cycling_labels(2000));
    const Bytes short_labels(labels.begin(), labels.end() - 1);
    CHECK_THROWS_WITH_AS(
        labels_from(gzip(short_labels), "t10k-labels-idx1-ubyte.gz"),
        "t10k-labels-idx1-ubyte.gz: header says 2000 labels but the file holds 1999", DataError);

    const Bytes images = idx_images(2, 28, 28);
    const Bytes short_images(images.begin(), images.end() - 100);
    CHECK_THROWS_WITH_AS(images_from(short_images, "train-images-idx3-ubyte"),
                         "train-images-idx3-ubyte: header says 2 images of 28x28 (1568 bytes) but "
                         "the file holds 1468 bytes",
                         DataError);
}

TEST_CASE("DATA trailing extra bytes") {
    Bytes images = idx_images(2, 28, 28);
    images.push_back(0);
    CHECK_THROWS_WITH_AS(images_from(gzip(images), "train-images-idx3-ubyte.gz"),
                         "train-images-idx3-ubyte.gz: header says 2 images of 28x28 (1568 bytes) "
                         "but the file holds 1569 bytes",
                         DataError);

    Bytes labels = idx_labels({1, 2, 3});
    labels.push_back(4);
    CHECK_THROWS_WITH_AS(labels_from(labels, "labels"),
                         "labels: header says 3 labels but the file holds 4", DataError);
}

TEST_CASE("DATA a header whose sizes overflow 64 bits is refused, not multiplied blindly") {
    Bytes huge = idx_images(1, 1, 1);
    for (int i = 4; i < 16; ++i) huge[static_cast<std::size_t>(i)] = 0xFF;
    CHECK_THROWS_WITH_AS(images_from(huge, "huge"),
                         "huge: header says 4294967295 images of 4294967295x4294967295, more than "
                         "2^64 bytes, but the file holds 1 bytes",
                         DataError);
}

TEST_CASE("DATA images and labels that do not pair up") {
    const cnn::IdxImages images = images_from(idx_images(3, 28, 28), "t10k-images-idx3-ubyte.gz");
    const cnn::IdxLabels labels = labels_from(idx_labels({7, 2}), "t10k-labels-idx1-ubyte.gz");
    CHECK_THROWS_WITH_AS(cnn::make_split(images, labels),
                         "t10k-images-idx3-ubyte.gz holds 3 images but t10k-labels-idx1-ubyte.gz "
                         "holds 2 labels; they must pair up",
                         DataError);
}

TEST_CASE("DATA label 10") {
    CHECK_THROWS_WITH_AS(labels_from(gzip(idx_labels({0, 9, 10, 3})), "train-labels-idx1-ubyte.gz"),
                         "train-labels-idx1-ubyte.gz: label 10 at position 2 is outside 0-9",
                         DataError);
    CHECK_THROWS_WITH_AS(labels_from(idx_labels({255}), "labels"),
                         "labels: label 255 at position 0 is outside 0-9", DataError);
}

TEST_CASE("DATA zero images") {
    CHECK_THROWS_WITH_AS(images_from(idx_images(0, 28, 28), "none.idx"),
                         "none.idx: header says 0 images; a data set needs at least one",
                         DataError);
    CHECK_THROWS_WITH_AS(labels_from(idx_labels({}), "none-labels.idx"),
                         "none-labels.idx: header says 0 labels; a data set needs at least one",
                         DataError);
    CHECK_THROWS_WITH_AS(images_from(idx_images(5, 0, 28), "flat.idx"),
                         "flat.idx: header says images of 0x28 pixels; an image needs at least one "
                         "pixel",
                         DataError);
}

TEST_CASE("DATA a gzip stream that is garbage") {
    // The gzip signature, then bytes that are no gzip header: the third byte, the compression
    // method, is 11 where gzip only knows 8 (deflate).
    Bytes garbage = {0x1f, 0x8b};
    for (int i = 0; i < 200; ++i) garbage.push_back(static_cast<std::uint8_t>(i * 37 + 11));
    CHECK_THROWS_WITH_AS(
        images_from(garbage, "train-images-idx3-ubyte.gz"),
        "train-images-idx3-ubyte.gz: broken gzip stream (unknown compression method)", DataError);

    // A valid stream whose trailer (CRC-32, then the length) was damaged.
    const Bytes packed = gzip(idx_images(4, 28, 28));
    Bytes bad_crc = packed;
    bad_crc[bad_crc.size() - 6] ^= 0x55;
    CHECK_THROWS_WITH_AS(images_from(bad_crc, "crc.gz"),
                         "crc.gz: broken gzip stream (incorrect data check)", DataError);
    Bytes bad_length = packed;
    bad_length[bad_length.size() - 1] ^= 0x01;
    CHECK_THROWS_WITH_AS(images_from(bad_length, "length.gz"),
                         "length.gz: broken gzip stream (incorrect length check)", DataError);

    // Damage inside the compressed data is caught one way or another, always as a DataError.
    for (std::size_t at = 10; at + 8 < packed.size(); at += 7) {
        Bytes damaged = packed;
        damaged[at] ^= 0xA5;
        CAPTURE(at);
        CHECK_THROWS_AS(images_from(damaged, "damaged.gz"), DataError);
    }
}

TEST_CASE("DATA a gzip stream cut short or followed by stray bytes") {
    const Bytes packed = gzip(idx_images(4, 28, 28));
    const Bytes cut(packed.begin(), packed.end() - 20);
    const std::string cut_message =
        fmt::format("cut.gz: the gzip stream is cut short ({} bytes)", cut.size());
    CHECK_THROWS_WITH_AS(images_from(cut, "cut.gz"), cut_message.c_str(), DataError);
    // Only the 8-byte trailer (CRC-32 and length) missing.
    const Bytes no_trailer(packed.begin(), packed.end() - 8);
    CHECK_THROWS_WITH_AS(images_from(no_trailer, "no-trailer.gz"),
                         doctest::Contains("no-trailer.gz: the gzip stream is cut short"),
                         DataError);

    Bytes stray = packed;
    stray.insert(stray.end(), {0, 0, 0});
    CHECK_THROWS_WITH_AS(images_from(stray, "stray.gz"),
                         "stray.gz: 3 stray bytes after the end of the gzip stream", DataError);
}

TEST_CASE("DATA a file that is not there") {
    CHECK_THROWS_WITH_AS(cnn::read_idx_images("/nonexistent/train-images-idx3-ubyte.gz"),
                         "/nonexistent/train-images-idx3-ubyte.gz: no such file", DataError);
}

TEST_CASE("DATA files on disk read like bytes in memory") {
    const cnn::test::TempDir dir("idx");
    const auto images_path = dir.path() / "images.gz";
    const auto labels_path = dir.path() / "labels";
    cnn::test::write_bytes(images_path, gzip(idx_images(2, 3, 4)));
    cnn::test::write_bytes(labels_path, idx_labels({5, 6}));

    const cnn::IdxImages images = cnn::read_idx_images(images_path.string());
    CHECK(images.name == images_path.string());
    CHECK(images.count == 2);
    CHECK(images.pixels.size() == 24);
    CHECK(cnn::read_idx_labels(labels_path.string()).values == std::vector<std::uint8_t>{5, 6});

    // The name in a message is the path the file was read from.
    cnn::test::write_bytes(labels_path, idx_labels({5, 60}));
    const std::string message =
        fmt::format("{}: label 60 at position 1 is outside 0-9", labels_path.string());
    CHECK_THROWS_WITH_AS(cnn::read_idx_labels(labels_path.string()), message.c_str(), DataError);
}
