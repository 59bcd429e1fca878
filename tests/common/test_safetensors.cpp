// safetensors files: the bytes of a small file written out by hand from the format's definition,
// a bit-exact round trip (signed zeros, subnormals, infinities, NaN payloads included), and a
// clear DataError for every kind of damage.
#include "common/safetensors.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>

using cnn::DataError;
using cnn::NamedTensor;

namespace {

std::string temp_path(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("workbook-test-" + name)).string();
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string u64_le(std::uint64_t v) {
    std::string s(8, '\0');
    for (int i = 0; i < 8; ++i) s[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    return s;
}

std::string f32_le(float f) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &f, 4);
    std::string s(4, '\0');
    for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((bits >> (8 * i)) & 0xff);
    return s;
}

/// A file built by hand: header JSON padded to a multiple of 8, then the data.
std::string file_of(std::string header, const std::string& data) {
    header.append((8 - header.size() % 8) % 8, ' ');
    return u64_le(header.size()) + header + data;
}

std::uint32_t bits_of(float f) {
    std::uint32_t b = 0;
    std::memcpy(&b, &f, 4);
    return b;
}

}  // namespace

TEST_CASE("safetensors: the bytes of a small file, as the format defines them") {
    const std::string path = temp_path("small.safetensors");
    cnn::save_safetensors(path, {{"b", {2}, {1.5f, -2.0f}}, {"w", {1, 2}, {0.25f, 3.0f}}}, {{"format", "pt"}});
    const std::string header =
        R"({"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
        R"("w":{"dtype":"F32","shape":[1,2],"data_offsets":[8,16]}})";
    const std::string expected = file_of(header, f32_le(1.5f) + f32_le(-2.0f) + f32_le(0.25f) + f32_le(3.0f));
    CHECK(read_all(path) == expected);
    CHECK((read_all(path).size() - 16) % 8 == 0);  // the data starts on an 8-byte boundary

    SUBCASE("and a hand-built file with the keys in another order loads") {
        const std::string other =
            R"({"w":{"data_offsets":[8,16],"shape":[1,2],"dtype":"F32"},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        write_all(path, file_of(other, f32_le(1.5f) + f32_le(-2.0f) + f32_le(0.25f) + f32_le(3.0f)));
        const cnn::SafetensorsFile f = cnn::load_safetensors(path);
        CHECK(f.get("w", {1, 2}).values == std::vector<float>{0.25f, 3.0f});
        CHECK(f.get("b", {2}).values == std::vector<float>{1.5f, -2.0f});
        CHECK(f.metadata.empty());
    }
}

TEST_CASE("safetensors: a round trip is bit-exact") {
    const float nan_payload = [] {
        const std::uint32_t bits = 0x7fc01234u;
        float f;
        std::memcpy(&f, &bits, 4);
        return f;
    }();
    const std::vector<NamedTensor> tensors{
        {"conv1.weight", {2, 1, 2, 2}, {0.1f, -0.0f, 1e-40f, std::numeric_limits<float>::infinity(), nan_payload,
                                        std::numeric_limits<float>::max(), -std::numeric_limits<float>::min(), 3.0f}},
        {"conv1.bias", {2}, {0.0f, -1.0f}},
        {"empty", {0, 3}, {}}};
    const std::string path = temp_path("roundtrip.safetensors");
    cnn::save_safetensors(path, tensors, {{"epochs", "20"}});
    const cnn::SafetensorsFile f = cnn::load_safetensors(path);
    REQUIRE(f.tensors.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(tensors[i].name);
        CHECK(f.tensors[i].name == tensors[i].name);
        CHECK(f.tensors[i].shape == tensors[i].shape);
        REQUIRE(f.tensors[i].values.size() == tensors[i].values.size());
        for (std::size_t k = 0; k < tensors[i].values.size(); ++k)
            CHECK(bits_of(f.tensors[i].values[k]) == bits_of(tensors[i].values[k]));
    }
    CHECK(f.metadata.at("epochs") == "20");
}

TEST_CASE("safetensors: a mismatched or damaged file is a DataError naming the tensor and the shapes") {
    const std::string path = temp_path("damaged.safetensors");
    const std::string data = f32_le(1) + f32_le(2) + f32_le(3) + f32_le(4);
    const std::string good = R"({"affine1.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";

    SUBCASE("a tensor of another shape than the net needs") {
        write_all(path, file_of(good, data));
        const cnn::SafetensorsFile f = cnn::load_safetensors(path);
        CHECK_THROWS_WITH_AS(f.get("affine1.weight", {4320, 100}),
                             "tensor affine1.weight has shape (2,2) in the file but the net needs (4320,100)", DataError);
        CHECK_THROWS_WITH_AS(f.get("conv1.weight", {30, 1, 5, 5}), "the file has no tensor named conv1.weight",
                             DataError);
    }
    SUBCASE("data cut short") {
        write_all(path, file_of(good, data.substr(0, 12)));
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(path), doctest::Contains("tensor affine1.weight ends at byte 16"),
                             DataError);
    }
    SUBCASE("a header length beyond the file") {
        write_all(path, u64_le(1000) + "{}");
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(path),
                             doctest::Contains("the header length is 1000 bytes but only 2 follow"), DataError);
    }
    SUBCASE("fewer than 8 bytes") {
        write_all(path, "abc");
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(path), doctest::Contains("too short"), DataError);
    }
    SUBCASE("a header that is not JSON") {
        write_all(path, file_of(R"({"affine1.weight":{"dtype")", data));
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(path), doctest::Contains("not valid JSON"), DataError);
    }
    SUBCASE("offsets that do not match the shape") {
        write_all(path, file_of(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}})", data));
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(path),
                             doctest::Contains("tensor a has shape (3) (12 bytes of F32) but data_offsets [0, 16] span 16"),
                             DataError);
    }
    SUBCASE("a gap between tensors") {
        write_all(path, file_of(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", data));
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(path),
                             doctest::Contains("tensor b starts at byte 8 of the data, but the previous tensor ends at 4"),
                             DataError);
    }
    SUBCASE("another dtype") {
        write_all(path, file_of(R"({"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}})", data));
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(path), doctest::Contains("tensor a has dtype \"F64\""), DataError);
    }
    SUBCASE("no file") {
        CHECK_THROWS_WITH_AS(cnn::load_safetensors(temp_path("missing.safetensors")),
                             doctest::Contains("cannot open the file"), DataError);
    }
    SUBCASE("values that do not fill the shape are refused when saving") {
        CHECK_THROWS_WITH_AS(cnn::save_safetensors(path, {{"a", {2, 2}, {1, 2, 3}}}),
                             "save_safetensors: tensor a has shape (2,2) (4 values) but 3 values", cnn::ShapeError);
    }
}
