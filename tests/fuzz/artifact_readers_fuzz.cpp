// Fuzzes the engine's artifact readers (catalog.bin, users.bin + ratings.bin, index.faiss): any bytes must either
// parse or raise ArtifactError, never crash, hang or read out of bounds. The first input byte picks
// the reader so one corpus covers all three.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "movierec/catalog.hpp"
#include "movierec/errors.hpp"
#include "movierec/ratings_matrix.hpp"
#include "movierec/series_index.hpp"
#include "movierec/vector_index.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::span<const std::uint8_t> bytes(data + 1, size - 1);
  try {
    switch (data[0] % 3) {
      case 0: {
        const auto catalog = movierec::Catalog::decode(bytes);
        // A parsed catalog must encode back to the same bytes: the format has one spelling per value.
        if (catalog.encode() != std::vector<std::uint8_t>(bytes.begin(), bytes.end())) __builtin_trap();
        // Shipped series are checked when the engine reads them.
        (void)movierec::SeriesIndex::from_series(catalog.series());
        break;
      }
      case 1: {
        // users.bin, then ratings.bin: the second input byte says how much of the rest is users.bin.
        if (bytes.empty()) break;
        const auto rest = bytes.subspan(1);
        const auto split = std::min<std::size_t>(rest.size(), std::size_t{bytes[0]} * 4);
        const auto users = rest.first(split);
        const auto ratings = rest.subspan(split);
        try {
          (void)movierec::RatingsMatrix::decode(users, ratings, 16);
        } catch (const movierec::ArtifactError&) {
        }
        // One user at a time, as the browser reads them: any bytes for any user parse or are refused.
        const auto directory = movierec::RatingsMatrix::decode_directory(users, 16);
        for (const auto user : directory.user_ids()) {
          try {
            (void)directory.ratings_in_blocks(user, ratings.first(std::min<std::size_t>(ratings.size(), 64)));
          } catch (const movierec::ArtifactError&) {
          }
        }
        break;
      }
      default: {
        const auto index = movierec::VectorIndex::decode({bytes.begin(), bytes.end()}, 4);
        std::vector<float> query(index.dimension(), 0.5f);
        (void)index.search(query, 4);
        (void)index.rows().all();  // every row as the engine reads it (8-bit codes decoded one by one)
        break;
      }
    }
  } catch (const movierec::ArtifactError&) {
  }
  return 0;
}
