// libFuzzer target: a builder's overviews file never crashes the join; bad input is an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/builder_files.hpp"
#include "movierec/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  movierec::Dataset dataset;
  dataset.movies.push_back({1, "Toy Story (1995)", {"Animation"}, 1995, ""});
  dataset.links.push_back({1, 114709, 862});
  try {
    (void)movierec::join_overviews(dataset, std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  } catch (const movierec::InputError&) {
  }
  return 0;
}
