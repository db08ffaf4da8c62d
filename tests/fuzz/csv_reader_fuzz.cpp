// libFuzzer entry: any bytes either parse as CSV records or throw InputError; nothing else may happen
// (no crash, no out-of-bounds read, no other exception). The first record is taken as the header so
// the column lookup and number parsing paths run on hostile input too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest/csv_reader.hpp"
#include "movierec/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    movierec::CsvReader reader(bytes, "fuzz.csv");
    reader.read_header();
    const auto column = reader.find_column("movieId");
    while (reader.read_record()) {
      for (std::size_t i = 0; i < reader.field_count(); ++i) (void)reader.field(i);
      if (column) {
        try {
          (void)reader.field_u32(*column);
        } catch (const movierec::InputError&) {
          // a non-number is a reported error, not a crash
        }
        try {
          (void)reader.field_float(*column);
          (void)reader.field_i64(*column);
        } catch (const movierec::InputError&) {
        }
      }
    }
  } catch (const movierec::InputError&) {
    // malformed CSV is reported, which is the expected outcome for most inputs
  }
  return 0;
}
