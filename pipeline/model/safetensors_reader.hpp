#pragma once
// Reads tensors out of a .safetensors file: an 8-byte little-endian header length, a JSON header
// {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}, then the data.
// Everything from the file is checked before use: the header length, the JSON, each dtype, that
// shape × element size equals the byte range, that ranges lie inside the data and do not overlap.
// Errors are ArtifactError naming the file, the tensor and the field.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace movierec {

struct SafetensorsTensor {
  std::string name;
  std::string dtype;            // "F32", "F16", "BF16", "I64", ...
  std::vector<std::int64_t> shape;
  std::uint64_t begin = 0;      // byte range inside the data section (after the header)
  std::uint64_t end = 0;

  std::uint64_t element_count() const;
};

class SafetensorsReader {
 public:
  // Parses and validates `bytes` (the whole file); `source` names the file in errors.
  SafetensorsReader(std::vector<std::uint8_t> bytes, std::string source);
  static SafetensorsReader open(const std::filesystem::path& path);

  const std::vector<SafetensorsTensor>& tensors() const { return tensors_; }
  bool contains(std::string_view name) const;
  const SafetensorsTensor& tensor(std::string_view name) const;  // throws if absent

  // The tensor's values as float32. F32 is copied; F16 and BF16 are widened exactly. Any other dtype,
  // or a shape different from `expected_shape` (when not empty), is an error.
  std::vector<float> read_f32(std::string_view name, const std::vector<std::int64_t>& expected_shape = {}) const;

  const std::string& source() const { return source_; }

 private:
  std::vector<std::uint8_t> bytes_;
  std::string source_;
  std::size_t data_offset_ = 0;
  std::vector<SafetensorsTensor> tensors_;  // sorted by name
};

}  // namespace movierec
