#include "eval_command.hpp"

#include <chrono>
#include <ctime>
#include <fstream>
#include <iomanip>

#include "artifact_loader.hpp"
#include "ease_model.hpp"
#include "eval_method_scores.hpp"
#include "eval_tuning.hpp"
#include "movielens_dataset.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// Wall and process CPU time since construction, for the progress log and the report.
class Stopwatch {
 public:
  double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count(); }
  double cpu() const { return static_cast<double>(std::clock() - cpu_start_) / CLOCKS_PER_SEC; }

 private:
  std::chrono::steady_clock::time_point wall_start_ = std::chrono::steady_clock::now();
  std::clock_t cpu_start_ = std::clock();
};

void progress(std::ostream& log, const Stopwatch& clock, const std::string& what) {
  log << "[" << std::fixed << std::setprecision(1) << clock.wall() << " s wall, " << clock.cpu() << " s cpu] "
      << std::defaultfloat << std::setprecision(6) << what << "\n"
      << std::flush;
}

FactorMatrix content_vectors(const Recommender& recommender) {
  const VectorIndex& index = recommender.index();
  FactorMatrix content(static_cast<Eigen::Index>(recommender.catalog().size()), static_cast<Eigen::Index>(index.dimension()));
  for (Eigen::Index i = 0; i < content.rows(); ++i) {
    index.vector_into(static_cast<std::uint32_t>(i), std::span<float>(content.row(i).data(), static_cast<std::size_t>(content.cols())));
  }
  return content;
}

nlohmann::ordered_json als_json(const AlsChoice& choice) {
  return nlohmann::ordered_json{{"factors", choice.config.factors},
          {"regularization", choice.config.regularization},
          {"alpha", choice.config.alpha},
          {"confidence", choice.config.rating_confidence ? "1 + alpha * rating" : "1 + alpha"},
          {"feedback", feedback_set_name(choice.feedback)},
          {"iterations", choice.config.iterations},
          {"seed", choice.config.seed},
          {"validation_ndcg_at_10", choice.validation_ndcg}};
}

// The hybrid's settings; the served one also gets the factor scale and the ALS fit it was built from.
nlohmann::ordered_json hybrid_json(const HybridConfig& c, double validation_ndcg) {
  return nlohmann::ordered_json{{"profile", std::string(profile_rule_name(c.profile))},
                                {"content_weight", c.content_weight},
                                {"collaborative_weight", c.collaborative_weight},
                                {"shrinkage_beta", c.shrinkage},
                                {"shrinkage_count", "ratings per movie"},
                                {"fold_in", {{"regularization", c.fold_in_regularization},
                                             {"alpha", c.fold_in_alpha},
                                             {"rating_confidence", c.fold_in_rating_confidence},
                                             {"feedback", feedback_set_name(c.fold_in_feedback)}}},
                                {"validation_ndcg_at_10", validation_ndcg}};
}

}  // namespace

EvalReport evaluate_methods(const EvalOptions& options, std::ostream& log) {
  const Stopwatch clock;
  const Dataset dataset = load_dataset(options.data_dir);
  const LoadedArtifacts artifacts = load_artifacts(options.artifacts_dir);
  const Recommender& recommender = *artifacts.recommender;
  const InteractionLog ratings = interaction_log(dataset, recommender.catalog());
  const EvaluationSplit test = split(ratings, options.protocol, kTestSalt);
  const EvaluationSplit validation = split(test.train, options.protocol, kValidationSalt);
  const FactorMatrix content = content_vectors(recommender);
  progress(log, clock,
           "loaded " + std::to_string(ratings.interactions.size()) + " ratings; test: " +
               std::to_string(test.evaluated_users.size()) + " users / " + std::to_string(test.held_out_count()) +
               " held out; validation: " + std::to_string(validation.evaluated_users.size()) + " users / " +
               std::to_string(validation.held_out_count()) + " held out");

  EvalReport report;
  report.protocol = options.protocol;
  report.users = test.evaluated_users.size();
  report.held_out = test.held_out_count();
  report.catalog_size = ratings.item_count();
  const std::vector<std::uint32_t> popularity_rank = popularity_ranks(positive_counts(test.train));
  const auto& users = test.evaluated_users;
  const auto add = [&](const std::string& name, const ScoreMatrix& scores) {
    report.methods.push_back({name, evaluate_scores(test, scores, popularity_rank)});
    const RankingMetrics& m = report.methods.back().metrics;
    progress(log, clock, name + ": NDCG@10 " + std::to_string(m.ndcg) + ", Recall@10 " + std::to_string(m.recall));
  };

  add("popularity", popularity_scores(test.train, users));
  add("content", content_scores(test.train, content, users));

  std::vector<ValidationTrial> trials;
  const AlsChoice als = tune_als(validation, options.threads, trials, log);
  progress(log, clock, "tuned collaborative");
  const ImplicitAlsModel als_model = fit_implicit_als(feedback_matrix(test.train, als.feedback), als.config);
  add("collaborative", als_scores(als_model, users));

  const ImplicitAlsModel validation_als = fit_implicit_als(feedback_matrix(validation.train, als.feedback), als.config);
  const std::vector<HybridChoice> hybrids = tune_hybrid(validation, content, validation_als, als, trials, log);
  progress(log, clock, "tuned hybrid");
  const std::vector<std::uint32_t> counts = rating_counts(test.train);
  const std::span<const float> content_span(content.data(), static_cast<std::size_t>(content.size()));
  const std::span<const float> factor_span(als_model.item_factors.data(), static_cast<std::size_t>(als_model.item_factors.size()));
  std::size_t chosen = 0;
  for (std::size_t r = 1; r < hybrids.size(); ++r) {
    if (hybrids[r].validation_ndcg > hybrids[chosen].validation_ndcg) chosen = r;
  }
  // The served hybrid first, then every profile rule with its own tuned weights for comparison.
  std::vector<MethodResult> rule_rows;
  for (std::size_t r = 0; r < hybrids.size(); ++r) {
    const HybridConfig& config = hybrids[r].config;
    const HybridVectors vectors = build_hybrid_vectors(content_span, static_cast<std::size_t>(content.cols()), factor_span,
                                                       static_cast<std::size_t>(als_model.item_factors.cols()), counts, config);
    add("hybrid_" + std::string(profile_rule_name(config.profile)), hybrid_scores(test.train, vectors, config, users));
    rule_rows.push_back(report.methods.back());
    report.methods.pop_back();
    if (r == chosen) {
      report.methods.push_back({"hybrid", rule_rows.back().metrics});
      report.hybrid_config = hybrid_json(config, hybrids[r].validation_ndcg);
      report.hybrid_config["factor_scale"] = vectors.factor_scale;
      report.hybrid_config["als"] = als_json(als);
    }
  }

  const EaseChoice ease = tune_ease(validation, trials, log);
  progress(log, clock, "tuned ease");
  add("ease", EaseModel(feedback_matrix(test.train, ease.feedback), ease.lambda).score_users(users));
  for (MethodResult& row : rule_rows) report.methods.push_back(std::move(row));

  report.hyperparameters = nlohmann::ordered_json{{"collaborative", als_json(als)},
                            {"ease", nlohmann::ordered_json{{"lambda", ease.lambda},
                                      {"feedback", feedback_set_name(ease.feedback)},
                                      {"validation_ndcg_at_10", ease.validation_ndcg}}}};
  for (const HybridChoice& h : hybrids) {
    report.hyperparameters["hybrid_" + std::string(profile_rule_name(h.config.profile))] =
        hybrid_json(h.config, h.validation_ndcg);
  }
  report.hyperparameters["validation"] = nlohmann::ordered_json{{"users", validation.evaluated_users.size()},
                                          {"heldout", validation.held_out_count()},
                                          {"trials", trials.size()}};
  report.wall_seconds = clock.wall();
  report.cpu_seconds = clock.cpu();
  progress(log, clock, "done");
  return report;
}

int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& log) {
  const EvalReport report = evaluate_methods(options, log);
  if (options.json) {
    out << report_json(report).dump() << "\n";
    return 0;
  }
  const std::filesystem::path dir = options.reports_dir / std::string(protocol_name(options.protocol));
  std::filesystem::create_directories(dir);
  const std::string markdown = results_markdown(report);
  const auto write = [](const std::filesystem::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file) throw Error("could not write " + path.string());
  };
  write(dir / "results.md", markdown);
  write(dir / "results.svg", results_svg(report));
  out << markdown << "\nWrote " << (dir / "results.md").string() << " and " << (dir / "results.svg").string() << "\n";
  return 0;
}

}  // namespace movierec
