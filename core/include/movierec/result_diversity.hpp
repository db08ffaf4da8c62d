#pragma once
// The last step of a personal result list: trading a little score for variety, so ten recommendations
// are not ten films of one franchise or one kind. Maximal marginal relevance (Carbonell & Goldstein
// 1998) over the content blocks, with a hard cap on films of one series (series_index.hpp):
//   value(j) = (1 - diversity) * relevance(j) - diversity * (largest content cosine of j to a film picked)
// where relevance is the score rescaled to [0, 1] over the candidates. diversity = 0 keeps the order.
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

// Up to k of `candidates` (any order), best value first. Fewer than k come back when the series cap
// rejects too many: the caller widens its candidates then. content_cosine(a, b) is the cosine of two
// movies' content; it is only called when diversity > 0.
std::vector<ScoredMovie> diversify(std::span<const ScoredMovie> candidates, std::size_t k, float diversity,
                                   std::uint32_t max_per_series, const SeriesIndex& series,
                                   const std::function<float(std::uint32_t, std::uint32_t)>& content_cosine);

}  // namespace movierec
