#include "collaborative/hybrid_vectors.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "ingest/interaction_log.hpp"
#include "movierec/errors.hpp"

namespace movierec {

std::string_view profile_rule_name(HybridProfileRule rule) {
  switch (rule) {
    case HybridProfileRule::mean_of_liked: return "mean_of_liked";
    case HybridProfileRule::rating_weighted: return "rating_weighted";
    case HybridProfileRule::least_squares: return "least_squares";
  }
  return "unknown";
}

std::span<const float> HybridVectors::row(std::size_t movie) const {
  if (movie >= size()) {
    throw InputError("movie row " + std::to_string(movie) + " is outside the " + std::to_string(size()) + " hybrid vectors");
  }
  return std::span<const float>(rows).subspan(movie * dimension(), dimension());
}

HybridVectors build_hybrid_vectors(std::span<const float> content, std::size_t content_dimension,
                                   std::span<const float> factors, std::size_t factor_dimension,
                                   std::span<const std::uint32_t> rating_counts, const HybridConfig& config) {
  const std::size_t movies = rating_counts.size();
  if (content.size() != movies * content_dimension || factors.size() != movies * factor_dimension) {
    throw InputError("hybrid vectors: " + std::to_string(movies) + " movies but " + std::to_string(content.size()) +
                     " content floats (dimension " + std::to_string(content_dimension) + ") and " +
                     std::to_string(factors.size()) + " factor floats (dimension " + std::to_string(factor_dimension) + ")");
  }
  if (!(config.content_weight >= 0.0F) || !(config.collaborative_weight >= 0.0F) || !(config.shrinkage >= 0.0F)) {
    throw InputError("hybrid vectors: weights and shrinkage must be >= 0");
  }
  HybridVectors out;
  out.content_dimension = content_dimension;
  out.collaborative_dimension = factor_dimension;

  // g: 1 / RMS norm of the factor rows of movies that have ratings.
  double norm_sum = 0.0;
  std::size_t rated = 0;
  for (std::size_t j = 0; j < movies; ++j) {
    if (rating_counts[j] == 0) continue;
    for (std::size_t d = 0; d < factor_dimension; ++d) norm_sum += std::pow(factors[j * factor_dimension + d], 2.0);
    ++rated;
  }
  out.factor_scale = norm_sum > 0.0 ? static_cast<float>(std::sqrt(static_cast<double>(rated) / norm_sum)) : 1.0F;

  const std::size_t dimension = out.dimension();
  out.rows.assign(movies * dimension, 0.0F);
  for (std::size_t j = 0; j < movies; ++j) {
    float* row = out.rows.data() + j * dimension;
    for (std::size_t d = 0; d < content_dimension; ++d) row[d] = config.content_weight * content[j * content_dimension + d];
    const auto n = static_cast<float>(rating_counts[j]);
    const float shrink = n + config.shrinkage > 0.0F ? n / (n + config.shrinkage) : 0.0F;
    const float scale = config.collaborative_weight * shrink * out.factor_scale;
    for (std::size_t d = 0; d < factor_dimension; ++d) row[content_dimension + d] = scale * factors[j * factor_dimension + d];
  }
  return out;
}

HybridSpace hybrid_space(const HybridVectors& vectors, const HybridConfig& config) {
  const float block_scale = config.collaborative_weight * vectors.factor_scale;
  HybridSpace space;
  space.content_dimension = vectors.content_dimension;
  space.collaborative_dimension = vectors.collaborative_dimension;
  space.content_weight = config.content_weight;
  space.fold_in_regularization = std::max(config.fold_in_regularization * block_scale * block_scale, 1e-12F);
  space.fold_in_alpha = config.fold_in_alpha;
  space.fold_in_rating_confidence = config.fold_in_rating_confidence;
  space.fold_in_all_ratings = config.fold_in_feedback == FeedbackSet::all_ratings;
  return space;
}

std::vector<float> hybrid_profile(const HybridVectors& vectors, std::span<const ProfileRating> ratings,
                                  const HybridConfig& config) {
  if (config.profile == HybridProfileRule::least_squares) {
    throw InputError("least_squares profiles come from the engine's HybridProfiles, not hybrid_profile");
  }
  const std::size_t dimension = vectors.dimension();
  std::vector<float> profile(dimension, 0.0F);
  double weight_sum = 0.0;
  for (const ProfileRating& r : ratings) {
    const std::span<const float> h = vectors.row(r.movie_index);  // bounds-checked
    if (r.rating < kPositiveRating) continue;
    const double weight = config.profile == HybridProfileRule::rating_weighted ? r.rating - 3.0 : 1.0;
    for (std::size_t d = 0; d < dimension; ++d) profile[d] += static_cast<float>(weight) * h[d];
    weight_sum += weight;
  }
  if (weight_sum <= 0.0) throw InputError("the profile has no liked movies (rating 3.5 or higher)");
  const auto inverse = static_cast<float>(1.0 / weight_sum);
  for (float& value : profile) value *= inverse;
  return profile;
}

}  // namespace movierec
