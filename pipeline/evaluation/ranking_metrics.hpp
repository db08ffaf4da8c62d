#pragma once
// Top-k ranking and the offline metrics of docs/evaluation.md: Recall@k, NDCG@k with binary gains,
// catalog coverage@k, the mean popularity rank of what is recommended, and two list-quality metrics
// that do not look at the held-out movies at all: intra-list diversity (content) and series crowding.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "movierec/series_index.hpp"

namespace movierec {

// The k items with the highest scores, best first, skipping `excluded` (ascending item rows). Equal
// scores go to the lower item row, so rankings are reproducible.
[[nodiscard]] std::vector<std::uint32_t> top_k_items(std::span<const float> scores, std::span<const std::uint32_t> excluded,
                                                     std::size_t k);

// hits in the first k / min(k, |relevant|); `relevant` ascending and non-empty.
[[nodiscard]] double recall_at_k(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> relevant,
                                 std::size_t k);
// DCG of the first k (gain 1 per relevant item at position p: 1 / log2(p + 1)) over the DCG of
// min(k, |relevant|) hits in a row.
[[nodiscard]] double ndcg_at_k(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> relevant,
                               std::size_t k);

// Rank 1 = the item with the highest count; ties go to the lower item row.
[[nodiscard]] std::vector<std::uint32_t> popularity_ranks(std::span<const std::uint32_t> counts);

// What the list-quality metrics know of every catalog row. Either part may be empty: its metrics are
// then absent rather than zero (the build, for one, has no series to give).
struct ListAttributes {
  std::size_t content_dimension = 0;
  std::vector<float> unit_content;    // rows x content_dimension, each row scaled to length 1 (zero rows stay zero)
  std::vector<std::uint32_t> series;  // per row: its series, kNoSeries for a film on its own
};

// content: rows x content_dimension, row-major, any lengths (the index's decoded blocks are only nearly
// unit); series may be null. Throws InputError when content is not a whole number of rows.
[[nodiscard]] ListAttributes list_attributes(std::span<const float> content, std::size_t content_dimension,
                                             const SeriesIndex* series);

struct RankingMetrics {
  std::size_t users = 0;
  double recall = 0.0;
  double ndcg = 0.0;
  double coverage = 0.0;              // distinct recommended items / catalog size
  double mean_popularity_rank = 0.0;  // per user the mean rank of its recommendations, then over users
  // Per user the mean over pairs of its top k of (1 - cosine of their content vectors), over users
  // with at least two recommendations. A zero vector has cosine 0 with everything.
  std::optional<double> intra_list_diversity;
  // Per user the largest number of its top k that belong to one series (a film on its own counts 1, so
  // 1 = no two films of a series), over users; and the share of users for whom that is more than 2.
  std::optional<double> max_per_series;
  std::optional<double> share_over_2_per_series;
};

// Accumulates one ranked list per user and averages over users.
class RankingEvaluator {
 public:
  // `attributes` (may be null: no list-quality metrics) must outlive the evaluator and describe as many
  // rows as popularity_rank; throws InputError otherwise.
  RankingEvaluator(std::vector<std::uint32_t> popularity_rank, std::size_t k, const ListAttributes* attributes = nullptr);

  void add(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> relevant);
  [[nodiscard]] RankingMetrics metrics() const;

 private:
  void add_list_quality(std::span<const std::uint32_t> shown);

  std::vector<std::uint32_t> popularity_rank_;
  std::size_t k_;
  const ListAttributes* attributes_;
  std::vector<bool> recommended_;
  std::size_t distinct_ = 0;
  std::size_t users_ = 0;
  double recall_sum_ = 0.0, ndcg_sum_ = 0.0, popularity_rank_sum_ = 0.0;
  std::size_t diversity_users_ = 0, series_users_ = 0, over_two_per_series_ = 0;
  double diversity_sum_ = 0.0, max_per_series_sum_ = 0.0;
};

}  // namespace movierec
