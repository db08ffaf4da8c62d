#include "cli/hybrid_build.hpp"

#include <iomanip>
#include <sstream>
#include <string>

#include "evaluation/method_comparison.hpp"
#include "evaluation/method_scores.hpp"
#include "movierec/series_index.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

nlohmann::ordered_json low_rank_json(const LowRankItemConfig& c) {
  return {{"rank", c.rank}, {"regularization", c.regularization}, {"feedback", feedback_set_name(c.feedback)},
          {"power_iterations", c.power_iterations}, {"seed", c.seed}};
}

nlohmann::ordered_json profile_json(const ProfileSettings& s) {
  return {{"profile", s.rule == ProfileRule::likeness ? "likeness" : "fold_in"},
          {"audience_share", s.audience_share}, {"fold_in_lambda", s.fold_in_regularization},
          {"popularity", s.popularity},         {"popularity_ratings", s.popularity_ratings},
          {"linear", s.linear},
          {"dislike", s.dislike},
          {"not_interested", s.not_interested}, {"calibration", s.calibration},
          {"diversity", s.diversity},
          {"max_per_series", s.max_per_series},
          {"disliked_neighbours", s.disliked_neighbours}};
}

// The manifest's hybrid.queries: every knob the engine turns per kind of question (hybrid_space.hpp).
nlohmann::ordered_json queries_json(const QuerySettings& q) {
  return {{"visitor", profile_json(q.visitor)},
          {"user", profile_json(q.user)},
          {"similar",
           {{"audience_share", q.similar.audience_share},
            {"series_bonus", q.similar.series_bonus},
            {"genre_bonus", q.similar.genre_bonus}}},
          {"describe", {{"popularity", q.describe.popularity}, {"rating", q.describe.rating}}}};
}

}  // namespace

namespace {

// The shipped vectors: the chosen settings, fit on every rating instead of a split's train.
HybridVectors shipped_vectors(const InteractionLog& ratings, std::span<const float> content, std::size_t content_dimension,
                              const CollaborativeChoice& choice, unsigned threads) {
  ImplicitAlsConfig als_config = choice.als.config;
  als_config.threads = threads;
  const ImplicitAlsModel als = fit_implicit_als(feedback_matrix(ratings, choice.als.feedback), als_config);
  FactorMatrix linear;
  if (choice.linear) linear = fit_low_rank_item_model(feedback_matrix(ratings, choice.linear->feedback), *choice.linear);
  const std::vector<float> prior = prior_features(ratings);
  const std::vector<std::uint32_t> counts = rating_counts(ratings);
  HybridInputs in;
  in.content = content;
  in.content_dimension = content_dimension;
  in.factors = std::span<const float>(als.item_factors.data(), static_cast<std::size_t>(als.item_factors.size()));
  in.factor_dimension = static_cast<std::size_t>(als.item_factors.cols());
  in.linear = std::span<const float>(linear.data(), static_cast<std::size_t>(linear.size()));
  in.linear_dimension = static_cast<std::size_t>(linear.cols());
  in.prior = prior;
  in.rating_counts = counts;
  return build_hybrid_vectors(in, choice.hybrid.config);
}

// The series the engine will derive from these vectors (series_index.hpp).
SeriesIndex shipped_series(const Catalog& catalog, const HybridVectors& vectors, const HybridConfig& config) {
  const HybridProfiles profiles(hybrid_space(vectors, config), vectors.rows);
  std::vector<std::uint32_t> counts(catalog.size());
  for (std::size_t row = 0; row < counts.size(); ++row) counts[row] = catalog.movie(row).rating_count;
  return likeness_series(catalog, profiles.likeness_rows(counts), profiles);
}

}  // namespace

HybridBuild build_hybrid(const InteractionLog& ratings, std::span<const float> content, std::size_t content_dimension,
                         const HybridBuildOptions& options, std::ostream& log) {
  if (content_dimension == 0 || content.size() != ratings.item_count() * content_dimension) {
    throw InputError("collaborative step: " + std::to_string(content.size()) + " content floats for " +
                     std::to_string(ratings.item_count()) + " movies of dimension " + std::to_string(content_dimension));
  }
  const FactorMatrix content_rows = Eigen::Map<const FactorMatrix>(
      content.data(), static_cast<Eigen::Index>(ratings.item_count()), static_cast<Eigen::Index>(content_dimension));
  // The series cap of the served re-rank needs the engine's series, which come from the shipped vectors:
  // they are made first with the validated defaults (and again below if tuning chose otherwise).
  HybridBuild out;
  const CollaborativeChoice defaults = validated_defaults();
  out.vectors = shipped_vectors(ratings, content, content_dimension, defaults, options.threads);
  std::optional<SeriesIndex> series;
  std::vector<std::uint32_t> genre_masks;
  if (options.catalog != nullptr) {
    series = shipped_series(*options.catalog, out.vectors, defaults.hybrid.config);
    genre_masks = options.catalog->genre_masks();
  }

  ComparisonOptions comparison;
  comparison.protocol = SplitProtocol::holdout;
  comparison.tune = options.tune;
  comparison.threads = options.threads;
  comparison.series = series ? &*series : nullptr;
  comparison.genre_masks = genre_masks;
  comparison.visitor_protocols = true;  // the manifest's evaluation carries the visitor table
  Comparison compared = compare_methods(ratings, content_rows, comparison, log);
  const CollaborativeChoice& choice = compared.choice;
  if (choice.tuned) out.vectors = shipped_vectors(ratings, content, content_dimension, choice, options.threads);
  const HybridConfig& config = choice.hybrid.config;
  const HybridSpace space = hybrid_space(out.vectors, config);
  space.check(out.vectors.dimension());
  out.hybrid = nlohmann::ordered_json{
      {"content_dimension", space.content_dimension},
      {"collaborative_dimension", space.collaborative_dimension},
      {"linear_dimension", space.linear_dimension},
      {"prior_dimension", space.prior_dimension},
      {"content_weight", config.content_weight},
      {"collaborative_weight", config.collaborative_weight},
      {"factor_scale", out.vectors.factor_scale},
      {"shrinkage_beta", config.shrinkage},
      {"profile", std::string(profile_rule_name(config.profile))},
      {"fold_in", {{"alpha", space.fold_in_alpha}, {"rating_confidence", space.fold_in_rating_confidence}}},
      {"prior", {{"features", {"popularity", "rating"}},
                 {"popularity", "ln(1 + ratings) / ln(1 + most ratings of a movie)"},
                 {"rating", "Bayesian average rating (10 ratings at the mean added) minus the mean rating"}}},
      {"queries", queries_json(space.queries)},
      {"als", als_json(choice.als)},
      {"linear", choice.linear ? low_rank_json(*choice.linear) : nlohmann::ordered_json()},
      {"tuning", choice.tuned ? "validation" : "defaults"}};
  out.evaluation = evaluation_manifest_json(compared.report);
  out.report = std::move(compared.report);

  const double hybrid = method_ndcg(out.report, "hybrid");
  const double ease = method_ndcg(out.report, "ease");
  std::ostringstream summary;
  summary << std::fixed << std::setprecision(4) << "served hybrid: NDCG@10 " << hybrid << " = " << std::setprecision(3)
          << (ease > 0.0 ? hybrid / ease : 0.0) << " x EASE";
  log << "\n" << methods_markdown(out.report) << "\n    " << summary.str() << "\n";
  return out;
}

}  // namespace movierec
