#include "evaluation/method_comparison.hpp"

#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <string>

#include "artifacts/index_builder.hpp"
#include "collaborative/ease_model.hpp"
#include "evaluation/method_scores.hpp"

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
  log << "    [" << std::fixed << std::setprecision(1) << clock.wall() << " s wall, " << clock.cpu() << " s cpu] "
      << std::defaultfloat << std::setprecision(6) << what << "\n"
      << std::flush;
}

// The hybrid's settings; validation NDCG only when they were tuned.
nlohmann::ordered_json hybrid_json(const HybridChoice& choice, bool tuned) {
  const HybridConfig& c = choice.config;
  nlohmann::ordered_json out{{"profile", std::string(profile_rule_name(c.profile))},
                             {"content_weight", c.content_weight},
                             {"collaborative_weight", c.collaborative_weight},
                             {"shrinkage_beta", c.shrinkage},
                             {"shrinkage_count", "ratings per movie"},
                             {"fold_in", {{"regularization", c.fold_in_regularization},
                                          {"alpha", c.fold_in_alpha},
                                          {"rating_confidence", c.fold_in_rating_confidence},
                                          {"feedback", feedback_set_name(c.fold_in_feedback)}}}};
  if (tuned) out["validation_ndcg_at_10"] = choice.validation_ndcg;
  return out;
}

}  // namespace

CollaborativeChoice validated_defaults() {
  CollaborativeChoice choice;
  choice.als.config.factors = 64;
  choice.als.config.regularization = 30.0F;
  choice.als.config.alpha = 0.75F;
  choice.als.config.rating_confidence = true;
  choice.als.config.iterations = 12;
  choice.als.config.seed = 42;
  choice.als.feedback = FeedbackSet::positives;
  choice.hybrid.config = hybrid_base_config(choice.als, HybridProfileRule::least_squares);
  choice.hybrid.config.content_weight = static_cast<float>(std::pow(10.0, -0.25));  // the tuning grid's rho = 10^0.5
  choice.hybrid.config.collaborative_weight = 1.0F;
  choice.hybrid.config.shrinkage = 0.0F;
  choice.ease.lambda = 200.0;
  choice.ease.feedback = FeedbackSet::all_ratings;
  return choice;
}

nlohmann::ordered_json als_json(const AlsChoice& choice) {
  return nlohmann::ordered_json{{"factors", choice.config.factors},
                                {"regularization", choice.config.regularization},
                                {"alpha", choice.config.alpha},
                                {"confidence", choice.config.rating_confidence ? "1 + alpha * rating" : "1 + alpha"},
                                {"feedback", feedback_set_name(choice.feedback)},
                                {"iterations", choice.config.iterations},
                                {"seed", choice.config.seed}};
}

Comparison compare_methods(const InteractionLog& ratings, const FactorMatrix& content, const ComparisonOptions& options,
                           std::ostream& log) {
  const Stopwatch clock;
  const EvaluationSplit test = split(ratings, options.protocol, kTestSalt);
  Comparison out;
  EvalReport& report = out.report;
  report.protocol = options.protocol;
  report.users = test.evaluated_users.size();
  report.held_out = test.held_out_count();
  report.catalog_size = ratings.item_count();
  progress(log, clock,
           std::string(protocol_name(options.protocol)) + ": " + std::to_string(ratings.interactions.size()) +
               " ratings; test " + std::to_string(report.users) + " users / " + std::to_string(report.held_out) +
               " held out");

  const std::vector<std::uint32_t> popularity_rank = popularity_ranks(positive_counts(test.train));
  const auto& users = test.evaluated_users;
  const auto score = [&](const ScoreMatrix& scores) { return evaluate_scores(test, scores, popularity_rank); };
  const auto add = [&](const std::string& name, const RankingMetrics& m) {
    report.methods.push_back({name, m});
    progress(log, clock, name + ": NDCG@10 " + std::to_string(m.ndcg) + ", Recall@10 " + std::to_string(m.recall));
  };
  add("popularity", score(popularity_scores(test.train, users)));
  add("content", score(content_scores(test.train, content, users)));

  CollaborativeChoice& choice = out.choice;
  choice = validated_defaults();
  choice.als.config.threads = options.threads;
  std::vector<ValidationTrial> trials;
  std::vector<HybridChoice> rules;  // with tuning: the best of each profile rule, in HybridProfileRule order
  if (options.tune) {
    const EvaluationSplit validation = split(test.train, options.protocol, kValidationSalt);
    progress(log, clock,
             "validation: " + std::to_string(validation.evaluated_users.size()) + " users / " +
                 std::to_string(validation.held_out_count()) + " held out");
    choice.als = tune_als(validation, options.threads, trials, log);
    progress(log, clock, "tuned collaborative");
    const ImplicitAlsModel validation_als =
        fit_implicit_als(feedback_matrix(validation.train, choice.als.feedback), choice.als.config);
    rules = tune_hybrid(validation, content, validation_als, choice.als, trials, log);
    choice.hybrid = rules.at(static_cast<std::size_t>(HybridProfileRule::least_squares));
    progress(log, clock, "tuned hybrid");
    choice.ease = tune_ease(validation, trials, log);
    progress(log, clock, "tuned ease");
    choice.tuned = true;
    report.hyperparameters["validation"] = nlohmann::ordered_json{{"users", validation.evaluated_users.size()},
                                                                  {"heldout", validation.held_out_count()},
                                                                  {"trials", trials.size()}};
  }

  const ImplicitAlsModel als = fit_implicit_als(feedback_matrix(test.train, choice.als.feedback), choice.als.config);
  add("collaborative", score(als_scores(als, users)));

  const std::vector<std::uint32_t> counts = rating_counts(test.train);
  const auto vectors_for = [&](const HybridConfig& config) {
    return build_hybrid_vectors(std::span<const float>(content.data(), static_cast<std::size_t>(content.size())),
                                static_cast<std::size_t>(content.cols()),
                                std::span<const float>(als.item_factors.data(), static_cast<std::size_t>(als.item_factors.size())),
                                static_cast<std::size_t>(als.item_factors.cols()), counts, config);
  };
  const HybridConfig& served_config = choice.hybrid.config;
  HybridVectors served = vectors_for(served_config);
  if (!options.served_index_factory.empty()) {
    served.rows = round_trip(served.rows, served.dimension(), options.served_index_factory);
    progress(log, clock, "served hybrid vectors encoded as " + options.served_index_factory + " and decoded");
  }
  RankingMetrics served_metrics;
  for (const float share : kAudienceShares) {
    const RankingMetrics m = score(hybrid_scores(test.train, served, served_config, users, share));
    report.audience_shares.push_back({share, m});
    if (share == kDefaultAudienceShare) {
      served_metrics = m;
      add("hybrid", m);
    } else {
      progress(log, clock, "hybrid at audience share " + std::to_string(share) + ": NDCG@10 " + std::to_string(m.ndcg));
    }
  }
  add("ease", score(EaseModel(feedback_matrix(test.train, choice.ease.feedback), choice.ease.lambda).score_users(users)));

  if (options.compare_profile_rules) {
    for (const HybridChoice& rule : rules) {
      const std::string name = "hybrid_" + std::string(profile_rule_name(rule.config.profile));
      if (rule.config.profile == HybridProfileRule::least_squares) {
        add(name, served_metrics);  // the served hybrid itself
      } else {
        add(name, score(hybrid_scores(test.train, vectors_for(rule.config), rule.config, users)));
      }
    }
  }

  report.hybrid_config = hybrid_json(choice.hybrid, choice.tuned);
  report.hybrid_config["factor_scale"] = served.factor_scale;
  report.hybrid_config["als"] = als_json(choice.als);
  report.hybrid_config["tuning"] = choice.tuned ? "validation" : "defaults";
  report.hyperparameters["collaborative"] = als_json(choice.als);
  report.hyperparameters["ease"] = nlohmann::ordered_json{{"lambda", choice.ease.lambda},
                                                          {"feedback", feedback_set_name(choice.ease.feedback)}};
  if (choice.tuned) {
    report.hyperparameters["collaborative"]["validation_ndcg_at_10"] = choice.als.validation_ndcg;
    report.hyperparameters["ease"]["validation_ndcg_at_10"] = choice.ease.validation_ndcg;
  }
  for (const HybridChoice& rule : rules) {
    report.hyperparameters["hybrid_" + std::string(profile_rule_name(rule.config.profile))] = hybrid_json(rule, true);
  }
  report.wall_seconds = clock.wall();
  report.cpu_seconds = clock.cpu();
  progress(log, clock, "compared the methods");
  return out;
}

}  // namespace movierec
