#include "model/safetensors_reader.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

using nlohmann::json;

// Headers of real models are kilobytes; the cap stops a corrupted length from driving a huge parse.
constexpr std::uint64_t kMaxHeaderBytes = 100u << 20;

std::size_t dtype_bytes(std::string_view dtype) {
  if (dtype == "F64" || dtype == "I64" || dtype == "U64") return 8;
  if (dtype == "F32" || dtype == "I32" || dtype == "U32") return 4;
  if (dtype == "F16" || dtype == "BF16" || dtype == "I16" || dtype == "U16") return 2;
  if (dtype == "I8" || dtype == "U8" || dtype == "BOOL" || dtype == "F8_E4M3" || dtype == "F8_E5M2") return 1;
  return 0;
}

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  std::uint32_t exponent = (h >> 10) & 0x1Fu;
  std::uint32_t mantissa = h & 0x3FFu;
  std::uint32_t bits;
  if (exponent == 0x1F) {
    bits = sign | 0x7F800000u | (mantissa << 13);  // inf / nan
  } else if (exponent != 0) {
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    bits = sign;
  } else {
    // Subnormal half: renormalise into a normal float.
    exponent = 113;
    while ((mantissa & 0x400u) == 0) {
      mantissa <<= 1;
      --exponent;
    }
    bits = sign | (exponent << 23) | ((mantissa & 0x3FFu) << 13);
  }
  return std::bit_cast<float>(bits);
}

}  // namespace

std::uint64_t SafetensorsTensor::element_count() const {
  std::uint64_t count = 1;
  for (const auto dim : shape) count *= static_cast<std::uint64_t>(dim);
  return count;
}

SafetensorsReader::SafetensorsReader(std::vector<std::uint8_t> bytes, std::string source)
    : bytes_(std::move(bytes)), source_(std::move(source)) {
  auto fail = [&](const std::string& what) { throw ArtifactError(source_ + ": " + what); };
  if (bytes_.size() < 8) {
    fail("is truncated: " + std::to_string(bytes_.size()) + " bytes, a safetensors file starts with an 8-byte header length");
  }
  std::uint64_t header_length = 0;
  for (int i = 7; i >= 0; --i) header_length = (header_length << 8) | bytes_[static_cast<std::size_t>(i)];
  if (header_length < 2 || header_length > kMaxHeaderBytes || header_length > bytes_.size() - 8) {
    fail("header length " + std::to_string(header_length) + " is invalid for a file of " +
         std::to_string(bytes_.size()) + " bytes");
  }
  data_offset_ = 8 + static_cast<std::size_t>(header_length);
  const std::uint64_t data_size = bytes_.size() - data_offset_;

  json header;
  try {
    header = json::parse(bytes_.begin() + 8, bytes_.begin() + static_cast<std::ptrdiff_t>(data_offset_));
  } catch (const json::exception& e) {
    fail(std::string("header is not valid JSON: ") + e.what());
  }
  if (!header.is_object()) fail("header is not a JSON object");

  for (const auto& [name, entry] : header.items()) {
    if (name == "__metadata__") continue;
    const std::string where = "tensor \"" + name + "\": ";
    if (!entry.is_object()) fail(where + "entry is not a JSON object");
    SafetensorsTensor t;
    t.name = name;

    const auto dtype = entry.find("dtype");
    if (dtype == entry.end() || !dtype->is_string()) fail(where + "field \"dtype\" is missing or not a string");
    t.dtype = dtype->get<std::string>();
    const std::size_t element_bytes = dtype_bytes(t.dtype);
    if (element_bytes == 0) fail(where + "field \"dtype\" has unknown value \"" + t.dtype + "\"");

    const auto shape = entry.find("shape");
    if (shape == entry.end() || !shape->is_array()) fail(where + "field \"shape\" is missing or not an array");
    std::uint64_t byte_count = element_bytes;
    for (const auto& dim : *shape) {
      if (!dim.is_number_unsigned()) fail(where + "field \"shape\" has a non-integer or negative dimension " + dim.dump());
      const std::uint64_t d = dim.get<std::uint64_t>();
      // Every byte must exist in the file, so any product beyond the data size is already wrong;
      // checking per step also rules out overflow.
      if (d != 0 && byte_count > data_size / d) {
        fail(where + "field \"shape\" " + shape->dump() + " needs more bytes than the data section holds (" +
             std::to_string(data_size) + " bytes)");
      }
      byte_count *= d;
      t.shape.push_back(static_cast<std::int64_t>(d));
    }

    const auto offsets = entry.find("data_offsets");
    if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
        !(*offsets)[1].is_number_unsigned()) {
      fail(where + "field \"data_offsets\" must be two non-negative integers [begin, end]");
    }
    t.begin = (*offsets)[0].get<std::uint64_t>();
    t.end = (*offsets)[1].get<std::uint64_t>();
    if (t.begin > t.end || t.end > data_size) {
      fail(where + "field \"data_offsets\" [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
           "] is outside the data section of " + std::to_string(data_size) + " bytes");
    }
    if (t.end - t.begin != byte_count) {
      fail(where + "field \"data_offsets\" spans " + std::to_string(t.end - t.begin) + " bytes but dtype " + t.dtype +
           " with shape " + shape_text(t.shape) + " needs " + std::to_string(byte_count));
    }
    tensors_.push_back(std::move(t));
  }

  // Overlapping ranges would let one tensor silently alias another.
  std::vector<const SafetensorsTensor*> by_offset;
  for (const auto& t : tensors_) {
    if (t.end > t.begin) by_offset.push_back(&t);
  }
  std::sort(by_offset.begin(), by_offset.end(),
            [](const SafetensorsTensor* a, const SafetensorsTensor* b) { return a->begin < b->begin; });
  for (std::size_t i = 1; i < by_offset.size(); ++i) {
    if (by_offset[i]->begin < by_offset[i - 1]->end) {
      fail("tensor \"" + by_offset[i]->name + "\": field \"data_offsets\" overlaps tensor \"" + by_offset[i - 1]->name +
           "\" (bytes " + std::to_string(by_offset[i]->begin) + " < " + std::to_string(by_offset[i - 1]->end) + ")");
    }
  }
  std::sort(tensors_.begin(), tensors_.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
}

SafetensorsReader SafetensorsReader::open(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw ArtifactError(path.string() + ": cannot open file");
  const std::streamoff size = in.tellg();
  if (size < 0) throw ArtifactError(path.string() + ": cannot determine the file size");
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) throw ArtifactError(path.string() + ": read failed");
  return SafetensorsReader(std::move(bytes), path.string());
}

bool SafetensorsReader::contains(std::string_view name) const {
  const auto it = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                                   [](const SafetensorsTensor& a, std::string_view b) { return a.name < b; });
  return it != tensors_.end() && it->name == name;
}

const SafetensorsTensor& SafetensorsReader::tensor(std::string_view name) const {
  const auto it = std::lower_bound(tensors_.begin(), tensors_.end(), name,
                                   [](const SafetensorsTensor& a, std::string_view b) { return a.name < b; });
  if (it == tensors_.end() || it->name != name) {
    throw ArtifactError(source_ + ": tensor \"" + std::string(name) + "\" not found");
  }
  return *it;
}

std::vector<float> SafetensorsReader::read_f32(std::string_view name, const std::vector<std::int64_t>& expected_shape) const {
  const SafetensorsTensor& t = tensor(name);
  const std::string where = source_ + ": tensor \"" + t.name + "\": ";
  if (!expected_shape.empty() && t.shape != expected_shape) {
    throw ArtifactError(where + "field \"shape\" is " + shape_text(t.shape) + ", expected " + shape_text(expected_shape));
  }
  const std::uint8_t* data = bytes_.data() + data_offset_ + t.begin;
  const std::size_t count = static_cast<std::size_t>(t.element_count());
  std::vector<float> values(count);
  if (t.dtype == "F32") {
    std::memcpy(values.data(), data, count * sizeof(float));
  } else if (t.dtype == "F16" || t.dtype == "BF16") {
    for (std::size_t i = 0; i < count; ++i) {
      const auto bits = static_cast<std::uint16_t>(data[2 * i] | (data[2 * i + 1] << 8));
      values[i] = t.dtype == "F16" ? half_to_float(bits) : std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16);
    }
  } else {
    throw ArtifactError(where + "field \"dtype\" is " + t.dtype + ", expected F32 (or F16/BF16)");
  }
  return values;
}

}  // namespace movierec
