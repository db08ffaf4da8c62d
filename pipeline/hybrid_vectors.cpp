#include "hybrid_vectors.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "evaluation_split.hpp"
#include "implicit_als.hpp"
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
  const Eigen::Map<const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> all(
      out.rows.data(), static_cast<Eigen::Index>(movies), static_cast<Eigen::Index>(dimension));
  const auto z = all.rightCols(static_cast<Eigen::Index>(factor_dimension));
  out.collaborative_gram = z.transpose() * z;
  return out;
}

std::vector<float> hybrid_profile(const HybridVectors& vectors, std::span<const ProfileRating> ratings,
                                  const HybridConfig& config) {
  const std::size_t dimension = vectors.dimension();
  const std::size_t dc = vectors.content_dimension;
  std::vector<float> profile(dimension, 0.0F);
  double weight_sum = 0.0;
  for (const ProfileRating& r : ratings) {
    const std::span<const float> h = vectors.row(r.movie_index);  // bounds-checked
    if (r.rating < kPositiveRating) continue;
    double weight = 1.0;
    if (config.profile == HybridProfileRule::rating_weighted) weight = r.rating - 3.0;
    // least_squares averages only the content block; its collaborative block is solved below.
    const std::size_t averaged = config.profile == HybridProfileRule::least_squares ? dc : dimension;
    for (std::size_t d = 0; d < averaged; ++d) profile[d] += static_cast<float>(weight) * h[d];
    weight_sum += weight;
  }
  if (weight_sum <= 0.0) throw InputError("the profile has no liked movies (rating 3.5 or higher)");
  const auto inverse = static_cast<float>(1.0 / weight_sum);
  for (float& value : profile) value *= inverse;

  if (config.profile == HybridProfileRule::least_squares && vectors.collaborative_dimension > 0) {
    const auto f = static_cast<Eigen::Index>(vectors.collaborative_dimension);
    std::vector<std::pair<std::uint32_t, float>> feedback;
    for (const ProfileRating& r : ratings) {
      if (config.fold_in_feedback == FeedbackSet::positives && r.rating < kPositiveRating) continue;
      feedback.emplace_back(r.movie_index, r.rating);
    }
    // The blocks are w_a * g * s_j * q_j; scaling lambda by (w_a g)^2 keeps the fold-in identical to
    // the ALS user step when beta = 0, whatever the weights.
    const float block_scale = config.collaborative_weight * vectors.factor_scale;
    ImplicitAlsConfig als;
    als.factors = static_cast<int>(f);
    als.regularization = std::max(config.fold_in_regularization * block_scale * block_scale, 1e-12F);
    als.alpha = config.fold_in_alpha;
    als.rating_confidence = config.fold_in_rating_confidence;
    const Eigen::Map<const FactorMatrix> all(vectors.rows.data(), static_cast<Eigen::Index>(vectors.size()),
                                             static_cast<Eigen::Index>(dimension));
    const Eigen::VectorXf x = fold_in_user(all.rightCols(f), vectors.collaborative_gram, feedback, als);
    for (Eigen::Index d = 0; d < f; ++d) profile[dc + static_cast<std::size_t>(d)] = x[d];
  }
  return profile;
}

}  // namespace movierec
