#pragma once
// Hyper-parameter searches for the collaborative methods, scored by NDCG@10 on a validation split
// carved from train (never on the held-out test set).
#include <ostream>
#include <string>
#include <vector>

#include "collaborative/feedback_matrix.hpp"
#include "collaborative/hybrid_vectors.hpp"
#include "collaborative/implicit_als.hpp"
#include "evaluation/evaluation_split.hpp"

namespace movierec {

struct ValidationTrial {
  std::string method;
  std::string setting;  // "factors=64 regularization=1 ..."
  double ndcg = 0.0;
};

struct AlsChoice {
  ImplicitAlsConfig config;
  FeedbackSet feedback = FeedbackSet::positives;
  double validation_ndcg = 0.0;
};

struct EaseChoice {
  double lambda = 500.0;
  FeedbackSet feedback = FeedbackSet::positives;
  double validation_ndcg = 0.0;
};

struct HybridChoice {
  HybridConfig config;
  double validation_ndcg = 0.0;
};

// A grid over alpha x regularization, then feedback set, confidence, factors and a finer regularization.
[[nodiscard]] AlsChoice tune_als(const EvaluationSplit& validation, unsigned threads,
                                 std::vector<ValidationTrial>& trials, std::ostream& log);
// Grid over lambda and the feedback set.
[[nodiscard]] EaseChoice tune_ease(const EvaluationSplit& validation, std::vector<ValidationTrial>& trials,
                                   std::ostream& log);

// "ease_visitor": EASE tuned for the visitor protocols, whose users bring a handful of ratings instead
// of a full profile, so the lambda chosen on full profiles need not suit them. Scored by the mean of
// NDCG@10 over visitor-3 and visitor-10 built on the validation split (evaluation_protocols.hpp), each
// fold fit afresh; the folds run on up to `threads` threads (the choice does not depend on it).
inline constexpr double kVisitorEaseLambdas[] = {100.0, 200.0, 500.0, 1000.0, 2000.0, 5000.0};
inline constexpr std::size_t kVisitorEaseProfileSizes[] = {3, 10};
[[nodiscard]] EaseChoice tune_ease_for_visitors(const EvaluationSplit& validation, unsigned threads,
                                                std::vector<ValidationTrial>& trials, std::ostream& log);
// For each profile rule, the best shrinkage and content / collaborative balance; `als` was fit on
// validation.train with `als_choice`. Returned in HybridProfileRule order.
[[nodiscard]] std::vector<HybridChoice> tune_hybrid(const EvaluationSplit& validation, const FactorMatrix& content,
                                                    const ImplicitAlsModel& als, const AlsChoice& als_choice,
                                                    std::vector<ValidationTrial>& trials, std::ostream& log);

// The hybrid settings that carry over from an ALS choice (the fold-in uses the ALS solve).
[[nodiscard]] HybridConfig hybrid_base_config(const AlsChoice& als, HybridProfileRule rule);

}  // namespace movierec
