// The build's collaborative step: the manifest's "hybrid" and "evaluation" objects with their documented
// fields, the engine reading "hybrid" back, and the build and `movierec eval` sharing one comparison
// (the same numbers for the same settings). A synthetic catalog with taste groups keeps it fast; the
// last test runs the whole `movierec build` on the tiny MovieLens fixture with the real model.
#include "cli/hybrid_build.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "artifacts/artifact_loader.hpp"
#include "cli/build_command.hpp"
#include "evaluation/method_comparison.hpp"
#include "fixture_dataset.hpp"
#include "movierec/hybrid_space.hpp"

namespace movierec {
namespace {

constexpr std::uint32_t kUsers = 120;
constexpr std::uint32_t kMovies = 80;
constexpr std::uint32_t kGroups = 4;
constexpr std::size_t kContentDimension = 8;

std::uint64_t draw(std::uint64_t& state) { return state = splitmix64(state); }

// Users of group g rate about 15 movies of group g (3.5-5 stars) and a few others (1-3 stars).
InteractionLog taste_groups() {
  std::vector<std::uint32_t> users(kUsers), movies(kMovies);
  for (std::uint32_t u = 0; u < kUsers; ++u) users[u] = u + 1;
  for (std::uint32_t m = 0; m < kMovies; ++m) movies[m] = 10 * (m + 1);
  std::vector<Interaction> ratings;
  std::uint64_t state = 7;
  for (std::uint32_t u = 0; u < kUsers; ++u) {
    for (std::uint32_t m = 0; m < kMovies; ++m) {
      const bool own = m % kGroups == u % kGroups;
      const std::uint64_t r = draw(state) % 100;
      if (own && r < 75) ratings.push_back({u, m, 3.5F + 0.5F * static_cast<float>(r % 4), 0});
      if (!own && r < 6) ratings.push_back({u, m, 1.0F + 0.5F * static_cast<float>(r % 5), 0});
    }
  }
  return make_interaction_log(users, movies, ratings);
}

// Unit vectors near the group's axis.
std::vector<float> content_vectors() {
  std::vector<float> content(kMovies * kContentDimension);
  std::uint64_t state = 11;
  for (std::uint32_t m = 0; m < kMovies; ++m) {
    float* row = content.data() + m * kContentDimension;
    double norm = 0.0;
    for (std::size_t d = 0; d < kContentDimension; ++d) {
      row[d] = (d == m % kGroups ? 1.0F : 0.0F) + 0.3F * static_cast<float>(draw(state) % 1000) / 1000.0F;
      norm += static_cast<double>(row[d]) * row[d];
    }
    for (std::size_t d = 0; d < kContentDimension; ++d) row[d] = static_cast<float>(row[d] / std::sqrt(norm));
  }
  return content;
}

FactorMatrix as_matrix(const std::vector<float>& content) {
  return Eigen::Map<const FactorMatrix>(content.data(), kMovies, kContentDimension);
}

template <typename Json>
double ndcg_of(const Json& methods, const std::string& name) {
  for (const auto& m : methods) {
    if (m.at("name") == name) return m.at("ndcg_at_10").template get<double>();
  }
  ADD_FAILURE() << "no " << name << " row";
  return -1.0;
}

// The evaluation without its run times (the report's and each protocol's "seconds"), which differ per run.
nlohmann::ordered_json without_run_times(nlohmann::ordered_json evaluation) {
  evaluation.erase("seconds");
  if (evaluation.contains("protocols")) {
    for (auto& protocol : evaluation.at("protocols")) protocol.erase("seconds");
  }
  return evaluation;
}

template <typename Json>
void expect_documented_fields(const Json& hybrid, const Json& evaluation, std::size_t content_dimension) {
  EXPECT_EQ(hybrid.at("content_dimension"), content_dimension);
  EXPECT_EQ(hybrid.at("collaborative_dimension"), 64);
  EXPECT_EQ(hybrid.at("prior_dimension"), kPriorDimension);
  for (const char* key : {"content_weight", "collaborative_weight", "factor_scale", "shrinkage_beta"}) {
    EXPECT_TRUE(hybrid.at(key).is_number()) << key;
  }
  EXPECT_EQ(hybrid.at("profile"), "least_squares");
  const auto& fold_in = hybrid.at("fold_in");
  EXPECT_TRUE(fold_in.at("alpha").is_number());
  EXPECT_TRUE(fold_in.at("rating_confidence").is_boolean());
  for (const char* audience : {"visitor", "user"}) {
    const auto& q = hybrid.at("queries").at(audience);
    EXPECT_GT(q.at("fold_in_lambda").template get<double>(), 0.0) << audience;
    for (const char* key : {"audience_share", "popularity", "linear", "dislike", "not_interested", "calibration", "diversity",
                            "max_per_series", "disliked_neighbours"}) {
      EXPECT_TRUE(q.at(key).is_number()) << audience << "." << key;
    }
  }
  EXPECT_TRUE(hybrid.at("queries").at("similar").at("series_bonus").is_number());
  EXPECT_TRUE(hybrid.at("queries").at("similar").at("genre_bonus").is_number());
  EXPECT_TRUE(hybrid.at("queries").at("describe").at("popularity").is_number());
  const auto& als = hybrid.at("als");
  for (const char* key : {"factors", "regularization", "alpha", "confidence", "feedback", "iterations", "seed"}) {
    EXPECT_TRUE(als.contains(key)) << key;
  }
  EXPECT_TRUE(hybrid.at("tuning") == "defaults" || hybrid.at("tuning") == "validation");

  EXPECT_EQ(evaluation.at("protocol"), "ml-small-holdout-v1");
  for (const char* key : {"users", "heldout", "catalog", "hybrid_vs_ease_ndcg", "seconds"}) {
    EXPECT_TRUE(evaluation.at(key).is_number()) << key;
  }
  const auto& methods = evaluation.at("methods");
  ASSERT_EQ(methods.size(), 5U);
  const char* names[] = {"popularity", "content", "collaborative", "hybrid", "ease"};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(methods[i].at("name"), names[i]);
    for (const char* key : {"recall_at_10", "ndcg_at_10", "coverage_at_10", "mean_popularity_rank"}) {
      EXPECT_TRUE(methods[i].at(key).is_number()) << names[i] << " " << key;
    }
  }
  const auto& sweep = evaluation.at("audience_share");
  ASSERT_EQ(sweep.size(), 5U);
  const double shares[] = {0.0, 0.25, 0.5, 0.75, 1.0};
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(sweep[i].at("audience_share").template get<double>(), shares[i]);
    EXPECT_TRUE(sweep[i].at("recall_at_10").is_number());
    EXPECT_TRUE(sweep[i].at("ndcg_at_10").is_number());
  }
}

TEST(BuildHybrid, WritesTheDocumentedManifestFields) {
  const InteractionLog ratings = taste_groups();
  const std::vector<float> content = content_vectors();
  std::ostringstream log;
  const HybridBuild built = build_hybrid(ratings, content, kContentDimension, {}, log);
  expect_documented_fields(built.hybrid, built.evaluation, kContentDimension);
  EXPECT_EQ(built.hybrid.at("tuning"), "defaults");
  EXPECT_NE(log.str().find("served hybrid: NDCG@10"), std::string::npos) << log.str();

  // The shipped rows: the content block is w_c times the content vector; the prior block ends them.
  ASSERT_EQ(built.vectors.dimension(), kContentDimension + 64 + 128 + kPriorDimension);
  EXPECT_EQ(built.hybrid.at("linear_dimension"), 128);
  ASSERT_EQ(built.vectors.size(), kMovies);
  const float w_c = built.hybrid.at("content_weight").get<float>();
  EXPECT_NEAR(built.vectors.row(5)[3], w_c * content[5 * kContentDimension + 3], 1e-6F);

  // The engine reads the object back into the same space the evaluation used.
  const HybridSpace space = hybrid_space_from_json(built.hybrid.dump(), built.vectors.dimension());
  EXPECT_EQ(space.content_dimension, kContentDimension);
  EXPECT_EQ(space.collaborative_dimension, 64U);
  EXPECT_FLOAT_EQ(space.content_weight, w_c);
  const float block_scale = built.hybrid.at("collaborative_weight").get<float>() * built.hybrid.at("factor_scale").get<float>();
  EXPECT_FLOAT_EQ(space.queries.user.fold_in_regularization, 30.0F * block_scale * block_scale);
  EXPECT_FLOAT_EQ(space.fold_in_alpha, 0.75F);
  EXPECT_TRUE(space.fold_in_rating_confidence);
  EXPECT_EQ(space.prior_dimension, kPriorDimension);

  // On taste groups the blend should beat content alone clearly.
  EXPECT_GT(ndcg_of(built.evaluation.at("methods"), "hybrid"), ndcg_of(built.evaluation.at("methods"), "content"));
}

// The audience-share sweep's ends are the two halves: share 0 ranks like the content method, share 1 by
// the audience blocks alone (the ALS fold-in, beta = 0 reproducing the ALS user factors, plus the linear
// block, which only adds), 0.5 is the "hybrid" row.
TEST(BuildHybrid, AudienceShareEndsAreCollaborativeAndContent) {
  std::ostringstream log;
  const Comparison compared = compare_methods(taste_groups(), as_matrix(content_vectors()), {}, log);
  const EvalReport& report = compared.report;
  ASSERT_EQ(report.audience_shares.size(), 5U);
  EXPECT_NEAR(report.audience_shares[0].metrics.ndcg, method_ndcg(report, "content"), 1e-3);
  EXPECT_DOUBLE_EQ(report.audience_shares[2].metrics.ndcg, method_ndcg(report, "hybrid"));
  EXPECT_GE(report.audience_shares[4].metrics.ndcg, method_ndcg(report, "collaborative") - 1e-3);
}

// `movierec eval` (tuned, with every profile rule) and `movierec build --tune` run the same comparison:
// the five served rows and the chosen hybrid agree exactly.
TEST(BuildHybrid, TunedBuildReportsWhatEvalReports) {
  const InteractionLog ratings = taste_groups();
  const std::vector<float> content = content_vectors();
  std::ostringstream log;
  HybridBuildOptions build_options;
  build_options.tune = true;
  const HybridBuild built = build_hybrid(ratings, content, kContentDimension, build_options, log);
  expect_documented_fields(built.hybrid, built.evaluation, kContentDimension);
  EXPECT_EQ(built.hybrid.at("tuning"), "validation");

  ComparisonOptions eval_options;  // what evaluate_methods asks for
  eval_options.tune = true;
  eval_options.compare_profile_rules = true;
  eval_options.visitor_protocols = true;  // the build's evaluation carries the visitor table
  const Comparison evaluated = compare_methods(ratings, as_matrix(content), eval_options, log);
  const auto served = without_run_times(evaluation_manifest_json(evaluated.report));
  const auto from_build = without_run_times(built.evaluation);
  EXPECT_EQ(served, from_build) << nlohmann::ordered_json::diff(served, from_build).dump(1);
  EXPECT_EQ(evaluated.report.hybrid_config.at("content_weight"), built.hybrid.at("content_weight"));
  EXPECT_EQ(evaluated.report.hybrid_config.at("shrinkage_beta"), built.hybrid.at("shrinkage_beta"));
  EXPECT_EQ(method_ndcg(evaluated.report, "hybrid_least_squares"), method_ndcg(evaluated.report, "hybrid"));

  // Without tuning both use the validated defaults and agree too.
  const HybridBuild defaults = build_hybrid(ratings, content, kContentDimension, {}, log);
  ComparisonOptions default_options;
  default_options.visitor_protocols = true;
  const auto default_eval =
      without_run_times(evaluation_manifest_json(compare_methods(ratings, as_matrix(content), default_options, log).report));
  const auto default_build = without_run_times(defaults.evaluation);
  EXPECT_EQ(default_eval, default_build) << nlohmann::ordered_json::diff(default_eval, default_build).dump(1);
}

// The whole build on the tiny MovieLens fixture with the real model: manifest.json carries "hybrid" and
// "evaluation", the index has the four blocks' dimension, and the artifacts load.
TEST(BuildCommand, WritesHybridAndEvaluationIntoTheManifest) {
  const char* model = std::getenv("MOVIEREC_MODEL_DIR");
  if (model == nullptr) GTEST_SKIP() << "MOVIEREC_MODEL_DIR not set (pipeline/model/fetch_model.sh DIR)";
  const std::filesystem::path data = testing::materialize_fixture("movielens_tiny");
  BuildOptions options;
  options.data_dir = data;
  options.model_dir = model;
  options.out_dir = data.parent_path() / "artifacts";
  std::ostringstream log;
  ASSERT_EQ(run_build(options, log), 0) << log.str();
  EXPECT_NE(log.str().find("collaborative"), std::string::npos);

  const LoadedArtifacts loaded = load_artifacts(options.out_dir);
  const auto& manifest = loaded.manifest;
  ASSERT_TRUE(manifest.contains("hybrid")) << manifest.dump(2);
  ASSERT_TRUE(manifest.contains("evaluation")) << manifest.dump(2);
  expect_documented_fields(manifest.at("hybrid"), manifest.at("evaluation"), 384);
  EXPECT_EQ(manifest.at("model").at("dimension"), 384);
  // content 384 | collaborative 64 | linear 128 | prior 2
  EXPECT_EQ(manifest.at("index").at("dimension"), 578);
  EXPECT_EQ(loaded.recommender->index().dimension(), 578U);
  EXPECT_EQ(loaded.recommender->space().collaborative_dimension, 64U);
  EXPECT_EQ(loaded.recommender->space().linear_dimension, 128U);
  EXPECT_EQ(loaded.recommender->space().prior_dimension, 2U);
  // The shipped series are the ones the engine derives from the shipped index and manifest.
  const auto& catalog = loaded.recommender->catalog();
  ASSERT_EQ(catalog.series().size(), catalog.size());
  Catalog without_series(catalog.genre_names(), catalog.movies());
  const Recommender deriving(std::move(without_series), RatingsMatrix{},
                             VectorIndex::decode(read_verified_artifact(options.out_dir, manifest, "index.faiss"), catalog.size()),
                             loaded.recommender->space());
  EXPECT_EQ(deriving.series().series(), catalog.series());
  std::filesystem::remove_all(data.parent_path());
}

}  // namespace
}  // namespace movierec
