#pragma once
// Score matrices of the evaluated methods (rows = users, columns = catalog items) and their metrics.
// Every method ranks every item; evaluation removes the user's train ratings before taking the top k.
// A compared method is a name and a function from the protocol's training data to a score matrix
// (ComparedMethod), so every protocol — full profiles, cold items, each visitor fold — scores the same
// list of methods, each fit on that protocol's own training data.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "collaborative/ease_model.hpp"
#include "collaborative/hybrid_vectors.hpp"
#include "collaborative/implicit_als.hpp"
#include "collaborative/low_rank_item_model.hpp"
#include "movierec/recommender.hpp"
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

// What the served re-rank knows of the catalog (as the engine has it): its series and genre masks.
struct ServedCatalog {
  const SeriesIndex* series = nullptr;         // null: no series, no cap
  std::span<const std::uint32_t> genre_masks;  // per catalog row; empty: no calibration
};

// The served hybrid's top kEvaluationCutoff per user, as the engine makes them
// (Recommender::recommend_for_profile): the profile query with the audience's settings (a share given
// here replaces theirs), its inner product with every movie, and the re-rank (result_diversity.hpp).
[[nodiscard]] std::vector<std::vector<std::uint32_t>> served_lists(const InteractionLog& train,
                                                                   std::span<const std::uint32_t> users,
                                                                   const HybridVectors& vectors, const HybridConfig& config,
                                                                   ProfileAudience audience, const ServedCatalog& catalog,
                                                                   std::optional<float> audience_share = std::nullopt);

// One protocol's (or one fold's) data as the compared methods see it: the ratings they are fit on and
// the user rows they score. A fit that several methods use — collaborative and hybrid share one ALS fit,
// ease and ease_visitor one EASE fit when their settings agree — is made once, on first use.
class MethodInputs {
 public:
  // `train` must outlive the inputs; `threads` goes to every ALS fit (its result does not depend on it).
  MethodInputs(const InteractionLog& train, std::vector<std::uint32_t> users, unsigned threads);

  [[nodiscard]] const InteractionLog& train() const { return train_; }
  [[nodiscard]] std::span<const std::uint32_t> users() const { return users_; }
  // Implicit ALS on `feedback` of train with `config` (its thread count replaced by the inputs').
  [[nodiscard]] const ImplicitAlsModel& als(const ImplicitAlsConfig& config, FeedbackSet feedback);
  [[nodiscard]] const EaseModel& ease(double lambda, FeedbackSet feedback);
  [[nodiscard]] const FactorMatrix& low_rank(const LowRankItemConfig& config);

  // Whose profiles these are: the visitor protocols' users are visitors (a handful of ratings), the
  // others MovieLens users; the served method uses the settings the engine has for each.
  ProfileAudience audience = ProfileAudience::user;

 private:
  const InteractionLog& train_;
  std::vector<std::uint32_t> users_;
  unsigned threads_;
  std::vector<std::pair<std::string, ImplicitAlsModel>> als_fits_;       // keyed by the settings
  std::vector<std::pair<std::string, std::unique_ptr<EaseModel>>> ease_fits_;
  std::vector<std::pair<std::string, FactorMatrix>> low_rank_fits_;
};

// Where a compared method is scored: full profiles (the test split and its cold-items restriction),
// the visitor protocols, both, or only the visitor protocols whose visitors have dislikes.
enum class MethodScope : std::uint8_t { everywhere, full_profiles, visitors, visitors_with_dislikes };

using TopLists = std::vector<std::vector<std::uint32_t>>;

struct ComparedMethod {
  std::string name;
  // Rows = inputs.users(), columns = catalog rows; everything is fit on inputs.train().
  std::function<ScoreMatrix(MethodInputs& inputs)> scores;
  MethodScope scope = MethodScope::everywhere;
  // A method that re-ranks after scoring (the served hybrid) gives its lists itself, per inputs.users();
  // the others' lists are the plain top k of their scores.
  std::function<TopLists(MethodInputs& inputs)> lists = nullptr;
};

// The method's top kEvaluationCutoff per user, best first, without what each user rated.
[[nodiscard]] TopLists method_lists(const ComparedMethod& method, MethodInputs& inputs);

// Each user's top kEvaluationCutoff, best first, without the movies they rated in `train`; row r of
// `scores` belongs to users[r].
[[nodiscard]] std::vector<std::vector<std::uint32_t>> top_lists(const InteractionLog& train,
                                                               std::span<const std::uint32_t> users,
                                                               const ScoreMatrix& scores);
// Adds lists[r] for users[r] against targets[users[r]] (ascending); a user without targets is skipped
// (cold items: only users with a cold held-out positive count).
void add_lists(RankingEvaluator& evaluator, std::span<const std::vector<std::uint32_t>> lists,
               std::span<const std::uint32_t> users, const std::vector<std::vector<std::uint32_t>>& targets);
[[nodiscard]] RankingMetrics evaluate_lists(std::span<const std::vector<std::uint32_t>> lists,
                                            std::span<const std::uint32_t> users,
                                            const std::vector<std::vector<std::uint32_t>>& targets,
                                            const std::vector<std::uint32_t>& popularity_rank,
                                            const ListAttributes* attributes = nullptr);

// Row r of `scores` belongs to split.evaluated_users[r].
[[nodiscard]] RankingMetrics evaluate_scores(const EvaluationSplit& split, const ScoreMatrix& scores,
                                             const std::vector<std::uint32_t>& popularity_rank,
                                             const ListAttributes* attributes = nullptr);

}  // namespace movierec
