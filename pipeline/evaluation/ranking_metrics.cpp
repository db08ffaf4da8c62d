#include "evaluation/ranking_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {

std::vector<std::uint32_t> top_k_items(std::span<const float> scores, std::span<const std::uint32_t> excluded,
                                       std::size_t k) {
  // "a before b": higher score, then lower row. NaN scores rank last so a broken model cannot win.
  const auto better = [&](std::uint32_t a, std::uint32_t b) {
    const float sa = std::isnan(scores[a]) ? -INFINITY : scores[a];
    const float sb = std::isnan(scores[b]) ? -INFINITY : scores[b];
    return sa != sb ? sa > sb : a < b;
  };
  // A bounded heap of the best k so far: its top is the worst kept item.
  std::vector<std::uint32_t> heap;
  heap.reserve(k + 1);
  std::size_t next_excluded = 0;
  for (std::uint32_t item = 0; item < scores.size(); ++item) {
    while (next_excluded < excluded.size() && excluded[next_excluded] < item) ++next_excluded;
    if (next_excluded < excluded.size() && excluded[next_excluded] == item) continue;
    if (heap.size() < k) {
      heap.push_back(item);
      std::push_heap(heap.begin(), heap.end(), better);
    } else if (k > 0 && better(item, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), better);
      heap.back() = item;
      std::push_heap(heap.begin(), heap.end(), better);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), better);
  return heap;
}

namespace {

bool contains(std::span<const std::uint32_t> sorted, std::uint32_t item) {
  return std::binary_search(sorted.begin(), sorted.end(), item);
}

void check_relevant(std::span<const std::uint32_t> relevant, std::size_t k) {
  if (relevant.empty()) throw InputError("ranking metrics need at least one relevant item");
  if (k == 0) throw InputError("ranking metrics need k >= 1");
}

}  // namespace

double recall_at_k(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> relevant, std::size_t k) {
  check_relevant(relevant, k);
  std::size_t hits = 0;
  for (std::size_t p = 0; p < std::min(k, ranked.size()); ++p) hits += contains(relevant, ranked[p]) ? 1 : 0;
  return static_cast<double>(hits) / static_cast<double>(std::min(k, relevant.size()));
}

double ndcg_at_k(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> relevant, std::size_t k) {
  check_relevant(relevant, k);
  double dcg = 0.0;
  for (std::size_t p = 0; p < std::min(k, ranked.size()); ++p) {
    if (contains(relevant, ranked[p])) dcg += 1.0 / std::log2(static_cast<double>(p) + 2.0);
  }
  double ideal = 0.0;
  for (std::size_t p = 0; p < std::min(k, relevant.size()); ++p) ideal += 1.0 / std::log2(static_cast<double>(p) + 2.0);
  return dcg / ideal;
}

std::vector<std::uint32_t> popularity_ranks(std::span<const std::uint32_t> counts) {
  std::vector<std::uint32_t> order(counts.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return counts[a] > counts[b]; });
  std::vector<std::uint32_t> rank(counts.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<std::uint32_t>(r + 1);
  return rank;
}

RankingEvaluator::RankingEvaluator(std::vector<std::uint32_t> popularity_rank, std::size_t k)
    : popularity_rank_(std::move(popularity_rank)), k_(k), recommended_(popularity_rank_.size(), false) {}

void RankingEvaluator::add(std::span<const std::uint32_t> ranked, std::span<const std::uint32_t> relevant) {
  const std::size_t shown = std::min(k_, ranked.size());
  for (std::size_t p = 0; p < shown; ++p) {
    if (ranked[p] >= recommended_.size()) {
      throw InputError("ranked item " + std::to_string(ranked[p]) + " is outside the catalog of " +
                       std::to_string(recommended_.size()));
    }
  }
  const double recall = recall_at_k(ranked, relevant, k_);  // throws before anything is counted
  recall_sum_ += recall;
  ndcg_sum_ += ndcg_at_k(ranked, relevant, k_);
  double rank_sum = 0.0;
  for (std::size_t p = 0; p < shown; ++p) {
    const std::uint32_t item = ranked[p];
    if (!recommended_[item]) {
      recommended_[item] = true;
      ++distinct_;
    }
    rank_sum += popularity_rank_[item];
  }
  if (shown > 0) popularity_rank_sum_ += rank_sum / static_cast<double>(shown);
  ++users_;
}

RankingMetrics RankingEvaluator::metrics() const {
  RankingMetrics m;
  m.users = users_;
  if (users_ == 0) return m;
  const auto users = static_cast<double>(users_);
  m.recall = recall_sum_ / users;
  m.ndcg = ndcg_sum_ / users;
  m.coverage = recommended_.empty() ? 0.0 : static_cast<double>(distinct_) / static_cast<double>(recommended_.size());
  m.mean_popularity_rank = popularity_rank_sum_ / users;
  return m;
}

}  // namespace movierec
