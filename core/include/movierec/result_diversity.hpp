#pragma once
// The last step of a personal result list: trading a little score for a list a person recognises as
// theirs and not as "what everybody watches". Three terms, each with its own knob:
//   calibration   the list's genres in the proportions of the liked films' genres (Steck 2018,
//                 "Calibrated Recommendations"): six Pixar likes call for mostly animated films, a
//                 scattered taste for a scattered list;
//   diversity     maximal marginal relevance (Carbonell & Goldstein 1998) over the content blocks: no two
//                 picks that are near copies of each other;
//   series cap    never more than max_per_series films of one series (series_index.hpp);
//   dislikes      a film close in content to one the visitor disliked loses by how close it is beyond
//                 kDislikeReach, and the rest of a disliked film's series loses the most: near copies
//                 step back, films that merely share a genre do not. A penalty, not a ban: MovieLens
//                 users who rate one film of a series low often like another, and leaving series out
//                 cost held-out accuracy (docs/evaluation.md).
// Picks are greedy; each next pick maximises
//   (1 - calibration - diversity) * relevance(j) - calibration * KL(p || q(list + j)) - diversity * closest(j)
//     - disliked_neighbours * near_disliked(j)
// where relevance is the score rescaled to [0, 1] over the candidates, p the liked films' genre
// distribution, q the list's (mixed with 1 % of p so the divergence stays finite) and closest(j) the
// largest content cosine of j to a film already picked, near_disliked(j) = max(0, c - reach) / (1 - reach)
// for the largest content cosine c of j to a disliked film (1 within its series). With every knob at 0 the
// order is the score's.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "movierec/series_index.hpp"

namespace movierec {

struct ScoredMovie {
  std::uint32_t movie;
  float score;
};

struct RerankSettings {
  float calibration = 0.0f;
  float diversity = 0.0f;
  std::uint32_t max_per_series = 0;  // 0 = no cap
  float disliked_neighbours = 0.0f;
};

// The content cosine below which a disliked film says nothing about a candidate (chosen with the weight
// on the validation split, docs/evaluation.md).
inline constexpr float kDislikeReach = 0.6f;

// What the re-rank knows of the catalog and of the profile.
struct RerankContext {
  const SeriesIndex* series = nullptr;
  std::function<float(std::uint32_t, std::uint32_t)> content_cosine;  // used when diversity or disliked_neighbours > 0
  std::span<const std::uint32_t> genre_masks;                         // per catalog row; used when calibration > 0
  std::vector<float> profile_genres;  // p: per genre bit, summing to 1 (genre_distribution of the liked films)
  std::vector<std::uint32_t> disliked;         // disliked films (used when disliked_neighbours > 0)
  std::vector<std::uint32_t> disliked_series;  // their series
};

// The re-rank's content dot product: eight lanes, each summed in order, then added in a fixed order, so
// compilers may keep the lanes in SIMD registers and every build (native, WASM) gets the same float.
float lane_dot(std::span<const float> a, std::span<const float> b);

// A movie's genres share it equally; the films' shares are averaged, weighted by `weights` (or equally).
std::vector<float> genre_distribution(std::span<const std::uint32_t> genre_masks, std::span<const std::uint32_t> movies,
                                      std::span<const float> weights = {});

// Up to k of `candidates` (any order), in pick order. Fewer than k come back when the series cap rejects
// too many: the caller widens its candidates then.
std::vector<ScoredMovie> rerank(std::span<const ScoredMovie> candidates, std::size_t k, const RerankSettings& settings,
                                const RerankContext& context);

// A profile's list as the engine makes it: `best(count)` gives the best `count` movies by score (the
// caller's exclusions and filters applied); with a re-rank k are picked among more candidates, and more
// still when the series cap rejects too many.
std::vector<ScoredMovie> pick_recommendations(std::size_t k, const RerankSettings& settings, const RerankContext& context,
                                              const std::function<std::vector<ScoredMovie>(std::size_t count)>& best);

}  // namespace movierec
