// libFuzzer target: an embeddings file made elsewhere never crashes the reader; bad input is an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ingest/builder_files.hpp"
#include "movierec/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint32_t> movies = {1, 2, 50};
  try {
    (void)movierec::read_embeddings_csv(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz", movies, 2);
  } catch (const movierec::InputError&) {
  }
  return 0;
}
