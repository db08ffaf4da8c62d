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

ListAttributes list_attributes(std::span<const float> content, std::size_t content_dimension, const SeriesIndex* series) {
  if (content_dimension == 0 || content.size() % content_dimension != 0) {
    throw InputError("list attributes: " + std::to_string(content.size()) + " content floats are not rows of " +
                     std::to_string(content_dimension));
  }
  ListAttributes out;
  out.content_dimension = content_dimension;
  out.unit_content.assign(content.begin(), content.end());
  const std::size_t rows = content.size() / content_dimension;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::span<float> row(out.unit_content.data() + r * content_dimension, content_dimension);
    double norm = 0.0;
    for (const float v : row) norm += static_cast<double>(v) * v;
    if (norm > 0.0) {
      for (float& v : row) v = static_cast<float>(v / std::sqrt(norm));
    }
  }
  if (series != nullptr) {
    out.series.resize(rows);
    for (std::size_t r = 0; r < rows; ++r) out.series[r] = series->series_of(static_cast<std::uint32_t>(r));
  }
  return out;
}

RankingEvaluator::RankingEvaluator(std::vector<std::uint32_t> popularity_rank, std::size_t k, const ListAttributes* attributes)
    : popularity_rank_(std::move(popularity_rank)), k_(k), attributes_(attributes), recommended_(popularity_rank_.size(), false) {
  if (attributes_ == nullptr) return;
  const std::size_t rows = popularity_rank_.size();
  const bool content_fits = attributes_->unit_content.empty() ||
                            (attributes_->content_dimension > 0 &&
                             attributes_->unit_content.size() == rows * attributes_->content_dimension);
  if (!content_fits || (!attributes_->series.empty() && attributes_->series.size() != rows)) {
    throw InputError("list attributes describe " + std::to_string(attributes_->series.size()) + " series rows and " +
                     std::to_string(attributes_->unit_content.size()) + " content floats for a catalog of " +
                     std::to_string(rows));
  }
}

void RankingEvaluator::add_list_quality(std::span<const std::uint32_t> shown) {
  if (attributes_ == nullptr) return;
  const std::size_t dimension = attributes_->content_dimension;
  if (!attributes_->unit_content.empty() && shown.size() >= 2) {
    double distance_sum = 0.0;
    std::size_t pairs = 0;
    for (std::size_t a = 0; a < shown.size(); ++a) {
      const float* x = attributes_->unit_content.data() + static_cast<std::size_t>(shown[a]) * dimension;
      for (std::size_t b = a + 1; b < shown.size(); ++b) {
        const float* y = attributes_->unit_content.data() + static_cast<std::size_t>(shown[b]) * dimension;
        double cosine = 0.0;
        for (std::size_t d = 0; d < dimension; ++d) cosine += static_cast<double>(x[d]) * y[d];
        distance_sum += 1.0 - cosine;
        ++pairs;
      }
    }
    diversity_sum_ += distance_sum / static_cast<double>(pairs);
    ++diversity_users_;
  }
  if (!attributes_->series.empty() && !shown.empty()) {
    std::size_t most = 1;  // any film is one of its own
    for (std::size_t a = 0; a < shown.size(); ++a) {
      const std::uint32_t series = attributes_->series[shown[a]];
      if (series == kNoSeries) continue;
      std::size_t same = 0;
      for (const std::uint32_t other : shown) same += attributes_->series[other] == series ? 1 : 0;
      most = std::max(most, same);
    }
    max_per_series_sum_ += static_cast<double>(most);
    over_two_per_series_ += most > 2 ? 1 : 0;
    ++series_users_;
  }
}

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
  add_list_quality(ranked.first(shown));
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
  if (diversity_users_ > 0) m.intra_list_diversity = diversity_sum_ / static_cast<double>(diversity_users_);
  if (series_users_ > 0) {
    m.max_per_series = max_per_series_sum_ / static_cast<double>(series_users_);
    m.share_over_2_per_series = static_cast<double>(over_two_per_series_) / static_cast<double>(series_users_);
  }
  return m;
}

}  // namespace movierec
