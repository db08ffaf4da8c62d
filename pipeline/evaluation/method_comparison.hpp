#pragma once
// The offline comparison that `movierec eval` and the build's collaborative step both run: one split of
// the ratings, popularity / content / collaborative / hybrid / EASE scored on the held-out positives
// (and, on ml-small-holdout-v1, on the cold-items restriction and optionally in the visitor protocols of
// evaluation_protocols.hpp), and the served hybrid swept over audience shares. The "hybrid" row is
// computed by the engine's own HybridProfiles (core/include/movierec/hybrid_space.hpp), so it measures
// what the browser serves. Tuning on a validation split is optional; without it the settings are
// validated_defaults().
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "evaluation/evaluation_report.hpp"
#include "evaluation/method_scores.hpp"
#include "evaluation/tuning.hpp"
#include "movierec/series_index.hpp"

namespace movierec {

struct CollaborativeChoice {
  AlsChoice als;
  std::optional<LowRankItemConfig> linear;  // the hybrid's linear block, when it has one
  HybridChoice hybrid;  // always least_squares: the one profile rule the browser serves
  EaseChoice ease;
  bool tuned = false;   // false: validated_defaults()
};

// The settings `movierec eval`'s validation tuning chose on ml-latest-small (ml-small-holdout-v1),
// kept here so the build need not repeat the ~30 s search: ALS 64 factors, lambda 30, confidence
// 1 + 0.75 * rating on positives, 12 iterations, seed 42; hybrid least_squares with w_c = 10^-0.25,
// w_a = 1, beta = 0 and the ALS fold-in; EASE lambda 200 on all ratings.
[[nodiscard]] CollaborativeChoice validated_defaults();

inline constexpr float kAudienceShares[] = {0.0F, 0.25F, 0.5F, 0.75F, 1.0F};

// Past this many movies the comparison keeps to the methods' rows on the full-profile split: the
// audience-share sweep (four more rankings of the catalog per user) and the visitor protocols (40 refits
// of every method, EASE's inverse among them) would take longer than the rest of the build. The report
// says so.
inline constexpr std::size_t kFullComparisonMaxMovies = 20000;

struct ComparisonOptions {
  SplitProtocol protocol = SplitProtocol::holdout;
  bool tune = false;
  // With tune: also a hybrid_<rule> row for every profile rule, each with its own tuned weights.
  bool compare_profile_rules = false;
  unsigned threads = 2;
  // Empty: the served hybrid is scored on exact float vectors. Otherwise they first pass through this
  // FAISS encoding, as the shipped index does (e.g. "SQ8"), so its loss is part of the measurement.
  std::string served_index_factory;
  // Also the visitor protocols (ml-small-holdout-v1 only, up to kFullComparisonMaxMovies movies): every
  // method refit for each of 8 protocols x 5 folds, and with `tune` EASE tuned for visitors ("ease_visitor"). `movierec eval` runs them; the
  // build leaves them out.
  bool visitor_protocols = false;
  // 0: score every evaluated user; else a seeded sample of at most this many (sample_evaluated_users):
  // ranking the whole catalog for every user of ml-32m would take hours; 2,000 users (about 40,000
  // held-out positives) take a minute or two per method at 87k movies.
  std::size_t max_evaluated_users = 2000;
  // The engine's series, for the served re-rank's cap and the series metrics; null leaves both out.
  const SeriesIndex* series = nullptr;
  // Per catalog row, for the served re-rank's genre calibration; empty leaves it out.
  std::span<const std::uint32_t> genre_masks;
};

// What the compared methods are fit with besides a protocol's training data.
struct MethodSettings {
  CollaborativeChoice choice;
  const FactorMatrix* content = nullptr;  // catalog rows x content dimension, unit rows
  ServedCatalog catalog;                  // what the served re-rank knows of the catalog
  std::string served_index_factory;       // as ComparisonOptions::served_index_factory
  std::optional<EaseChoice> ease_visitor; // EASE tuned for visitors: scored in the visitor protocols only
};

// The methods every protocol scores, in report order: popularity, content (full profiles only; its
// scope is all it takes to add it to the visitor protocols), collaborative, hybrid, ease, and
// ease_visitor (visitor protocols only, when tuned). To compare a new method, add one entry: it is then
// scored on full profiles, on cold items and, refit on each fold's ratings, in every visitor protocol.
[[nodiscard]] std::vector<ComparedMethod> compared_methods(const MethodSettings& settings);

struct Comparison {
  EvalReport report;
  CollaborativeChoice choice;
};

// content: catalog movies x content dimension, unit rows (row i = catalog row i of `ratings`).
// Progress and the validation trials go to `log`.
[[nodiscard]] Comparison compare_methods(const InteractionLog& ratings, const FactorMatrix& content,
                                         const ComparisonOptions& options, std::ostream& log);

// {"factors", "regularization", "alpha", "confidence", "feedback", "iterations", "seed"}
[[nodiscard]] nlohmann::ordered_json als_json(const AlsChoice& choice);

}  // namespace movierec
