#include "common/safetensors.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

namespace cnn {

namespace {

static_assert(sizeof(Scalar) == 4, "safetensors F32 holds 4-byte floats");

std::string shape_text(const std::vector<Index>& shape) { return fmt::format("({})", fmt::join(shape, ",")); }

Index count_of(const std::vector<Index>& shape) {
    Index n = 1;
    for (Index d : shape) n *= d;
    return n;
}

// The format is little-endian; so is every machine this project builds on, but say so in code.
bool little_endian() {
    const std::uint16_t one = 1;
    std::uint8_t first = 0;
    std::memcpy(&first, &one, 1);
    return first == 1;
}

void require_little_endian() {
    if (!little_endian()) throw std::runtime_error("safetensors: this build supports little-endian machines only");
}

}  // namespace

void save_safetensors(const std::string& path, const std::vector<NamedTensor>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    require_little_endian();
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    std::set<std::string> names;
    for (const NamedTensor& t : tensors) {
        if (!names.insert(t.name).second) throw ShapeError(fmt::format("save_safetensors: tensor {} appears twice", t.name));
        if (count_of(t.shape) != static_cast<Index>(t.values.size())) {
            throw ShapeError(fmt::format("save_safetensors: tensor {} has shape {} ({} values) but {} values",
                                         t.name, shape_text(t.shape), count_of(t.shape), t.values.size()));
        }
        const std::uint64_t bytes = t.values.size() * sizeof(Scalar);
        header[t.name] = {{"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');  // the data then starts on an 8-byte boundary

    std::ofstream out(path, std::ios::binary);
    if (!out) throw std::runtime_error(fmt::format("save_safetensors: cannot open {} for writing", path));
    const std::uint64_t length = text.size();
    out.write(reinterpret_cast<const char*>(&length), 8);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    for (const NamedTensor& t : tensors)
        out.write(reinterpret_cast<const char*>(t.values.data()), static_cast<std::streamsize>(t.values.size() * 4));
    if (!out) throw std::runtime_error(fmt::format("save_safetensors: writing {} failed", path));
}

SafetensorsFile load_safetensors(const std::string& path) {
    require_little_endian();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(fmt::format("{}: cannot open the file", path));
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto fail = [&](const std::string& what) { return DataError(fmt::format("{}: {}", path, what)); };

    if (bytes.size() < 8) throw fail(fmt::format("{} bytes is too short for the 8-byte header length", bytes.size()));
    std::uint64_t length = 0;
    std::memcpy(&length, bytes.data(), 8);
    if (length > bytes.size() - 8) {
        throw fail(fmt::format("the header length is {} bytes but only {} follow", length, bytes.size() - 8));
    }
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(length));
    } catch (const nlohmann::json::exception& e) {
        throw fail(fmt::format("the header is not valid JSON ({})", e.what()));
    }
    if (!header.is_object()) throw fail("the header is not a JSON object");

    const std::uint64_t data_size = bytes.size() - 8 - length;
    const char* data = bytes.data() + 8 + length;
    SafetensorsFile file;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (const auto& [name, info] : header.items()) {
        if (name == "__metadata__") {
            if (!info.is_object()) throw fail("__metadata__ is not an object of strings");
            for (const auto& [key, value] : info.items()) {
                if (!value.is_string()) throw fail(fmt::format("__metadata__ entry {} is not a string", key));
                file.metadata[key] = value.get<std::string>();
            }
            continue;
        }
        NamedTensor t;
        t.name = name;
        std::uint64_t begin = 0, end = 0;
        try {
            if (info.at("dtype").get<std::string>() != "F32") {
                throw fail(fmt::format("tensor {} has dtype {}; only F32 is read", name, info.at("dtype").dump()));
            }
            t.shape = info.at("shape").get<std::vector<Index>>();
            const auto offsets = info.at("data_offsets").get<std::vector<std::uint64_t>>();
            if (offsets.size() != 2) throw fail(fmt::format("tensor {}: data_offsets must hold 2 numbers", name));
            begin = offsets[0];
            end = offsets[1];
        } catch (const nlohmann::json::exception& e) {
            throw fail(fmt::format("tensor {}: bad dtype, shape or data_offsets ({})", name, e.what()));
        }
        for (Index d : t.shape)
            if (d < 0) throw fail(fmt::format("tensor {} has a negative dimension in shape {}", name, shape_text(t.shape)));
        const std::uint64_t expected = static_cast<std::uint64_t>(count_of(t.shape)) * 4;
        if (end < begin || end - begin != expected) {
            throw fail(fmt::format("tensor {} has shape {} ({} bytes of F32) but data_offsets [{}, {}] span {} bytes",
                                   name, shape_text(t.shape), expected, begin, end, end < begin ? 0 : end - begin));
        }
        if (end > data_size) {
            throw fail(fmt::format("tensor {} ends at byte {} of the data, but the file holds {} bytes of data "
                                   "(truncated?)", name, end, data_size));
        }
        t.values.resize(static_cast<std::size_t>(count_of(t.shape)));
        if (expected > 0) std::memcpy(t.values.data(), data + begin, expected);  // an empty tensor has no data pointer
        ranges.emplace_back(begin, end);
        file.tensors.push_back(std::move(t));
    }
    // The data must be the tensors back to back, with nothing between or after them.
    std::vector<std::size_t> order(file.tensors.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return ranges[a] < ranges[b]; });
    std::uint64_t at = 0;
    std::vector<NamedTensor> sorted;
    for (std::size_t i : order) {
        if (ranges[i].first != at) {
            throw fail(fmt::format("tensor {} starts at byte {} of the data, but the previous tensor ends at {}",
                                   file.tensors[i].name, ranges[i].first, at));
        }
        at = ranges[i].second;
        sorted.push_back(std::move(file.tensors[i]));
    }
    if (at != data_size) throw fail(fmt::format("{} bytes after the last tensor", data_size - at));
    file.tensors = std::move(sorted);
    return file;
}

const NamedTensor& SafetensorsFile::get(const std::string& name, const std::vector<Index>& shape) const {
    for (const NamedTensor& t : tensors) {
        if (t.name != name) continue;
        if (t.shape != shape) {
            throw DataError(fmt::format("tensor {} has shape {} in the file but the net needs {}", name,
                                        shape_text(t.shape), shape_text(shape)));
        }
        return t;
    }
    throw DataError(fmt::format("the file has no tensor named {}", name));
}

}  // namespace cnn
