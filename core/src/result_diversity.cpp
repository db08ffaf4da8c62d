#include "movierec/result_diversity.hpp"

#include <algorithm>
#include <limits>
#include <unordered_map>

namespace movierec {

std::vector<ScoredMovie> diversify(std::span<const ScoredMovie> candidates, std::size_t k, float diversity,
                                   std::uint32_t max_per_series, const SeriesIndex& series,
                                   const std::function<float(std::uint32_t, std::uint32_t)>& content_cosine) {
  std::vector<ScoredMovie> pool(candidates.begin(), candidates.end());
  std::stable_sort(pool.begin(), pool.end(), [](const ScoredMovie& a, const ScoredMovie& b) { return a.score > b.score; });
  float low = std::numeric_limits<float>::max();
  float high = std::numeric_limits<float>::lowest();
  for (const auto& c : pool) {
    low = std::min(low, c.score);
    high = std::max(high, c.score);
  }
  const float range = high > low ? high - low : 1.0f;
  std::vector<float> closest(pool.size(), 0.0f);  // largest content cosine to a picked film, kept up to date
  std::vector<bool> taken(pool.size(), false);
  std::unordered_map<std::uint32_t, std::uint32_t> per_series;
  const auto allowed = [&](std::uint32_t movie) {
    const auto s = series.series_of(movie);
    return max_per_series == 0 || s == kNoSeries || per_series[s] < max_per_series;
  };
  std::vector<ScoredMovie> picked;
  while (picked.size() < k) {
    std::size_t best = pool.size();
    float best_value = std::numeric_limits<float>::lowest();
    for (std::size_t i = 0; i < pool.size(); ++i) {
      if (taken[i] || !allowed(pool[i].movie)) continue;
      const float relevance = (pool[i].score - low) / range;
      const float value = (1.0f - diversity) * relevance - diversity * closest[i];
      if (value > best_value) {
        best_value = value;
        best = i;
      }
      if (diversity == 0.0f) break;  // the pool is sorted: the first allowed one is the best
    }
    if (best == pool.size()) break;
    taken[best] = true;
    picked.push_back(pool[best]);
    if (const auto s = series.series_of(pool[best].movie); s != kNoSeries) ++per_series[s];
    if (diversity > 0.0f) {
      for (std::size_t i = 0; i < pool.size(); ++i) {
        if (!taken[i]) closest[i] = std::max(closest[i], content_cosine(pool[i].movie, pool[best].movie));
      }
    }
  }
  return picked;
}

}  // namespace movierec
