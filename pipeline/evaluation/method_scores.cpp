#include "evaluation/method_scores.hpp"

#include <optional>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {

std::vector<std::uint32_t> positive_counts(const InteractionLog& train) {
  std::vector<std::uint32_t> counts(train.item_count(), 0);
  for (const Interaction& r : train.interactions) counts[r.item] += r.rating >= kPositiveRating ? 1 : 0;
  return counts;
}

std::vector<std::uint32_t> rating_counts(const InteractionLog& train) {
  std::vector<std::uint32_t> counts(train.item_count(), 0);
  for (const Interaction& r : train.interactions) ++counts[r.item];
  return counts;
}

std::vector<ProfileRating> profile_ratings(const InteractionLog& train, std::uint32_t user) {
  std::vector<ProfileRating> out;
  for (const Interaction& r : train.of_user(user)) out.push_back({r.item, r.rating});
  return out;
}

ScoreMatrix popularity_scores(const InteractionLog& train, std::span<const std::uint32_t> users) {
  const std::vector<std::uint32_t> counts = positive_counts(train);
  ScoreMatrix scores(static_cast<Eigen::Index>(users.size()), static_cast<Eigen::Index>(counts.size()));
  for (Eigen::Index j = 0; j < scores.cols(); ++j) scores.col(j).setConstant(static_cast<float>(counts[j]));
  return scores;
}

ScoreMatrix content_scores(const InteractionLog& train, const FactorMatrix& content, std::span<const std::uint32_t> users) {
  if (static_cast<std::size_t>(content.rows()) != train.item_count()) {
    throw InputError("content vectors: " + std::to_string(content.rows()) + " rows for " +
                     std::to_string(train.item_count()) + " catalog movies");
  }
  FactorMatrix profiles = FactorMatrix::Zero(static_cast<Eigen::Index>(users.size()), content.cols());
  for (std::size_t r = 0; r < users.size(); ++r) {
    int liked = 0;
    for (const Interaction& i : train.of_user(users[r])) {
      if (i.rating < kPositiveRating) continue;
      profiles.row(static_cast<Eigen::Index>(r)) += content.row(i.item);
      ++liked;
    }
    // The engine's L2 normalisation does not change one user's ranking; the mean keeps the numbers
    // comparable across users.
    if (liked > 0) profiles.row(static_cast<Eigen::Index>(r)) /= static_cast<float>(liked);
  }
  return profiles * content.transpose();
}

ScoreMatrix als_scores(const ImplicitAlsModel& model, std::span<const std::uint32_t> users) {
  FactorMatrix chosen(static_cast<Eigen::Index>(users.size()), model.user_factors.cols());
  for (std::size_t r = 0; r < users.size(); ++r) chosen.row(static_cast<Eigen::Index>(r)) = model.user_factors.row(users[r]);
  return chosen * model.item_factors.transpose();
}

FactorMatrix hybrid_profiles(const InteractionLog& train, const HybridVectors& vectors, const HybridConfig& config,
                             std::span<const std::uint32_t> users, float audience_share) {
  FactorMatrix profiles = FactorMatrix::Zero(static_cast<Eigen::Index>(users.size()), static_cast<Eigen::Index>(vectors.dimension()));
  const auto set_row = [&](std::size_t r, std::span<const float> p) {
    profiles.row(static_cast<Eigen::Index>(r)) = Eigen::Map<const Eigen::RowVectorXf>(p.data(), static_cast<Eigen::Index>(p.size()));
  };
  if (config.profile != HybridProfileRule::least_squares) {
    for (std::size_t r = 0; r < users.size(); ++r) set_row(r, hybrid_profile(vectors, profile_ratings(train, users[r]), config));
    return profiles;
  }
  const HybridProfiles served(hybrid_space(vectors, config), vectors.rows);
  for (std::size_t r = 0; r < users.size(); ++r) {
    const std::optional<ProfileQuery> query = served.profile_query(profile_ratings(train, users[r]), audience_share);
    if (query) set_row(r, query->query);  // evaluated users always like something; else the row stays zero
  }
  return profiles;
}

ScoreMatrix hybrid_scores(const InteractionLog& train, const HybridVectors& vectors, const HybridConfig& config,
                          std::span<const std::uint32_t> users, float audience_share) {
  const FactorMatrix profiles = hybrid_profiles(train, vectors, config, users, audience_share);
  const Eigen::Map<const FactorMatrix> items(vectors.rows.data(), static_cast<Eigen::Index>(vectors.size()),
                                             static_cast<Eigen::Index>(vectors.dimension()));
  return profiles * items.transpose();
}

RankingMetrics evaluate_scores(const EvaluationSplit& split, const ScoreMatrix& scores,
                               const std::vector<std::uint32_t>& popularity_rank) {
  if (static_cast<std::size_t>(scores.rows()) != split.evaluated_users.size() ||
      static_cast<std::size_t>(scores.cols()) != split.train.item_count()) {
    throw InputError("score matrix is " + std::to_string(scores.rows()) + " x " + std::to_string(scores.cols()) +
                     ", expected " + std::to_string(split.evaluated_users.size()) + " x " +
                     std::to_string(split.train.item_count()));
  }
  RankingEvaluator evaluator(popularity_rank, kEvaluationCutoff);
  std::vector<std::uint32_t> rated;
  for (std::size_t r = 0; r < split.evaluated_users.size(); ++r) {
    const std::uint32_t user = split.evaluated_users[r];
    rated.clear();
    for (const Interaction& i : split.train.of_user(user)) rated.push_back(i.item);  // ascending
    const auto row = scores.row(static_cast<Eigen::Index>(r));
    const std::vector<std::uint32_t> top =
        top_k_items(std::span<const float>(row.data(), static_cast<std::size_t>(row.size())), rated, kEvaluationCutoff);
    evaluator.add(top, split.held_out[user]);
  }
  return evaluator.metrics();
}

}  // namespace movierec
