#include "movierec/result_diversity.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace movierec {
namespace {

constexpr std::size_t kGenreBits = 32;
constexpr float kProfileMix = 0.01f;  // q is mixed with this much of p (Steck's alpha)

// Adds (sign = +1) or removes (-1) a movie's genre shares to running totals.
void add_genres(std::vector<float>& totals, std::uint32_t mask, float sign) {
  const int count = std::popcount(mask);
  if (count == 0) return;
  for (std::size_t g = 0; g < kGenreBits; ++g) {
    if (mask & (1u << g)) totals[g] += sign / static_cast<float>(count);
  }
}

// KL(p || (1 - a) totals / n + a p) over the genres p has.
float divergence(const std::vector<float>& p, const std::vector<float>& totals, float n) {
  float kl = 0.0f;
  for (std::size_t g = 0; g < kGenreBits; ++g) {
    if (p[g] <= 0.0f) continue;
    const float q = (1.0f - kProfileMix) * (n > 0.0f ? totals[g] / n : 0.0f) + kProfileMix * p[g];
    kl += p[g] * std::log(p[g] / q);
  }
  return kl;
}

// The largest content cosine of `movie` to a disliked film; 1 for a film of a disliked film's series, which
// may read quite unlike it (a sequel's tags) and is still "the rest of that trilogy".
float closest_disliked(std::uint32_t movie, const RerankContext& context) {
  if (context.series != nullptr) {
    const auto s = context.series->series_of(movie);
    if (s != kNoSeries && std::find(context.disliked_series.begin(), context.disliked_series.end(), s) != context.disliked_series.end()) {
      return 1.0f;
    }
  }
  float nearest = 0.0f;
  if (context.content_cosine) {
    for (const std::uint32_t d : context.disliked) nearest = std::max(nearest, context.content_cosine(movie, d));
  }
  return nearest;
}

}  // namespace

float lane_dot(std::span<const float> a, std::span<const float> b) {
  constexpr std::size_t kLanes = 8;
  const std::size_t n = std::min(a.size(), b.size());
  std::array<float, kLanes> lane{};
  std::size_t d = 0;
  for (; d + kLanes <= n; d += kLanes) {
    for (std::size_t j = 0; j < kLanes; ++j) lane[j] += a[d + j] * b[d + j];
  }
  for (std::size_t j = 0; d < n; ++d, ++j) lane[j] += a[d] * b[d];
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

std::vector<float> genre_distribution(std::span<const std::uint32_t> genre_masks, std::span<const std::uint32_t> movies,
                                      std::span<const float> weights) {
  std::vector<float> p(kGenreBits, 0.0f);
  float total = 0.0f;
  for (std::size_t i = 0; i < movies.size(); ++i) {
    const std::uint32_t mask = movies[i] < genre_masks.size() ? genre_masks[movies[i]] : 0;
    if (mask == 0) continue;
    const float w = weights.empty() ? 1.0f : weights[i];
    std::vector<float> share(kGenreBits, 0.0f);
    add_genres(share, mask, w);
    for (std::size_t g = 0; g < kGenreBits; ++g) p[g] += share[g];
    total += w;
  }
  if (total > 0.0f) {
    for (float& v : p) v /= total;
  }
  return p;
}

std::vector<ScoredMovie> rerank(std::span<const ScoredMovie> candidates, std::size_t k, const RerankSettings& settings,
                                const RerankContext& context) {
  std::vector<ScoredMovie> pool(candidates.begin(), candidates.end());
  std::stable_sort(pool.begin(), pool.end(), [](const ScoredMovie& a, const ScoredMovie& b) { return a.score > b.score; });
  float low = std::numeric_limits<float>::max();
  float high = std::numeric_limits<float>::lowest();
  for (const auto& c : pool) {
    low = std::min(low, c.score);
    high = std::max(high, c.score);
  }
  const float range = high > low ? high - low : 1.0f;
  const bool calibrated = settings.calibration > 0.0f && !context.profile_genres.empty() && !context.genre_masks.empty();
  const bool diverse = settings.diversity > 0.0f && context.content_cosine;
  const float relevance_weight = 1.0f - (calibrated ? settings.calibration : 0.0f) - (diverse ? settings.diversity : 0.0f);
  std::vector<float> closest(pool.size(), 0.0f);  // largest content cosine to a picked film, kept up to date
  // Each candidate's penalty for its nearest disliked film; it does not change as the list fills.
  std::vector<float> near_disliked(pool.size(), 0.0f);
  const bool avoids_neighbours = settings.disliked_neighbours > 0.0f && !context.disliked.empty();
  if (avoids_neighbours) {
    for (std::size_t i = 0; i < pool.size(); ++i) {
      const float nearest = closest_disliked(pool[i].movie, context);
      near_disliked[i] = settings.disliked_neighbours * std::max(0.0f, nearest - kDislikeReach) / (1.0f - kDislikeReach);
    }
  }
  std::vector<bool> taken(pool.size(), false);
  std::vector<float> list_genres(kGenreBits, 0.0f);
  std::unordered_map<std::uint32_t, std::uint32_t> per_series;
  const auto allowed = [&](std::uint32_t movie) {
    if (context.series == nullptr) return true;
    const auto s = context.series->series_of(movie);
    if (s == kNoSeries) return true;
    return settings.max_per_series == 0 || per_series[s] < settings.max_per_series;
  };
  const auto mask_of = [&](std::uint32_t movie) { return movie < context.genre_masks.size() ? context.genre_masks[movie] : 0u; };
  std::vector<ScoredMovie> picked;
  while (picked.size() < k) {
    std::size_t best = pool.size();
    float best_value = std::numeric_limits<float>::lowest();
    const auto n = static_cast<float>(picked.size() + 1);
    for (std::size_t i = 0; i < pool.size(); ++i) {
      if (taken[i] || !allowed(pool[i].movie)) continue;
      float value = relevance_weight * (pool[i].score - low) / range;
      if (calibrated) {
        add_genres(list_genres, mask_of(pool[i].movie), 1.0f);
        value -= settings.calibration * divergence(context.profile_genres, list_genres, n);
        add_genres(list_genres, mask_of(pool[i].movie), -1.0f);
      }
      if (diverse) value -= settings.diversity * closest[i];
      value -= near_disliked[i];
      if (value > best_value) {
        best_value = value;
        best = i;
      }
      if (!calibrated && !diverse && !avoids_neighbours) break;  // the pool is sorted: the first allowed one is the best
    }
    if (best == pool.size()) break;
    taken[best] = true;
    picked.push_back(pool[best]);
    add_genres(list_genres, mask_of(pool[best].movie), 1.0f);
    if (context.series != nullptr) {
      if (const auto s = context.series->series_of(pool[best].movie); s != kNoSeries) ++per_series[s];
    }
    if (diverse) {
      for (std::size_t i = 0; i < pool.size(); ++i) {
        if (!taken[i]) closest[i] = std::max(closest[i], context.content_cosine(pool[i].movie, pool[best].movie));
      }
    }
  }
  return picked;
}

std::vector<ScoredMovie> pick_recommendations(std::size_t k, const RerankSettings& settings, const RerankContext& context,
                                              const std::function<std::vector<ScoredMovie>(std::size_t count)>& best) {
  const bool reranked = settings.calibration > 0.0f || settings.diversity > 0.0f || settings.max_per_series > 0 ||
                        (settings.disliked_neighbours > 0.0f && !context.disliked.empty());
  std::size_t pool = reranked ? std::max<std::size_t>(4 * k, k + 30) : k;
  while (true) {
    const std::vector<ScoredMovie> candidates = best(pool);
    std::vector<ScoredMovie> picked = rerank(candidates, k, settings, context);
    if (picked.size() == k || candidates.size() < pool) return picked;
    pool *= 2;
  }
}

}  // namespace movierec
