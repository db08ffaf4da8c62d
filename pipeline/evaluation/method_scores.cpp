#include "evaluation/method_scores.hpp"

#include <algorithm>
#include <iomanip>
#include <optional>
#include <sstream>
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
  const HybridSpace space = hybrid_space(vectors, config);
  const HybridProfiles served(space, vectors.rows);
  ProfileSettings settings = space.queries.user;
  settings.audience_share = audience_share;
  for (std::size_t r = 0; r < users.size(); ++r) set_row(r, served.profile_query(profile_ratings(train, users[r]), settings).query);
  return profiles;
}

ScoreMatrix hybrid_scores(const InteractionLog& train, const HybridVectors& vectors, const HybridConfig& config,
                          std::span<const std::uint32_t> users, float audience_share) {
  const FactorMatrix profiles = hybrid_profiles(train, vectors, config, users, audience_share);
  const Eigen::Map<const FactorMatrix> items(vectors.rows.data(), static_cast<Eigen::Index>(vectors.size()),
                                             static_cast<Eigen::Index>(vectors.dimension()));
  return profiles * items.transpose();
}

std::vector<std::vector<std::uint32_t>> served_lists(const InteractionLog& train, std::span<const std::uint32_t> users,
                                                     const HybridVectors& vectors, const HybridConfig& config,
                                                     ProfileAudience audience, const ServedCatalog& catalog,
                                                     std::optional<float> audience_share) {
  const HybridSpace space = hybrid_space(vectors, config);
  const HybridProfiles served(space, vectors.rows);
  ProfileSettings settings = audience == ProfileAudience::visitor ? space.queries.visitor : space.queries.user;
  if (audience_share) settings.audience_share = *audience_share;
  // A likeness profile is compared with the likeness rows, as the engine does (Recommender).
  MovieRows likeness;
  std::vector<float> likeness_floats;
  if (settings.rule == ProfileRule::likeness) {
    likeness = served.likeness_rows(rating_counts(train));
    likeness_floats = likeness.all();
  }
  const std::vector<float>& compared = settings.rule == ProfileRule::likeness ? likeness_floats : vectors.rows;
  const Eigen::Map<const FactorMatrix> items(compared.data(), static_cast<Eigen::Index>(vectors.size()),
                                             static_cast<Eigen::Index>(vectors.dimension()));
  const std::size_t dc = vectors.content_dimension;
  const float w2 = config.content_weight * config.content_weight;
  const auto content_cosine = [&](std::uint32_t a, std::uint32_t b) {
    const float sum = lane_dot(vectors.row(a).first(dc), vectors.row(b).first(dc));
    return w2 > 0.0F ? sum / w2 : 0.0F;
  };
  std::vector<std::vector<std::uint32_t>> lists(users.size());
  std::vector<std::uint32_t> rated;
  for (std::size_t r = 0; r < users.size(); ++r) {
    const std::vector<ProfileRating> profile = profile_ratings(train, users[r]);
    const ProfileQuery query = served.profile_query(profile, settings, &likeness);
    const Eigen::VectorXf scores = items * Eigen::Map<const Eigen::VectorXf>(query.query.data(), static_cast<Eigen::Index>(query.query.size()));
    rated.clear();
    for (const Interaction& i : train.of_user(users[r])) rated.push_back(i.item);  // ascending
    const std::span<const float> row(scores.data(), static_cast<std::size_t>(scores.size()));
    const RerankContext context =
        profile_rerank_context(catalog.series, content_cosine, catalog.genre_masks, query, profile, settings);
    const auto picked = pick_recommendations(kEvaluationCutoff, rerank_settings(settings), context, [&](std::size_t count) {
      std::vector<ScoredMovie> best;
      for (const std::uint32_t item : top_k_items(row, rated, count)) best.push_back({item, row[item]});
      return best;
    });
    for (const auto& p : picked) lists[r].push_back(p.movie);
  }
  return lists;
}

MethodInputs::MethodInputs(const InteractionLog& train, std::vector<std::uint32_t> users, unsigned threads)
    : train_(train), users_(std::move(users)), threads_(std::max(1U, threads)) {}

const ImplicitAlsModel& MethodInputs::als(const ImplicitAlsConfig& config, FeedbackSet feedback) {
  std::ostringstream key;  // every setting, exactly: equal keys mean the same fit
  key << std::setprecision(17) << config.factors << ' ' << config.regularization << ' ' << config.alpha << ' ' << config.rating_confidence << ' '
      << config.iterations << ' ' << config.seed << ' ' << feedback_set_name(feedback);
  for (const auto& [settings, model] : als_fits_) {
    if (settings == key.str()) return model;
  }
  ImplicitAlsConfig fit = config;
  fit.threads = threads_;
  als_fits_.emplace_back(key.str(), fit_implicit_als(feedback_matrix(train_, feedback), fit));
  return als_fits_.back().second;
}

const EaseModel& MethodInputs::ease(double lambda, FeedbackSet feedback) {
  std::ostringstream key;
  key << std::setprecision(17) << lambda << ' ' << feedback_set_name(feedback);
  for (const auto& [settings, model] : ease_fits_) {
    if (settings == key.str()) return *model;
  }
  ease_fits_.emplace_back(key.str(), std::make_unique<EaseModel>(feedback_matrix(train_, feedback), lambda));
  return *ease_fits_.back().second;
}

const FactorMatrix& MethodInputs::low_rank(const LowRankItemConfig& config) {
  std::ostringstream key;
  key << std::setprecision(17) << config.rank << ' ' << config.regularization << ' ' << feedback_set_name(config.feedback)
      << ' ' << config.power_iterations << ' ' << config.oversampling << ' ' << config.seed;
  for (const auto& [settings, rows] : low_rank_fits_) {
    if (settings == key.str()) return rows;
  }
  low_rank_fits_.emplace_back(key.str(), fit_low_rank_item_model(feedback_matrix(train_, config.feedback), config));
  return low_rank_fits_.back().second;
}

TopLists method_lists(const ComparedMethod& method, MethodInputs& inputs) {
  if (method.lists) return method.lists(inputs);
  return top_lists(inputs.train(), inputs.users(), method.scores(inputs));
}

std::vector<std::vector<std::uint32_t>> top_lists(const InteractionLog& train, std::span<const std::uint32_t> users,
                                                  const ScoreMatrix& scores) {
  if (static_cast<std::size_t>(scores.rows()) != users.size() ||
      static_cast<std::size_t>(scores.cols()) != train.item_count()) {
    throw InputError("score matrix is " + std::to_string(scores.rows()) + " x " + std::to_string(scores.cols()) +
                     ", expected " + std::to_string(users.size()) + " x " + std::to_string(train.item_count()));
  }
  std::vector<std::vector<std::uint32_t>> lists(users.size());
  std::vector<std::uint32_t> rated;
  for (std::size_t r = 0; r < users.size(); ++r) {
    rated.clear();
    for (const Interaction& i : train.of_user(users[r])) rated.push_back(i.item);  // ascending
    const auto row = scores.row(static_cast<Eigen::Index>(r));
    lists[r] = top_k_items(std::span<const float>(row.data(), static_cast<std::size_t>(row.size())), rated, kEvaluationCutoff);
  }
  return lists;
}

void add_lists(RankingEvaluator& evaluator, std::span<const std::vector<std::uint32_t>> lists,
               std::span<const std::uint32_t> users, const std::vector<std::vector<std::uint32_t>>& targets) {
  if (lists.size() != users.size()) {
    throw InputError(std::to_string(lists.size()) + " ranked lists for " + std::to_string(users.size()) + " users");
  }
  for (std::size_t r = 0; r < users.size(); ++r) {
    const std::vector<std::uint32_t>& relevant = targets.at(users[r]);
    if (!relevant.empty()) evaluator.add(lists[r], relevant);
  }
}

RankingMetrics evaluate_lists(std::span<const std::vector<std::uint32_t>> lists, std::span<const std::uint32_t> users,
                              const std::vector<std::vector<std::uint32_t>>& targets,
                              const std::vector<std::uint32_t>& popularity_rank, const ListAttributes* attributes) {
  RankingEvaluator evaluator(popularity_rank, kEvaluationCutoff, attributes);
  add_lists(evaluator, lists, users, targets);
  return evaluator.metrics();
}

RankingMetrics evaluate_scores(const EvaluationSplit& split, const ScoreMatrix& scores,
                               const std::vector<std::uint32_t>& popularity_rank, const ListAttributes* attributes) {
  return evaluate_lists(top_lists(split.train, split.evaluated_users, scores), split.evaluated_users, split.held_out,
                        popularity_rank, attributes);
}

}  // namespace movierec
