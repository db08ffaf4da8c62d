#include "movierec/hybrid_space.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

constexpr std::size_t kNotLiked = SIZE_MAX;

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

float squared_norm(std::span<const float> values) {
  float sum = 0.0f;
  for (const float v : values) sum += v * v;
  return sum;
}

// Block multipliers for an audience share: content x 2(1 - a), collaborative x 2a.
float content_scale(float share) { return 2.0f * (1.0f - share); }
float collaborative_scale(float share) { return 2.0f * share; }

}  // namespace

HybridSpace HybridSpace::content_only(std::size_t dimension) {
  HybridSpace space;
  space.content_dimension = dimension;
  return space;
}

void HybridSpace::check(std::size_t index_dimension) const {
  if (dimension() != index_dimension) {
    throw ArtifactError("the manifest's hybrid blocks (" + std::to_string(content_dimension) + " content + " +
                        std::to_string(collaborative_dimension) + " collaborative) do not add up to the index's " +
                        std::to_string(index_dimension) + " dimensions");
  }
  if (content_dimension == 0) throw ArtifactError("the manifest's hybrid.content_dimension must be positive");
  if (!(content_weight > 0.0f) || !std::isfinite(content_weight)) {
    throw ArtifactError("the manifest's hybrid.content_weight must be a positive number");
  }
  if (has_collaborative() && (!(fold_in_regularization > 0.0f) || !std::isfinite(fold_in_regularization) ||
                              !(fold_in_alpha >= 0.0f) || !std::isfinite(fold_in_alpha))) {
    throw ArtifactError("the manifest's hybrid.fold_in needs lambda > 0 and alpha >= 0");
  }
}

void check_audience_share(float share) {
  if (!(share >= 0.0f && share <= 1.0f)) {
    throw InputError("the audience share must be from 0 to 1, got " + std::to_string(share));
  }
}

HybridProfiles::HybridProfiles(HybridSpace space, std::span<const float> rows) : space_(space), rows_(rows) {
  const std::size_t dim = space_.dimension();
  if (dim == 0 || rows_.size() % dim != 0) {
    throw ArtifactError(std::to_string(rows_.size()) + " vector floats do not fit the hybrid dimension " +
                        std::to_string(dim));
  }
  movies_ = rows_.size() / dim;
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  for (std::size_t j = 0; j < movies_; ++j) {
    const auto row = rows_.subspan(j * dim, dim);
    max_content_norm_ = std::max(max_content_norm_, std::sqrt(squared_norm(row.first(dc))));
    max_collaborative_norm_ = std::max(max_collaborative_norm_, std::sqrt(squared_norm(row.subspan(dc))));
  }
  if (df == 0) return;
  const Eigen::Map<const RowMajor> all(rows_.data(), static_cast<Eigen::Index>(movies_), static_cast<Eigen::Index>(dim));
  const auto df_index = static_cast<Eigen::Index>(df);
  gram_.resize(df * df);
  Eigen::Map<RowMajor> gram(gram_.data(), df_index, df_index);
  gram.noalias() = all.rightCols(df_index).transpose() * all.rightCols(df_index);
}

std::optional<ProfileQuery> HybridProfiles::profile_query(std::span<const ProfileRating> ratings,
                                                          float audience_share) const {
  check_audience_share(audience_share);
  const std::size_t dim = space_.dimension();
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  ProfileQuery result;
  std::vector<std::uint32_t> feedback;  // rows the fold-in sees
  std::vector<float> confidence_extra;  // c - 1 per feedback row
  std::vector<std::size_t> liked_slot;  // per feedback row: its place in result.liked, or npos
  for (const auto& r : ratings) {
    if (r.movie_index >= movies_) {
      throw InputError("movie index " + std::to_string(r.movie_index) + " is outside the catalog");
    }
    const bool liked = r.rating >= kLikedRating;
    if (liked) result.liked.push_back(r.movie_index);
    if (liked || (space_.fold_in_all_ratings && r.rating > 0.0f)) {
      liked_slot.push_back(liked ? result.liked.size() - 1 : kNotLiked);
      feedback.push_back(r.movie_index);
      confidence_extra.push_back(space_.fold_in_alpha * (space_.fold_in_rating_confidence ? r.rating : 1.0f));
    }
  }
  if (result.liked.empty()) return std::nullopt;

  const bool blended = space_.has_collaborative();
  const float to_content = (blended ? content_scale(audience_share) : 1.0f) / static_cast<float>(result.liked.size());
  result.contributions.assign(result.liked.size() * dim, 0.0f);
  for (std::size_t i = 0; i < result.liked.size(); ++i) {
    const auto row = rows_.subspan(result.liked[i] * dim, dc);
    for (std::size_t d = 0; d < dc; ++d) result.contributions[i * dim + d] = to_content * row[d];
  }
  result.query.assign(dim, 0.0f);
  if (df > 0) {
    // The implicit-ALS user step: x = (Z^T Z + sum (c_i - 1) z_i z_i^T + lambda I)^-1 sum c_i z_i.
    // x is linear in the right-hand side, so c_i A^-1 z_i is feedback movie i's part of x.
    const auto f = static_cast<Eigen::Index>(df);
    const Eigen::Map<const RowMajor> gram(gram_.data(), f, f);
    Eigen::MatrixXf a = gram;
    a.diagonal().array() += space_.fold_in_regularization;
    Eigen::MatrixXf z(f, static_cast<Eigen::Index>(feedback.size()));
    for (std::size_t i = 0; i < feedback.size(); ++i) {
      const Eigen::Map<const Eigen::VectorXf> zi(rows_.data() + feedback[i] * dim + dc, f);
      z.col(static_cast<Eigen::Index>(i)) = zi;
      a.selfadjointView<Eigen::Lower>().rankUpdate(zi, confidence_extra[i]);
    }
    const Eigen::MatrixXf solved = a.selfadjointView<Eigen::Lower>().llt().solve(z);  // A^-1 z_i per column
    const float to_collaborative = collaborative_scale(audience_share);
    for (std::size_t i = 0; i < feedback.size(); ++i) {
      const float weight = to_collaborative * (1.0f + confidence_extra[i]);
      const auto part = solved.col(static_cast<Eigen::Index>(i));
      for (Eigen::Index d = 0; d < f; ++d) result.query[dc + static_cast<std::size_t>(d)] += weight * part[d];
      if (liked_slot[i] == kNotLiked) continue;
      float* contribution = result.contributions.data() + liked_slot[i] * dim + dc;
      for (Eigen::Index d = 0; d < f; ++d) contribution[d] = weight * part[d];
    }
  }
  for (std::size_t i = 0; i < result.liked.size(); ++i) {
    for (std::size_t d = 0; d < dc; ++d) result.query[d] += result.contributions[i * dim + d];
  }
  return result;
}

std::vector<float> HybridProfiles::likeness_rows(std::span<const std::uint32_t> rating_counts) const {
  if (rating_counts.size() != movies_) {
    throw InputError(std::to_string(rating_counts.size()) + " rating counts for " + std::to_string(movies_) + " movies");
  }
  const std::size_t dim = space_.dimension();
  const std::size_t dc = space_.content_dimension;
  std::vector<float> out(rows_.begin(), rows_.end());
  for (std::size_t j = 0; j < movies_; ++j) {
    const auto row = rows_.subspan(j * dim, dim);
    const float content_norm = std::sqrt(squared_norm(row.first(dc)));
    const float audience_norm = std::sqrt(squared_norm(row.subspan(dc)));
    const auto n = static_cast<float>(rating_counts[j]);
    const float content = content_norm > 0.0f ? 1.0f / content_norm : 0.0f;
    const float audience = audience_norm > 0.0f ? n / (n + kAudienceConfidence) / audience_norm : 0.0f;
    for (std::size_t d = 0; d < dim; ++d) out[j * dim + d] *= d < dc ? content : audience;
  }
  return out;
}

void HybridProfiles::weigh_likeness(std::span<float> likeness_row, float audience_share) const {
  check_audience_share(audience_share);
  if (!space_.has_collaborative()) return;
  const std::size_t dc = space_.content_dimension;
  for (std::size_t d = 0; d < likeness_row.size(); ++d) likeness_row[d] *= d < dc ? 1.0f - audience_share : audience_share;
}

HybridProfiles::QueryNorms HybridProfiles::query_norms(std::span<const float> query) const {
  const std::size_t dc = std::min(space_.content_dimension, query.size());
  return {std::sqrt(squared_norm(query.first(dc))), std::sqrt(squared_norm(query.subspan(dc)))};
}

float HybridProfiles::similarity(const QueryNorms& query, float inner_product) const {
  float largest_squared = 0.0f;
  if (query.content > 0.0f) largest_squared += max_content_norm_ * max_content_norm_;
  if (query.collaborative > 0.0f) largest_squared += max_collaborative_norm_ * max_collaborative_norm_;
  const float denominator = std::hypot(query.content, query.collaborative) * std::sqrt(largest_squared);
  if (!(denominator > 0.0f)) return 0.0f;
  return std::clamp(inner_product / denominator, 0.0f, 1.0f);
}

}  // namespace movierec
