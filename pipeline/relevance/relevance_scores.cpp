#include "relevance/relevance_scores.hpp"

#include <algorithm>
#include <utility>

namespace movierec {
namespace {

bool contains(std::span<const std::uint32_t> ids, std::uint32_t id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); }

std::vector<RankedMovie> ranked_movies(const Catalog& catalog, const std::vector<Recommendation>& items) {
  std::vector<RankedMovie> out;
  out.reserve(items.size());
  for (const auto& item : items) {
    const Movie& movie = catalog.movie(item.movie_index);
    out.push_back({movie.id, movie.title});
  }
  return out;
}

// The ids of a row that the catalog has. When some are kept (the row is scored), the others are counted
// in `left_out`; a row with none is skipped whole and counted as such by the caller.
std::vector<std::uint32_t> ids_in_catalog(const std::vector<std::uint32_t>& ids, const RelevanceRankers& rankers,
                                          std::size_t& left_out) {
  std::vector<std::uint32_t> kept;
  for (const auto id : ids) {
    if (rankers.in_catalog(id)) kept.push_back(id);
  }
  if (!kept.empty()) left_out += ids.size() - kept.size();
  return kept;
}

std::vector<RankedMovie> truncated(std::vector<RankedMovie> ranked, std::size_t count) {
  if (ranked.size() > count) ranked.resize(count);
  return ranked;
}

// Sums one metric over rows and averages it at the end.
class Average {
 public:
  void add(double value) {
    sum_ += value;
    ++count_;
  }
  RelevanceMetric metric(std::string key, std::string label) const {
    return {std::move(key), std::move(label), count_ == 0 ? std::nullopt : std::optional<double>(sum_ / static_cast<double>(count_)),
            count_};
  }

 private:
  double sum_ = 0.0;
  std::size_t count_ = 0;
};

}  // namespace

RelevanceRankers engine_rankers(const Recommender& engine, TextEmbedding embed) {
  RelevanceRankers rankers;
  rankers.in_catalog = [&engine](std::uint32_t movie_id) { return engine.catalog().index_of(movie_id).has_value(); };
  rankers.describe = [&engine, embed = std::move(embed)](const std::string& text) {
    const std::vector<float> embedding = embed(text);
    // The site's list is search_by_vector(embedding, 10) itself; the deeper search only places the
    // films below it, so the metrics never depend on how a longer search breaks ties.
    auto ranked = ranked_movies(engine.catalog(), engine.search_by_vector(embedding, static_cast<int>(kRelevanceCutoff)));
    for (auto& deeper : ranked_movies(engine.catalog(), engine.search_by_vector(embedding, static_cast<int>(kRankSearchDepth)))) {
      const bool listed = std::any_of(ranked.begin(), ranked.end(), [&](const RankedMovie& m) { return m.movie_id == deeper.movie_id; });
      if (!listed) ranked.push_back(std::move(deeper));
    }
    return ranked;
  };
  rankers.similar = [&engine](std::uint32_t movie_id) {
    const auto row = engine.catalog().index_of(movie_id).value();
    return ranked_movies(engine.catalog(), engine.similar_to(row, static_cast<int>(kRelevanceCutoff)));
  };
  return rankers;
}

std::optional<std::size_t> first_relevant_rank(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant) {
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (contains(relevant, ranked[i].movie_id)) return i + 1;
  }
  return std::nullopt;
}

std::size_t hits_in_top(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant, std::size_t cutoff) {
  const auto top = ranked.first(std::min(cutoff, ranked.size()));
  return static_cast<std::size_t>(
      std::count_if(top.begin(), top.end(), [&](const RankedMovie& m) { return contains(relevant, m.movie_id); }));
}

double precision_at(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant, std::size_t cutoff) {
  if (cutoff == 0) return 0.0;
  return static_cast<double>(hits_in_top(ranked, relevant, cutoff)) / static_cast<double>(cutoff);
}

double recall_at(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant, std::size_t cutoff) {
  const std::size_t reachable = std::min(cutoff, relevant.size());
  if (reachable == 0) return 0.0;
  return static_cast<double>(hits_in_top(ranked, relevant, cutoff)) / static_cast<double>(reachable);
}

double reciprocal_rank_at(std::optional<std::size_t> rank, std::size_t cutoff) {
  return rank && *rank <= cutoff ? 1.0 / static_cast<double>(*rank) : 0.0;
}

RelevanceScores score_relevance(const RelevanceBenchmarks& benchmarks, const RelevanceRankers& rankers) {
  RelevanceScores scores;
  Average film_hit, film_mrr, mood_precision, mood_recall, all_hit, all_mrr, similar_recall;

  for (const auto& row : benchmarks.describe) {
    DescribeOutcome outcome;
    outcome.row = row;
    outcome.scored_ids = ids_in_catalog(row.movie_ids, rankers, scores.left_out_ids);
    if (outcome.scored_ids.empty()) {
      ++scores.skipped_describe_rows;
      continue;
    }
    const auto ranked = rankers.describe(row.query);
    outcome.rank = first_relevant_rank(ranked, outcome.scored_ids);
    outcome.precision = precision_at(ranked, outcome.scored_ids, kRelevanceCutoff);
    outcome.recall = recall_at(ranked, outcome.scored_ids, kRelevanceCutoff);
    outcome.top = truncated(ranked, kRelevanceCutoff);
    const double hit = outcome.hit() ? 1.0 : 0.0;
    if (row.kind == DescribeKind::film) {
      film_hit.add(hit);
      film_mrr.add(outcome.reciprocal_rank());
    } else {
      mood_precision.add(outcome.precision);
      mood_recall.add(outcome.recall);
    }
    all_hit.add(hit);
    all_mrr.add(outcome.reciprocal_rank());
    scores.describe.push_back(std::move(outcome));
  }

  for (const auto& row : benchmarks.similar) {
    SimilarOutcome outcome;
    outcome.row = row;
    if (!rankers.in_catalog(row.movie_id)) {
      ++scores.skipped_similar_rows;
      continue;
    }
    outcome.scored_ids = ids_in_catalog(row.expected_ids, rankers, scores.left_out_ids);
    if (outcome.scored_ids.empty()) {
      ++scores.skipped_similar_rows;
      continue;
    }
    outcome.top = truncated(rankers.similar(row.movie_id), kRelevanceCutoff);
    for (const auto id : outcome.scored_ids) {
      const bool shown = std::any_of(outcome.top.begin(), outcome.top.end(), [&](const RankedMovie& m) { return m.movie_id == id; });
      if (shown) outcome.found.push_back(id);
    }
    outcome.recall = recall_at(outcome.top, outcome.scored_ids, kRelevanceCutoff);
    similar_recall.add(outcome.recall);
    scores.similar.push_back(std::move(outcome));
  }

  scores.metrics = {
      film_hit.metric("describe_film_hit_at_10", "describe film hit@10"),
      film_mrr.metric("describe_film_mrr_at_10", "describe film MRR@10"),
      mood_precision.metric("describe_mood_precision_at_10", "describe mood precision@10"),
      mood_recall.metric("describe_mood_recall_at_10", "describe mood recall@10"),
      all_hit.metric("describe_all_hit_at_10", "describe all hit@10"),
      all_mrr.metric("describe_all_mrr_at_10", "describe all MRR@10"),
      similar_recall.metric("similar_recall_at_10", "similar recall@10"),
  };
  return scores;
}

}  // namespace movierec
