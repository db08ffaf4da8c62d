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

std::vector<float> prior_features(const InteractionLog& log) {
  const std::size_t movies = log.item_count();
  std::vector<double> sum(movies, 0.0);
  std::vector<std::uint32_t> count(movies, 0);
  double total = 0.0;
  for (const Interaction& r : log.interactions) {
    sum[r.item] += r.rating;
    ++count[r.item];
    total += r.rating;
  }
  const double mean = log.interactions.empty() ? 0.0 : total / static_cast<double>(log.interactions.size());
  const std::uint32_t most = count.empty() ? 0 : *std::max_element(count.begin(), count.end());
  const double scale = most > 0 ? 1.0 / std::log1p(static_cast<double>(most)) : 0.0;
  std::vector<float> out(movies * kPriorDimension);
  for (std::size_t j = 0; j < movies; ++j) {
    const double bayes = (sum[j] + kPriorRatingWeight * mean) / (static_cast<double>(count[j]) + kPriorRatingWeight);
    out[j * kPriorDimension] = static_cast<float>(std::log1p(static_cast<double>(count[j])) * scale);
    out[j * kPriorDimension + 1] = static_cast<float>(bayes - mean);
  }
  return out;
}

HybridVectors build_hybrid_vectors(const HybridInputs& in, const HybridConfig& config) {
  const std::size_t movies = in.rating_counts.size();
  if (in.content.size() != movies * in.content_dimension || in.factors.size() != movies * in.factor_dimension ||
      in.linear.size() != movies * in.linear_dimension || (!in.prior.empty() && in.prior.size() != movies * kPriorDimension)) {
    throw InputError("hybrid vectors: " + std::to_string(movies) + " movies but " + std::to_string(in.content.size()) +
                     " content floats (dimension " + std::to_string(in.content_dimension) + "), " +
                     std::to_string(in.factors.size()) + " factor floats (dimension " + std::to_string(in.factor_dimension) +
                     "), " + std::to_string(in.linear.size()) + " linear floats (dimension " +
                     std::to_string(in.linear_dimension) + ") and " + std::to_string(in.prior.size()) + " prior floats");
  }
  if (!(config.content_weight >= 0.0F) || !(config.collaborative_weight >= 0.0F) || !(config.shrinkage >= 0.0F)) {
    throw InputError("hybrid vectors: weights and shrinkage must be >= 0");
  }
  HybridVectors out;
  out.content_dimension = in.content_dimension;
  out.collaborative_dimension = in.factor_dimension;
  out.linear_dimension = in.linear_dimension;
  out.prior_dimension = in.prior.empty() ? 0 : kPriorDimension;

  // g: 1 / RMS norm of the factor rows of movies that have ratings.
  const std::size_t df = in.factor_dimension;
  double norm_sum = 0.0;
  std::size_t rated = 0;
  for (std::size_t j = 0; j < movies; ++j) {
    if (in.rating_counts[j] == 0) continue;
    for (std::size_t d = 0; d < df; ++d) norm_sum += std::pow(in.factors[j * df + d], 2.0);
    ++rated;
  }
  out.factor_scale = norm_sum > 0.0 ? static_cast<float>(std::sqrt(static_cast<double>(rated) / norm_sum)) : 1.0F;
  // The same for the linear rows, so the settings' linear weight is in the units of the other blocks.
  double linear_sum = 0.0;
  for (std::size_t j = 0; j < movies; ++j) {
    if (in.rating_counts[j] == 0) continue;
    for (std::size_t d = 0; d < in.linear_dimension; ++d) linear_sum += std::pow(in.linear[j * in.linear_dimension + d], 2.0);
  }
  out.linear_scale = linear_sum > 0.0 ? static_cast<float>(std::sqrt(static_cast<double>(rated) / linear_sum)) : 1.0F;

  const std::size_t dimension = out.dimension();
  const std::size_t dc = in.content_dimension;
  const std::size_t dl = in.linear_dimension;
  out.rows.assign(movies * dimension, 0.0F);
  for (std::size_t j = 0; j < movies; ++j) {
    float* row = out.rows.data() + j * dimension;
    for (std::size_t d = 0; d < dc; ++d) row[d] = config.content_weight * in.content[j * dc + d];
    const auto n = static_cast<float>(in.rating_counts[j]);
    const float shrink = n + config.shrinkage > 0.0F ? n / (n + config.shrinkage) : 0.0F;
    const float scale = config.collaborative_weight * shrink * out.factor_scale;
    for (std::size_t d = 0; d < df; ++d) row[dc + d] = scale * in.factors[j * df + d];
    for (std::size_t d = 0; d < dl; ++d) row[dc + df + d] = out.linear_scale * in.linear[j * dl + d];
    for (std::size_t d = 0; d < out.prior_dimension; ++d) row[dc + df + dl + d] = in.prior[j * kPriorDimension + d];
  }
  return out;
}

HybridSpace hybrid_space(const HybridVectors& vectors, const HybridConfig& config) {
  const float block_scale = config.collaborative_weight * vectors.factor_scale;
  HybridSpace space;
  space.content_dimension = vectors.content_dimension;
  space.collaborative_dimension = vectors.collaborative_dimension;
  space.linear_dimension = vectors.linear_dimension;
  space.prior_dimension = vectors.prior_dimension;
  space.content_weight = config.content_weight;
  space.fold_in_alpha = config.fold_in_alpha;
  space.fold_in_rating_confidence = config.fold_in_rating_confidence;
  space.queries = config.queries;
  for (ProfileSettings* settings : {&space.queries.visitor, &space.queries.user}) {
    settings->fold_in_regularization = std::max(settings->fold_in_regularization * block_scale * block_scale, 1e-12F);
  }
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
