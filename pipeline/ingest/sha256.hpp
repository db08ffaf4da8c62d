#pragma once
// SHA-256 as lowercase hex, for the manifest and for verifying downloads.
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace movierec {

std::string sha256_hex(std::span<const std::uint8_t> bytes);
std::string sha256_hex_of_file(const std::filesystem::path& path);  // streams; throws Error if unreadable

}  // namespace movierec
