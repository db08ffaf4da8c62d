#include "evaluation/tuning.hpp"

#include <cmath>
#include <iomanip>
#include <iterator>
#include <map>
#include <sstream>

#include "collaborative/ease_model.hpp"
#include "evaluation/evaluation_protocols.hpp"
#include "evaluation/method_scores.hpp"

namespace movierec {
namespace {

double validation_ndcg(const EvaluationSplit& validation, const ScoreMatrix& scores) {
  const std::vector<std::uint32_t> unused_ranks(validation.train.item_count(), 1);  // not part of NDCG
  return evaluate_scores(validation, scores, unused_ranks).ndcg;
}

std::string describe(const ImplicitAlsConfig& c, FeedbackSet feedback) {
  std::ostringstream out;
  out << "feedback=" << feedback_set_name(feedback) << " confidence=" << (c.rating_confidence ? "rating" : "binary")
      << " alpha=" << c.alpha << " regularization=" << c.regularization << " factors=" << c.factors;
  return out.str();
}

void log_trial(std::ostream& log, const ValidationTrial& trial) {
  log << "  " << trial.method << " " << trial.setting << ": validation NDCG@10 " << std::fixed << std::setprecision(4)
      << trial.ndcg << std::defaultfloat << std::setprecision(6) << "\n"
      << std::flush;
}

}  // namespace

HybridConfig hybrid_base_config(const AlsChoice& als, HybridProfileRule rule) {
  HybridConfig config;
  config.profile = rule;
  config.queries.visitor.fold_in_regularization = als.config.regularization;
  config.queries.user.fold_in_regularization = als.config.regularization;
  config.fold_in_alpha = als.config.alpha;
  config.fold_in_rating_confidence = als.config.rating_confidence;
  return config;
}

AlsChoice tune_als(const EvaluationSplit& validation, unsigned threads, std::vector<ValidationTrial>& trials,
                   std::ostream& log) {
  std::map<std::string, double> seen;
  const FeedbackMatrix positives = feedback_matrix(validation.train, FeedbackSet::positives);
  const FeedbackMatrix all = feedback_matrix(validation.train, FeedbackSet::all_ratings);
  const auto score = [&](const AlsChoice& choice) {
    const std::string key = describe(choice.config, choice.feedback);
    if (const auto it = seen.find(key); it != seen.end()) return it->second;
    const ImplicitAlsModel model =
        fit_implicit_als(choice.feedback == FeedbackSet::positives ? positives : all, choice.config);
    const double ndcg = validation_ndcg(validation, als_scores(model, validation.evaluated_users));
    seen.emplace(key, ndcg);
    trials.push_back({"collaborative", key, ndcg});
    log_trial(log, trials.back());
    return ndcg;
  };

  AlsChoice best;
  best.config.threads = threads;
  best.validation_ndcg = -1.0;
  const auto try_candidate = [&](AlsChoice candidate) {
    if (const double ndcg = score(candidate); ndcg > best.validation_ndcg) {
      best = candidate;
      best.validation_ndcg = ndcg;
    }
  };
  // alpha and regularization trade off against each other (what matters is roughly
  // regularization / confidence), so they are searched together; the rest one axis at a time.
  for (float alpha : {1.0F, 3.0F, 10.0F}) {
    for (float reg : {3.0F, 10.0F, 30.0F, 100.0F}) {
      AlsChoice candidate = best;
      candidate.config.alpha = alpha;
      candidate.config.regularization = reg;
      try_candidate(candidate);
    }
  }
  {
    AlsChoice candidate = best;
    candidate.feedback = FeedbackSet::all_ratings;
    try_candidate(candidate);
  }
  {
    AlsChoice candidate = best;  // ratings average ~4, so alpha / 4 keeps the mean confidence
    candidate.config.rating_confidence = true;
    candidate.config.alpha = best.config.alpha / 4.0F;
    try_candidate(candidate);
  }
  for (int factors : {32, 128}) {
    AlsChoice candidate = best;
    candidate.config.factors = factors;
    try_candidate(candidate);
  }
  const float reg = best.config.regularization;
  for (float scale : {0.5F, 2.0F}) {
    AlsChoice candidate = best;
    candidate.config.regularization = reg * scale;
    try_candidate(candidate);
  }
  return best;
}

EaseChoice tune_ease(const EvaluationSplit& validation, std::vector<ValidationTrial>& trials, std::ostream& log) {
  EaseChoice best;
  best.validation_ndcg = -1.0;
  for (FeedbackSet set : {FeedbackSet::positives, FeedbackSet::all_ratings}) {
    const FeedbackMatrix x = feedback_matrix(validation.train, set);
    for (double lambda : {25.0, 50.0, 100.0, 200.0, 350.0, 500.0, 750.0, 1000.0, 1500.0, 2500.0}) {
      const EaseModel model(x, lambda);
      const double ndcg = validation_ndcg(validation, model.score_users(validation.evaluated_users));
      std::ostringstream key;
      key << "feedback=" << feedback_set_name(set) << " lambda=" << lambda;
      trials.push_back({"ease", key.str(), ndcg});
      log_trial(log, trials.back());
      if (ndcg > best.validation_ndcg) best = {lambda, set, ndcg};
    }
  }
  return best;
}

EaseChoice tune_ease_for_visitors(const EvaluationSplit& validation, unsigned threads, std::vector<ValidationTrial>& trials,
                                  std::ostream& log) {
  struct Setting {
    FeedbackSet feedback;
    double lambda;
  };
  std::vector<Setting> settings;
  for (const FeedbackSet set : {FeedbackSet::positives, FeedbackSet::all_ratings}) {
    for (const double lambda : kVisitorEaseLambdas) settings.push_back({set, lambda});
  }
  constexpr std::size_t kSizes = std::size(kVisitorEaseProfileSizes);
  // One job per (profile size, fold): its users and, per setting, their ranked lists.
  struct FoldLists {
    std::vector<std::uint32_t> users;
    std::vector<std::vector<std::vector<std::uint32_t>>> lists;
  };
  std::vector<FoldLists> jobs(kSizes * kVisitorFolds);
  run_in_parallel(jobs.size(), threads, [&](std::size_t job) {
    const VisitorProtocol protocol{kVisitorEaseProfileSizes[job / kVisitorFolds], false};
    const EvaluationSplit fold = visitor_split(validation, protocol, static_cast<std::uint32_t>(job % kVisitorFolds));
    FoldLists& out = jobs[job];
    out.users = fold.evaluated_users;
    if (out.users.empty()) return;
    const FeedbackMatrix positives = feedback_matrix(fold.train, FeedbackSet::positives);
    const FeedbackMatrix all = feedback_matrix(fold.train, FeedbackSet::all_ratings);
    for (const Setting& setting : settings) {
      const EaseModel model(setting.feedback == FeedbackSet::positives ? positives : all, setting.lambda);
      out.lists.push_back(top_lists(fold.train, out.users, model.score_users(out.users)));
    }
  });

  const std::vector<std::uint32_t> unused_ranks(validation.train.item_count(), 1);  // not part of NDCG
  EaseChoice best;
  best.validation_ndcg = -1.0;
  for (std::size_t s = 0; s < settings.size(); ++s) {
    double sum = 0.0;
    std::ostringstream per_size;
    for (std::size_t n = 0; n < kSizes; ++n) {
      RankingEvaluator evaluator(unused_ranks, kEvaluationCutoff);
      for (std::size_t f = 0; f < kVisitorFolds; ++f) {
        const FoldLists& fold = jobs[n * kVisitorFolds + f];
        if (!fold.users.empty()) add_lists(evaluator, fold.lists[s], fold.users, validation.held_out);
      }
      const double ndcg = evaluator.metrics().ndcg;  // 0 when no validation user has a held-out positive
      sum += ndcg;
      per_size << " visitor-" << kVisitorEaseProfileSizes[n] << "=" << std::fixed << std::setprecision(4) << ndcg;
    }
    std::ostringstream key;
    key << "feedback=" << feedback_set_name(settings[s].feedback) << " lambda=" << settings[s].lambda << per_size.str();
    trials.push_back({"ease_visitor", key.str(), sum / static_cast<double>(kSizes)});
    log_trial(log, trials.back());
    if (trials.back().ndcg > best.validation_ndcg) best = {settings[s].lambda, settings[s].feedback, trials.back().ndcg};
  }
  return best;
}

std::vector<HybridChoice> tune_hybrid(const EvaluationSplit& validation, const FactorMatrix& content,
                                      const ImplicitAlsModel& als, const AlsChoice& als_choice,
                                      std::vector<ValidationTrial>& trials, std::ostream& log) {
  const std::vector<std::uint32_t> counts = rating_counts(validation.train);
  const auto dc = static_cast<Eigen::Index>(content.cols());
  const auto f = static_cast<Eigen::Index>(als.item_factors.cols());
  const std::span<const float> content_span(content.data(), static_cast<std::size_t>(content.size()));
  const std::span<const float> factor_span(als.item_factors.data(), static_cast<std::size_t>(als.item_factors.size()));
  const auto& users = validation.evaluated_users;

  // Scores split by block: score = w_c^2 * content block + (w_a^2, or 1 for least squares) * collaborative
  // block, so each (rule, beta) needs one pass of profiles and the balance is swept on the two matrices.
  std::vector<HybridChoice> best;
  std::map<bool, ScoreMatrix> content_block;  // keyed by "rating weighted"
  for (HybridProfileRule rule :
       {HybridProfileRule::mean_of_liked, HybridProfileRule::rating_weighted, HybridProfileRule::least_squares}) {
    HybridChoice rule_best{hybrid_base_config(als_choice, rule), -1.0};
    for (float beta : {0.0F, 2.0F, 5.0F, 10.0F, 25.0F, 50.0F}) {
      HybridConfig unit = hybrid_base_config(als_choice, rule);
      unit.shrinkage = beta;
      HybridInputs inputs;
      inputs.content = content_span;
      inputs.content_dimension = static_cast<std::size_t>(dc);
      inputs.factors = factor_span;
      inputs.factor_dimension = static_cast<std::size_t>(f);
      inputs.rating_counts = counts;
      const HybridVectors vectors = build_hybrid_vectors(inputs, unit);
      const FactorMatrix profiles = hybrid_profiles(validation.train, vectors, unit, users);
      const Eigen::Map<const FactorMatrix> items(vectors.rows.data(), static_cast<Eigen::Index>(vectors.size()),
                                                 static_cast<Eigen::Index>(vectors.dimension()));
      const bool weighted = rule == HybridProfileRule::rating_weighted;
      if (!content_block.contains(weighted)) {
        content_block.emplace(weighted, profiles.leftCols(dc) * items.leftCols(dc).transpose());
      }
      const ScoreMatrix collaborative = profiles.rightCols(f) * items.rightCols(f).transpose();
      // rho = collaborative weight relative to content: 0.01 .. 1000 on a half-decade grid.
      for (int step = -4; step <= 6; ++step) {
        const double rho = std::pow(10.0, step / 2.0);
        const ScoreMatrix scores = content_block.at(weighted) + static_cast<float>(rho) * collaborative;
        const double ndcg = validation_ndcg(validation, scores);
        HybridConfig config = unit;
        if (rule == HybridProfileRule::least_squares) {
          config.content_weight = static_cast<float>(1.0 / std::sqrt(rho));
        } else {
          config.collaborative_weight = static_cast<float>(std::sqrt(rho));
        }
        std::ostringstream key;
        key << std::setprecision(4) << "profile=" << profile_rule_name(rule) << " shrinkage=" << beta
            << " content_weight=" << config.content_weight << " collaborative_weight=" << config.collaborative_weight;
        trials.push_back({"hybrid", key.str(), ndcg});
        if (ndcg > rule_best.validation_ndcg) rule_best = {config, ndcg};
      }
    }
    std::ostringstream best_setting;
    best_setting << std::setprecision(4) << "profile=" << profile_rule_name(rule)
                 << " shrinkage=" << rule_best.config.shrinkage << " content_weight=" << rule_best.config.content_weight
                 << " collaborative_weight=" << rule_best.config.collaborative_weight << " (best of the grid)";
    log_trial(log, {"hybrid", best_setting.str(), rule_best.validation_ndcg});
    best.push_back(rule_best);
  }
  return best;
}

}  // namespace movierec
