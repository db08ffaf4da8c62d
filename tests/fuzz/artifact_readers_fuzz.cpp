// Fuzzes the engine's artifact readers (catalog.bin, ratings.bin, index.faiss): any bytes must either
// parse or raise ArtifactError, never crash, hang or read out of bounds. The first input byte picks
// the reader so one corpus covers all three.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "movierec/catalog.hpp"
#include "movierec/errors.hpp"
#include "movierec/ratings_matrix.hpp"
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
        break;
      }
      case 1:
        (void)movierec::RatingsMatrix::decode(bytes, 16);
        break;
      default: {
        const auto index = movierec::VectorIndex::decode({bytes.begin(), bytes.end()}, 4);
        std::vector<float> query(index.dimension(), 0.5f);
        (void)index.search(query, 4);
        break;
      }
    }
  } catch (const movierec::ArtifactError&) {
  }
  return 0;
}
