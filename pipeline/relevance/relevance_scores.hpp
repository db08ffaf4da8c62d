#pragma once
// Scores the relevance benchmarks (relevance_benchmark.hpp) on the top 10 of the questions the site
// answers: "Describe a movie" (the text's embedding searched as the browser does) and "Similar". The
// metrics, exactly (docs/evaluation.md, "Relevance benchmarks"), for a ranked list L and the films R
// a row lists:
//   rank          1-based position in L of the first film of R (the film query's target), if any
//   hit@10        1 if that rank is at most 10, else 0
//   MRR@10        1 / rank if the rank is at most 10, else 0
//   precision@10  |R ∩ first 10 of L| / 10
//   recall@10     |R ∩ first 10 of L| / min(10, |R|)
// each averaged over the rows scored. Rows are matched to a catalog by MovieLens id: a film the catalog
// lacks is left out of its row, and a row left with no film (or whose similar-query film is missing) is
// skipped and counted, so the benchmarks can run on any catalog and say how much of them did.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "movierec/recommender.hpp"
#include "relevance/relevance_benchmark.hpp"

namespace movierec {

// Every metric looks at the top 10, what the site shows first.
inline constexpr std::size_t kRelevanceCutoff = 10;
// How deep a describe query's rank is looked for, so a near miss can be told from a film the query
// never reaches (the engine's largest k).
inline constexpr std::size_t kRankSearchDepth = static_cast<std::size_t>(Recommender::kMaxK);

struct RankedMovie {
  std::uint32_t movie_id = 0;
  std::string title;
};

// The questions the benchmarks ask, answered best first.
struct RelevanceRankers {
  std::function<bool(std::uint32_t movie_id)> in_catalog;
  // Up to kRankSearchDepth films for a text; the first kRelevanceCutoff are the list the site shows.
  std::function<std::vector<RankedMovie>(const std::string& text)> describe;
  // The top kRelevanceCutoff films similar to a catalog film, the film itself excluded.
  std::function<std::vector<RankedMovie>(std::uint32_t movie_id)> similar;
};

using TextEmbedding = std::function<std::vector<float>(const std::string& text)>;

// The engine's answers, as the browser gets them: a description is embedded by `embed` and searched
// with Recommender::search_by_vector (its top 10 exactly, then a deeper search for the ranks beyond);
// similar films come from Recommender::similar_to at the build's default audience share. `engine` must
// outlive the rankers.
RelevanceRankers engine_rankers(const Recommender& engine, TextEmbedding embed);

// The metric functions above; `relevant` holds distinct ids.
std::optional<std::size_t> first_relevant_rank(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant);
std::size_t hits_in_top(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant, std::size_t cutoff);
double precision_at(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant, std::size_t cutoff);
double recall_at(std::span<const RankedMovie> ranked, std::span<const std::uint32_t> relevant, std::size_t cutoff);
double reciprocal_rank_at(std::optional<std::size_t> rank, std::size_t cutoff);

struct DescribeOutcome {
  DescribeQuery row;
  std::vector<std::uint32_t> scored_ids;   // the row's films that the catalog has
  std::optional<std::size_t> rank;         // of the first scored film, within kRankSearchDepth
  std::vector<RankedMovie> top;            // the first kRelevanceCutoff answers
  double precision = 0.0;
  double recall = 0.0;
  bool hit() const { return rank && *rank <= kRelevanceCutoff; }
  double reciprocal_rank() const { return reciprocal_rank_at(rank, kRelevanceCutoff); }
};

struct SimilarOutcome {
  SimilarCase row;
  std::vector<std::uint32_t> scored_ids;  // the expected films that the catalog has
  std::vector<RankedMovie> top;
  std::vector<std::uint32_t> found;       // scored_ids in the top, in the row's order
  double recall = 0.0;
};

// One averaged metric; value is empty when no row was scored.
struct RelevanceMetric {
  std::string key;    // JSON name: "describe_film_hit_at_10"
  std::string label;  // table name: "describe film hit@10"
  std::optional<double> value;
  std::size_t count = 0;  // rows averaged
};

struct RelevanceScores {
  std::vector<DescribeOutcome> describe;
  std::vector<SimilarOutcome> similar;
  std::size_t skipped_describe_rows = 0;  // rows none of whose films the catalog has
  std::size_t skipped_similar_rows = 0;   // rows whose film, or all of whose expected films, it lacks
  std::size_t left_out_ids = 0;           // films missing from rows that were still scored
  std::vector<RelevanceMetric> metrics;   // in table order
};

RelevanceScores score_relevance(const RelevanceBenchmarks& benchmarks, const RelevanceRankers& rankers);

}  // namespace movierec
