#pragma once
// The ratings as the collaborative models and the evaluation see them: dense user rows, catalog item
// rows, sorted by (user, item). Built once from a cleaned dataset and a catalog.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ingest/movielens_dataset.hpp"
#include "movierec/catalog.hpp"

namespace movierec {

// A rating at or above this is a "liked" movie (a positive) everywhere: splits, feedback, profiles.
inline constexpr float kPositiveRating = 3.5F;

// The SplitMix64 mixer: the one deterministic hash and seed sequence of the pipeline, the same on every
// platform (evaluation splits, ALS's initial factors).
[[nodiscard]] std::uint64_t splitmix64(std::uint64_t x);

struct Interaction {
  std::uint32_t user = 0;  // dense user row of the log
  std::uint32_t item = 0;  // catalog row
  float rating = 0.0F;
  std::int64_t timestamp = 0;
};

// Ratings with dense user rows and catalog item rows, sorted by (user, item).
struct InteractionLog {
  std::vector<std::uint32_t> user_ids;   // dense row -> MovieLens userId, ascending
  std::vector<std::uint32_t> movie_ids;  // catalog row -> MovieLens movieId
  std::vector<Interaction> interactions;
  std::vector<std::size_t> user_offsets;  // user r's interactions are [user_offsets[r], user_offsets[r + 1])

  [[nodiscard]] std::size_t user_count() const { return user_ids.size(); }
  [[nodiscard]] std::size_t item_count() const { return movie_ids.size(); }
  [[nodiscard]] std::span<const Interaction> of_user(std::uint32_t user) const;
};

// Sorts the interactions and fills user_offsets; throws InputError for rows outside the log or a
// (user, item) pair rated twice.
[[nodiscard]] InteractionLog make_interaction_log(std::vector<std::uint32_t> user_ids, std::vector<std::uint32_t> movie_ids,
                                                  std::vector<Interaction> interactions);

// The dataset's ratings over the catalog's rows. Throws InputError naming the movie when a rating's movie
// is not in the catalog (the data and the artifacts come from different datasets).
[[nodiscard]] InteractionLog interaction_log(const Dataset& dataset, const Catalog& catalog);

}  // namespace movierec
