#include "cli/hybrid_build.hpp"

#include <iomanip>
#include <sstream>
#include <string>

#include "evaluation/method_comparison.hpp"
#include "evaluation/method_scores.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

nlohmann::ordered_json profile_json(const ProfileSettings& s) {
  return {{"audience_share", s.audience_share}, {"fold_in_lambda", s.fold_in_regularization},
          {"popularity", s.popularity},         {"dislike", s.dislike},
          {"not_interested", s.not_interested}, {"diversity", s.diversity},
          {"max_per_series", s.max_per_series}};
}

// The manifest's hybrid.queries: every knob the engine turns per kind of question (hybrid_space.hpp).
nlohmann::ordered_json queries_json(const QuerySettings& q) {
  return {{"visitor", profile_json(q.visitor)},
          {"user", profile_json(q.user)},
          {"similar", {{"audience_share", q.similar.audience_share}, {"series_bonus", q.similar.series_bonus}}},
          {"describe", {{"popularity", q.describe.popularity}, {"rating", q.describe.rating}}}};
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
  ComparisonOptions comparison;
  comparison.protocol = SplitProtocol::holdout;
  comparison.tune = options.tune;
  comparison.threads = options.threads;
  // No series here: they come from the engine, which needs the index this step is about to produce, so
  // the build's comparison reports no series metrics (and no visitor protocols: `movierec eval` has them).
  comparison.series = nullptr;
  Comparison compared = compare_methods(ratings, content_rows, comparison, log);
  const CollaborativeChoice& choice = compared.choice;

  // The shipped vectors: the same settings, fit on every rating instead of the test split's train.
  ImplicitAlsConfig als_config = choice.als.config;
  als_config.threads = options.threads;
  const ImplicitAlsModel als = fit_implicit_als(feedback_matrix(ratings, choice.als.feedback), als_config);
  const HybridConfig& config = choice.hybrid.config;
  HybridBuild out;
  out.vectors = build_hybrid_vectors(
      content, content_dimension,
      std::span<const float>(als.item_factors.data(), static_cast<std::size_t>(als.item_factors.size())),
      static_cast<std::size_t>(als.item_factors.cols()), prior_features(ratings), rating_counts(ratings), config);
  const HybridSpace space = hybrid_space(out.vectors, config);
  space.check(out.vectors.dimension());
  out.hybrid = nlohmann::ordered_json{
      {"content_dimension", space.content_dimension},
      {"collaborative_dimension", space.collaborative_dimension},
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
