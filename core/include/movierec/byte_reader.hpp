#pragma once
// Bounds-checked little-endian reading of artifact bytes. Every read names the artifact and field in
// its error, so a truncated or corrupted file says where it went wrong.
#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "movierec/errors.hpp"

namespace movierec {

static_assert(std::endian::native == std::endian::little, "artifacts are little-endian; so are x86 and wasm32");

class ByteReader {
 public:
  ByteReader(std::span<const std::uint8_t> bytes, std::string artifact)
      : bytes_(bytes), artifact_(std::move(artifact)) {}

  template <typename T>
  T read(std::string_view field) {
    static_assert(std::is_arithmetic_v<T>);
    require(sizeof(T), field);
    T value;
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return value;
  }

  // Skips a byte count read from the file (64-bit on the wire, so it is checked before it can be
  // narrowed to a 32-bit size_t on wasm32).
  void skip(std::uint64_t count, std::string_view field) {
    if (count > remaining()) {
      fail("is truncated: " + std::string(field) + " at byte " + std::to_string(offset_) + " needs " +
           std::to_string(count) + " bytes, " + std::to_string(remaining()) + " left");
    }
    offset_ += static_cast<std::size_t>(count);
  }

  std::string_view read_bytes(std::size_t count, std::string_view field) {
    require(count, field);
    std::string_view view(reinterpret_cast<const char*>(bytes_.data() + offset_), count);
    offset_ += count;
    return view;
  }

  // Checks the 8-byte magic and the u32 format version that start every artifact.
  void expect_header(std::string_view magic, std::uint32_t version) {
    if (read_bytes(magic.size(), "magic") != magic) fail("is not a " + artifact_ + " file (wrong magic bytes)");
    const auto found = read<std::uint32_t>("format version");
    if (found != version) {
      fail("has format version " + std::to_string(found) + ", this engine reads version " + std::to_string(version));
    }
  }

  // Guards a count read from the file before it sizes an allocation: each element needs at least
  // min_bytes_each more bytes, so a corrupted count fails here instead of allocating gigabytes.
  void require_elements(std::uint64_t count, std::size_t min_bytes_each, std::string_view field) const {
    if (count > remaining() / (min_bytes_each == 0 ? 1 : min_bytes_each)) {
      fail("is truncated or corrupted: " + std::string(field) + " = " + std::to_string(count) +
           " does not fit in the remaining " + std::to_string(remaining()) + " bytes");
    }
  }

  void expect_end() const {
    if (remaining() != 0) fail("has " + std::to_string(remaining()) + " unexpected trailing bytes");
  }

  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return bytes_.size() - offset_; }

  [[noreturn]] void fail(const std::string& what) const { throw ArtifactError(artifact_ + " " + what); }

 private:
  void require(std::size_t count, std::string_view field) const {
    if (count > remaining()) {
      fail("is truncated: reading " + std::string(field) + " at byte " + std::to_string(offset_) + " needs " +
           std::to_string(count) + " bytes, " + std::to_string(remaining()) + " left");
    }
  }

  std::span<const std::uint8_t> bytes_;
  std::string artifact_;
  std::size_t offset_ = 0;
};

// The writing twin of ByteReader, used by the pipeline and by tests that build artifacts.
class ByteWriter {
 public:
  template <typename T>
  void write(T value) {
    static_assert(std::is_arithmetic_v<T>);
    const auto* p = reinterpret_cast<const std::uint8_t*>(&value);
    bytes_.insert(bytes_.end(), p, p + sizeof(T));
  }
  void write_bytes(std::string_view data) { bytes_.insert(bytes_.end(), data.begin(), data.end()); }
  // A u16 length prefix and the bytes; longer strings are a caller bug the writer refuses.
  void write_short_string(std::string_view text, std::string_view field) {
    if (text.size() > UINT16_MAX) throw Error(std::string(field) + " is longer than 65535 bytes");
    write(static_cast<std::uint16_t>(text.size()));
    write_bytes(text);
  }
  std::vector<std::uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
};

}  // namespace movierec
