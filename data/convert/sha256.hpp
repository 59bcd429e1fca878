// SHA-256 (FIPS 180-4) of a byte buffer, as lowercase hex like `sha256sum` prints it.
// The converter writes these into data/mnist/MANIFEST and the tests check the committed files
// against them, without any library beyond the standard one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace workbook_data {

std::string sha256_hex(const std::uint8_t* data, std::size_t size);

inline std::string sha256_hex(const std::vector<std::uint8_t>& bytes) {
    return sha256_hex(bytes.data(), bytes.size());
}

}  // namespace workbook_data
