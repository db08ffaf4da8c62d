#pragma once
// Top-k ranking and the offline metrics of docs/evaluation.md: Recall@k, NDCG@k with binary gains,
// catalog coverage@k and the mean popularity rank of what is recommended.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

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

struct RankingMetrics {
  std::size_t users = 0;
  double recall = 0.0;
  double ndcg = 0.0;
  double coverage = 0.0;              // distinct recommended items / catalog size
  double mean_popularity_rank = 0.0;  // per user the mean rank of its recommendations, then over users
};

// Accumulates one ranked list per user and averages over users.
class RankingEvaluator {
 public:
  RankingEvaluator(std::vector<std::uint32_t> popularity_rank, std::size_t k);

  void add(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> relevant);
  [[nodiscard]] RankingMetrics metrics() const;

 private:
  std::vector<std::uint32_t> popularity_rank_;
  std::size_t k_;
  std::vector<bool> recommended_;
  std::size_t distinct_ = 0;
  std::size_t users_ = 0;
  double recall_sum_ = 0.0, ndcg_sum_ = 0.0, popularity_rank_sum_ = 0.0;
};

}  // namespace movierec
