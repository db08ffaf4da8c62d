#pragma once
// The hybrid recommender's movie vectors and user profiles: ONE vector per movie joining its content
// embedding and its collaborative (implicit ALS) factors, so ONE inner product — one FAISS search in the
// browser — blends both:
//
//   movie j:  h_j = [ w_c * c_j ,  w_a * s_j * g * q_j ,  a_j ,  p_j ],   s_j = n_j / (n_j + beta)
//
// c_j is the unit MiniLM vector, q_j the ALS item factors, g a global scale that gives the factor rows
// unit RMS norm (so w_c and w_a are comparable), n_j the movie's number of ratings. A movie with few
// ratings has unreliable factors, so s_j shrinks its collaborative part and it leans on its content.
// a_j is the movie's row of the low-rank linear item model (low_rank_item_model.hpp) scaled to unit
// RMS norm too, when there is one; p_j is the prior block (hybrid_space.hpp): how well known and how well liked the movie is.
//
// A profile p is built from (movie, rating) pairs; the score of movie j is p . h_j. Rules:
//   mean_of_liked    p = mean of h_i over liked movies (rating >= 3.5), as the content engine does;
//   rating_weighted  the same mean weighted by (rating - 3);
//   least_squares    the served rule: content block = w_c * mean of liked c_i; collaborative block =
//                    the implicit-ALS fold-in against the collaborative blocks z_j, computed by the
//                    engine's HybridProfiles (core/include/movierec/hybrid_space.hpp) from
//                    hybrid_space(); it reproduces the ALS user factors when beta = 0.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "collaborative/feedback_matrix.hpp"
#include "ingest/interaction_log.hpp"
#include "movierec/hybrid_space.hpp"

namespace movierec {

enum class HybridProfileRule : std::uint8_t { mean_of_liked, rating_weighted, least_squares };

[[nodiscard]] std::string_view profile_rule_name(HybridProfileRule rule);  // "mean_of_liked", ...

struct HybridConfig {
  float content_weight = 1.0F;        // w_c
  float collaborative_weight = 1.0F;  // w_a
  float shrinkage = 10.0F;            // beta, in ratings
  HybridProfileRule profile = HybridProfileRule::mean_of_liked;
  // least_squares only: the ALS fit's confidence for liked movies.
  float fold_in_alpha = 10.0F;
  bool fold_in_rating_confidence = false;
  // The served queries' settings, with each fold_in_regularization in ALS units (hybrid_space converts).
  QuerySettings queries;
};

// Bayesian average: m ratings at the catalog's mean rating are added to every movie's own.
inline constexpr float kPriorRatingWeight = 10.0F;

// Per movie (rows = catalog items of `log`): popularity = ln(1 + n) / ln(1 + largest n) and rating =
// Bayesian average rating minus the mean of all ratings, in stars; movies x kPriorDimension, row-major.
[[nodiscard]] std::vector<float> prior_features(const InteractionLog& log);

struct HybridVectors {
  std::size_t content_dimension = 0;
  std::size_t collaborative_dimension = 0;
  std::size_t linear_dimension = 0;
  std::size_t prior_dimension = 0;  // 0 or kPriorDimension
  float factor_scale = 1.0F;        // g
  float linear_scale = 1.0F;        // the same for the linear rows: unit RMS norm over rated movies
  std::vector<float> rows;          // movies x dimension(), row-major

  [[nodiscard]] std::size_t dimension() const {
    return content_dimension + collaborative_dimension + linear_dimension + prior_dimension;
  }
  [[nodiscard]] std::size_t size() const { return dimension() == 0 ? 0 : rows.size() / dimension(); }
  [[nodiscard]] std::span<const float> row(std::size_t movie) const;
};

// What each movie's vector is made of, all row-major over the same movies.
struct HybridInputs {
  std::span<const float> content;  // unit rows
  std::size_t content_dimension = 0;
  std::span<const float> factors;  // ALS item factors; zero rows for movies without ratings
  std::size_t factor_dimension = 0;
  std::span<const float> linear;   // low-rank item model rows, or empty for no linear block
  std::size_t linear_dimension = 0;
  std::span<const float> prior;    // prior_features, or empty for no prior block
  std::span<const std::uint32_t> rating_counts;
};

// Throws InputError on mismatched sizes or a negative weight or shrinkage.
[[nodiscard]] HybridVectors build_hybrid_vectors(const HybridInputs& inputs, const HybridConfig& config);

// The engine's view of the vectors for a least_squares config: each fold-in regularization goes into
// block units, lambda * (w_a g)^2, so the fold-in equals the ALS user step when beta = 0 whatever w_a.
[[nodiscard]] HybridSpace hybrid_space(const HybridVectors& vectors, const HybridConfig& config);

// The mean_of_liked / rating_weighted profile (dimension() floats) for a user's (movie row, rating)
// pairs; score of movie j = p . h_j. Throws InputError when no movie is liked, a movie row is outside
// the catalog, or the rule is least_squares (that one is HybridProfiles::profile_query).
[[nodiscard]] std::vector<float> hybrid_profile(const HybridVectors& vectors, std::span<const ProfileRating> ratings,
                                                const HybridConfig& config);

}  // namespace movierec
