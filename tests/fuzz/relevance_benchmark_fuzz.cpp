// libFuzzer target: a relevance benchmark file (describe.tsv or similar.tsv) never crashes its parser;
// bad input is an InputError. The first byte picks the file kind.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "movierec/errors.hpp"
#include "relevance/relevance_benchmark.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    if (data[0] % 2 == 0) {
      (void)movierec::parse_describe_benchmark(bytes, "describe.tsv");
    } else {
      (void)movierec::parse_similar_benchmark(bytes, "similar.tsv");
    }
  } catch (const movierec::InputError&) {
  }
  return 0;
}
