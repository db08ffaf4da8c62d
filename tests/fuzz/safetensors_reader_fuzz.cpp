// libFuzzer entry: any byte string either parses into tensors whose ranges can all be read, or fails
// with ArtifactError. Anything else (a crash, a sanitizer report, another exception) is a bug.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/safetensors_reader.hpp"
#include "movierec/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const movierec::SafetensorsReader reader(std::vector<std::uint8_t>(data, data + size), "fuzz.safetensors");
    for (const auto& tensor : reader.tensors()) {
      try {
        const auto values = reader.read_f32(tensor.name, tensor.shape);
        if (values.size() != tensor.element_count()) __builtin_trap();
      } catch (const movierec::ArtifactError&) {
        // Non-float dtypes are listed but not readable as floats.
      }
    }
  } catch (const movierec::ArtifactError&) {
  }
  return 0;
}
