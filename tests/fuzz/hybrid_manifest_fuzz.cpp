// Fuzzes the reader of manifest.json's "hybrid" object: any text must either give a usable space or
// raise ArtifactError. A space that parses is then used the way the engine uses it (both profile rules,
// a text query and a match), so a parsed-but-unusable value cannot slip through. The first byte picks
// the index dimension the manifest must match.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <span>
#include <vector>

#include "movierec/errors.hpp"
#include "movierec/hybrid_space.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t dimension = 1 + data[0] % 16;
  const std::string_view json(reinterpret_cast<const char*>(data + 1), size - 1);
  movierec::HybridSpace space;
  try {
    space = movierec::hybrid_space_from_json(json, dimension);
  } catch (const movierec::ArtifactError&) {
    return 0;
  }
  constexpr std::size_t kMovies = 4;
  std::vector<float> rows(kMovies * dimension);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<float>((i * 7) % 5) - 2.0f;
  const movierec::HybridProfiles profiles(space, rows);
  const movierec::MovieRows likeness = profiles.likeness_rows(std::vector<std::uint32_t>(kMovies, 3));
  const movierec::ProfileRating ratings[] = {{0, 5.0f}, {2, 4.0f}, {3, 1.0f}, {1, 0.0f}};
  for (const auto* settings : {&space.queries.visitor, &space.queries.user}) {
    const auto query = profiles.profile_query(ratings, *settings, &likeness);
    if (query.query.size() != dimension || query.liked.size() != 2) __builtin_trap();
    (void)profiles.match(query.query, std::span<const float>(rows).first(dimension), 3, settings->audience_share);
  }
  (void)profiles.text_query(std::vector<float>(space.content_dimension, 0.5f));
  return 0;
}
