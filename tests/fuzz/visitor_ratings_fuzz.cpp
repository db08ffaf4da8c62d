// libFuzzer target: a visitor's ratings file (the site's JSON export or CSV) never crashes the reader;
// bad input is an InputError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "cli/visitor_ratings.hpp"
#include "movierec/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    (void)movierec::read_visitor_ratings(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
  } catch (const movierec::InputError&) {
  }
  return 0;
}
