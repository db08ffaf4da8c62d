#pragma once
// SHA-256 (and MD5, which GroupLens publishes beside its large archives) as lowercase hex, for the
// manifest and for verifying downloads.
#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace movierec {

std::string sha256_hex(std::span<const std::uint8_t> bytes);
std::array<std::uint8_t, 32> sha256_digest(std::span<const std::uint8_t> bytes);
std::string sha256_hex_of_file(const std::filesystem::path& path);  // streams; throws Error if unreadable
std::string md5_hex_of_file(const std::filesystem::path& path);     // the same, MD5

}  // namespace movierec
