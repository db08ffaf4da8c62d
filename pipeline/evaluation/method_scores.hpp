#pragma once
// Score matrices of the evaluated methods (rows = users, columns = catalog items) and their metrics.
// Every method ranks every item; evaluation removes the user's train ratings before taking the top k.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "collaborative/ease_model.hpp"
#include "collaborative/hybrid_vectors.hpp"
#include "collaborative/implicit_als.hpp"
#include "evaluation/evaluation_split.hpp"
#include "evaluation/ranking_metrics.hpp"

namespace movierec {

inline constexpr std::size_t kEvaluationCutoff = 10;

// Per item: train positives (popularity) or train ratings of any value (the hybrid's n_j).
[[nodiscard]] std::vector<std::uint32_t> positive_counts(const InteractionLog& train);
[[nodiscard]] std::vector<std::uint32_t> rating_counts(const InteractionLog& train);

// A user's train ratings as profile pairs.
[[nodiscard]] std::vector<ProfileRating> profile_ratings(const InteractionLog& train, std::uint32_t user);

// Everyone gets the train-positive counts.
[[nodiscard]] ScoreMatrix popularity_scores(const InteractionLog& train, std::span<const std::uint32_t> users);
// The shipped content method: mean of the liked train movies' vectors against every movie's vector.
[[nodiscard]] ScoreMatrix content_scores(const InteractionLog& train, const FactorMatrix& content,
                                         std::span<const std::uint32_t> users);
[[nodiscard]] ScoreMatrix als_scores(const ImplicitAlsModel& model, std::span<const std::uint32_t> users);
// One profile per user, scored against every hybrid vector. least_squares profiles are the engine's
// own (HybridProfiles::profile_query at `audience_share`, what the browser serves); the other rules
// come from hybrid_profile and ignore the share.
[[nodiscard]] FactorMatrix hybrid_profiles(const InteractionLog& train, const HybridVectors& vectors,
                                           const HybridConfig& config, std::span<const std::uint32_t> users,
                                           float audience_share = kDefaultAudienceShare);
[[nodiscard]] ScoreMatrix hybrid_scores(const InteractionLog& train, const HybridVectors& vectors,
                                        const HybridConfig& config, std::span<const std::uint32_t> users,
                                        float audience_share = kDefaultAudienceShare);

// Row r of `scores` belongs to split.evaluated_users[r].
[[nodiscard]] RankingMetrics evaluate_scores(const EvaluationSplit& split, const ScoreMatrix& scores,
                                             const std::vector<std::uint32_t>& popularity_rank);

}  // namespace movierec
