#include "movierec/hybrid_space.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

float squared_norm(std::span<const float> values) {
  float sum = 0.0f;
  for (const float v : values) sum += v * v;
  return sum;
}

float dot(std::span<const float> a, std::span<const float> b) {
  float sum = 0.0f;
  for (std::size_t d = 0; d < a.size(); ++d) sum += a[d] * b[d];
  return sum;
}

float cosine(std::span<const float> a, std::span<const float> b) {
  const float norms = std::sqrt(squared_norm(a) * squared_norm(b));
  return norms > 0.0f ? dot(a, b) / norms : 0.0f;
}

// Block multipliers for an audience share: content x 2(1 - a), collaborative x 2a.
float content_scale(float share) { return 2.0f * (1.0f - share); }
float collaborative_scale(float share) { return 2.0f * share; }

// The popularity weight for a profile of `liked` movies (ProfileSettings::popularity).
float popularity_weight(const ProfileSettings& s, std::size_t liked) {
  if (s.popularity_ratings <= 0.0f) return s.popularity;
  return s.popularity * s.popularity_ratings / (s.popularity_ratings + static_cast<float>(liked));
}

bool finite_settings(const ProfileSettings& s) {
  return std::isfinite(s.audience_share) && std::isfinite(s.fold_in_regularization) && std::isfinite(s.popularity) &&
         std::isfinite(s.popularity_ratings) && s.popularity_ratings >= 0.0f &&
         std::isfinite(s.linear) && std::isfinite(s.dislike) && std::isfinite(s.not_interested) &&
         std::isfinite(s.calibration) && std::isfinite(s.diversity) && std::isfinite(s.disliked_neighbours);
}

}  // namespace

RatingKind rating_kind(float rating) {
  if (rating == kNotInterested) return RatingKind::not_interested;
  if (rating >= kLikedRating) return RatingKind::liked;
  if (rating <= kDislikedRating) return RatingKind::disliked;
  return RatingKind::seen;
}

HybridSpace HybridSpace::content_only(std::size_t dimension) {
  HybridSpace space;
  space.content_dimension = dimension;
  return space;
}

void HybridSpace::check(std::size_t index_dimension) const {
  if (dimension() != index_dimension) {
    throw ArtifactError("the manifest's hybrid blocks (" + std::to_string(content_dimension) + " content + " +
                        std::to_string(collaborative_dimension) + " collaborative + " + std::to_string(linear_dimension) +
                        " linear + " + std::to_string(prior_dimension) + " prior) do not add up to the index's " +
                        std::to_string(index_dimension) + " dimensions");
  }
  if (content_dimension == 0) throw ArtifactError("the manifest's hybrid.content_dimension must be positive");
  if (prior_dimension != 0 && prior_dimension != kPriorDimension) {
    throw ArtifactError("the manifest's hybrid.prior_dimension must be 0 or " + std::to_string(kPriorDimension));
  }
  if (!(content_weight > 0.0f) || !std::isfinite(content_weight)) {
    throw ArtifactError("the manifest's hybrid.content_weight must be a positive number");
  }
  if (has_collaborative() && (!(fold_in_alpha >= 0.0f) || !std::isfinite(fold_in_alpha))) {
    throw ArtifactError("the manifest's hybrid.fold_in.alpha must be a number >= 0");
  }
  for (const auto& [name, s] : {std::pair{"visitor", &queries.visitor}, std::pair{"user", &queries.user}}) {
    if (!finite_settings(*s) || !(s->audience_share >= 0.0f && s->audience_share <= 1.0f) ||
        (has_collaborative() && !(s->fold_in_regularization > 0.0f)) || s->dislike < 0.0f || s->not_interested < 0.0f || s->disliked_neighbours < 0.0f ||
        !(s->diversity >= 0.0f && s->calibration >= 0.0f && s->diversity + s->calibration <= 1.0f)) {
      throw ArtifactError(std::string("the manifest's hybrid.queries.") + name +
                          " needs audience_share in 0-1, calibration and diversity >= 0 adding up to at most 1, lambda > 0"
                          " and dislike weights >= 0");
    }
  }
  const SimilarSettings& similar = queries.similar;
  if (!(similar.audience_share >= 0.0f && similar.audience_share <= 1.0f) || !std::isfinite(similar.series_bonus) ||
      !(similar.genre_bonus >= 0.0f && std::isfinite(similar.genre_bonus)) ||
      !std::isfinite(queries.describe.popularity) || !std::isfinite(queries.describe.rating)) {
    throw ArtifactError("the manifest's hybrid.queries.similar / describe weights must be finite (share in 0-1, genre bonus >= 0)");
  }
}

void check_audience_share(float share) {
  if (!(share >= 0.0f && share <= 1.0f)) {
    throw InputError("the audience share must be from 0 to 1, got " + std::to_string(share));
  }
}

HybridProfiles::HybridProfiles(HybridSpace space, std::span<const float> rows)
    : HybridProfiles(space, [&] {
        const std::size_t dim = space.dimension();
        if (dim == 0 || rows.size() % dim != 0) {
          throw ArtifactError(std::to_string(rows.size()) + " vector floats do not fit the hybrid dimension " +
                              std::to_string(dim));
        }
        return MovieRows::floats(rows, dim);
      }()) {}

HybridProfiles::HybridProfiles(HybridSpace space, MovieRows rows) : space_(space), rows_(std::move(rows)) {
  const std::size_t dim = space_.dimension();
  if (dim == 0 || rows_.dimension() != dim) {
    throw ArtifactError(std::to_string(rows_.dimension()) + "-dimensional vectors do not fit the hybrid dimension " +
                        std::to_string(dim));
  }
  movies_ = rows_.size();
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  std::vector<float> scratch(dim);
  content_mean_.assign(dc, 0.0f);
  for (std::uint32_t j = 0; j < movies_; ++j) {
    const auto content = rows_.read(j, scratch, 0, dc);
    for (std::size_t d = 0; d < dc; ++d) content_mean_[d] += content[d];
  }
  for (float& v : content_mean_) v /= static_cast<float>(std::max<std::size_t>(movies_, 1));
  if (df == 0) return;
  // Z^T Z summed over fixed chunks of movies, so every target adds in the same order whether the rows
  // are floats or codes read one at a time.
  constexpr std::size_t kChunk = 4096;
  const auto df_index = static_cast<Eigen::Index>(df);
  gram_.assign(df * df, 0.0f);
  Eigen::Map<RowMajor> gram(gram_.data(), df_index, df_index);
  RowMajor chunk(static_cast<Eigen::Index>(kChunk), df_index);
  for (std::size_t first = 0; first < movies_; first += kChunk) {
    const std::size_t count = std::min(kChunk, movies_ - first);
    for (std::size_t i = 0; i < count; ++i) {
      const auto block = rows_.read(static_cast<std::uint32_t>(first + i), scratch, dc, df);
      std::copy(block.begin(), block.end(), chunk.row(static_cast<Eigen::Index>(i)).data());
    }
    const auto block_rows = chunk.topRows(static_cast<Eigen::Index>(count));
    gram.noalias() += block_rows.transpose() * block_rows;
  }
}

ProfileQuery HybridProfiles::profile_query(std::span<const ProfileRating> ratings, const ProfileSettings& settings,
                                           const MovieRows* likeness) const {
  check_audience_share(settings.audience_share);
  for (const auto& r : ratings) {
    if (r.movie_index >= movies_) {
      throw InputError("movie index " + std::to_string(r.movie_index) + " is outside the catalog");
    }
  }
  if (settings.rule == ProfileRule::likeness) {
    if (likeness == nullptr || likeness->size() != movies_) throw InputError("a likeness profile needs the likeness rows");
    return likeness_query(ratings, settings, *likeness);
  }
  return fold_in_query(ratings, settings);
}

ProfileQuery HybridProfiles::likeness_query(std::span<const ProfileRating> ratings, const ProfileSettings& settings,
                                            const MovieRows& likeness) const {
  const std::size_t dim = space_.dimension();
  std::vector<float> scratch(dim);
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  ProfileQuery result;
  for (const auto& r : ratings) {
    if (rating_kind(r.rating) == RatingKind::liked) result.liked.push_back(r.movie_index);
  }
  const float per_movie = 1.0f / static_cast<float>(std::max<std::size_t>(result.liked.size(), 1));
  const float to_content = (space_.has_collaborative() ? content_scale(settings.audience_share) : 1.0f) * per_movie;
  const float to_audience = collaborative_scale(settings.audience_share) * per_movie;
  const float unit = 1.0f / space_.content_weight;  // content_mean_ is in content-block units
  // One movie's part: its unit content relative to the average film, and its audience direction. What
  // the liked films share beyond "a film" is what the visitor likes: a consistent taste (six Pixar films)
  // keeps a long content part and a scattered one a short part, so content counts as much as the
  // profile says about it.
  const float to_linear = collaborative_scale(settings.audience_share) * settings.linear;
  const auto add_content_part = [&](std::uint32_t movie, float weight, float* out) {
    const auto row = likeness.read(movie, scratch, 0, dc);
    for (std::size_t d = 0; d < dc; ++d) out[d] += weight * to_content * (row[d] - content_mean_[d] * unit);
  };
  const auto add_part = [&](std::uint32_t movie, float weight, float* out) {
    add_content_part(movie, weight, out);
    const auto row = likeness.read(movie, scratch);
    for (std::size_t d = dc; d < dc + df; ++d) out[d] += weight * to_audience * row[d];
    for (std::size_t d = space_.linear_offset(); d < space_.prior_offset(); ++d) out[d] += weight * to_linear * row[d];
  };
  result.contributions.assign(result.liked.size() * dim, 0.0f);
  for (std::size_t i = 0; i < result.liked.size(); ++i) add_part(result.liked[i], 1.0f, result.contributions.data() + i * dim);
  result.query.assign(dim, 0.0f);
  for (std::size_t i = 0; i < result.liked.size(); ++i) {
    for (std::size_t d = 0; d < space_.prior_offset(); ++d) result.query[d] += result.contributions[i * dim + d];
  }
  for (const auto& r : ratings) {
    const RatingKind kind = rating_kind(r.rating);
    const float push = kind == RatingKind::disliked ? settings.dislike : kind == RatingKind::not_interested ? settings.not_interested : 0.0f;
    // A push moves away from what the film is about, not from who watched it: MovieLens users often
    // rate low a film of a kind they watch a lot, and pushing its audience away pushed their kind away
    // (validation NDCG fell), while a content push costs nothing up to 0.1 (method_comparison.cpp).
    if (push > 0.0f) add_content_part(r.movie_index, -push, result.query.data());
  }
  if (space_.has_prior()) result.query[space_.prior_offset()] = popularity_weight(settings, result.liked.size());
  return result;
}

ProfileQuery HybridProfiles::fold_in_query(std::span<const ProfileRating> ratings, const ProfileSettings& settings) const {
  const std::size_t dim = space_.dimension();
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  ProfileQuery result;
  std::vector<std::uint32_t> pushed;     // disliked and "not interested" rows
  std::vector<float> push_weight;        // their weight, for both blocks
  std::vector<float> liked_confidence;   // c - 1 per liked row
  for (const auto& r : ratings) {
    switch (rating_kind(r.rating)) {
      case RatingKind::liked:
        result.liked.push_back(r.movie_index);
        liked_confidence.push_back(space_.fold_in_alpha * (space_.fold_in_rating_confidence ? r.rating : 1.0f));
        break;
      case RatingKind::disliked:
        if (settings.dislike > 0.0f) {
          pushed.push_back(r.movie_index);
          push_weight.push_back(settings.dislike);
        }
        break;
      case RatingKind::not_interested:
        if (settings.not_interested > 0.0f) {
          pushed.push_back(r.movie_index);
          push_weight.push_back(settings.not_interested);
        }
        break;
      case RatingKind::seen:
        break;
    }
  }

  const bool blended = space_.has_collaborative();
  const float to_content = blended ? content_scale(settings.audience_share) : 1.0f;
  // Pushes are measured against the liked movies' mean, so one dislike weighs the same whatever the
  // number of likes.
  const float per_movie = to_content / static_cast<float>(std::max<std::size_t>(result.liked.size(), 1));
  std::vector<float> scratch(dim);
  result.contributions.assign(result.liked.size() * dim, 0.0f);
  for (std::size_t i = 0; i < result.liked.size(); ++i) {
    const auto row = rows_.read(result.liked[i], scratch, 0, dc);
    for (std::size_t d = 0; d < dc; ++d) result.contributions[i * dim + d] = per_movie * row[d];
  }
  result.query.assign(dim, 0.0f);
  for (std::size_t i = 0; i < pushed.size(); ++i) {
    const auto row = rows_.read(pushed[i], scratch, 0, dc);
    for (std::size_t d = 0; d < dc; ++d) result.query[d] -= push_weight[i] * per_movie * row[d];
  }
  if (df > 0 && !result.liked.empty()) {
    // The implicit-ALS user step: x = (Z^T Z + sum (c_i - 1) z_i z_i^T + lambda I)^-1 sum_liked c_i z_i, where a
    // pushed movie has preference 0: it only adds its confidence to the left side. x is linear in the
    // right-hand side, so c_i A^-1 z_i is liked movie i's part of x.
    const auto f = static_cast<Eigen::Index>(df);
    const Eigen::Map<const RowMajor> gram(gram_.data(), f, f);
    Eigen::MatrixXf a = gram;
    a.diagonal().array() += settings.fold_in_regularization;
    const auto block_of = [&](std::uint32_t movie) {
      return Eigen::Map<const Eigen::VectorXf>(rows_.read(movie, scratch, dc, df).data(), f);
    };
    Eigen::MatrixXf z(f, static_cast<Eigen::Index>(result.liked.size()));
    for (std::size_t i = 0; i < result.liked.size(); ++i) {
      z.col(static_cast<Eigen::Index>(i)) = block_of(result.liked[i]);
      a.selfadjointView<Eigen::Lower>().rankUpdate(block_of(result.liked[i]), liked_confidence[i]);
    }
    for (std::size_t i = 0; i < pushed.size(); ++i) a.selfadjointView<Eigen::Lower>().rankUpdate(block_of(pushed[i]), push_weight[i]);
    const Eigen::MatrixXf solved = a.selfadjointView<Eigen::Lower>().llt().solve(z);  // A^-1 z_i per column
    const float to_collaborative = collaborative_scale(settings.audience_share);
    for (std::size_t i = 0; i < result.liked.size(); ++i) {
      const float weight = to_collaborative * (1.0f + liked_confidence[i]);
      const auto part = solved.col(static_cast<Eigen::Index>(i));
      float* contribution = result.contributions.data() + i * dim + dc;
      for (Eigen::Index d = 0; d < f; ++d) contribution[d] = weight * part[d];
    }
  }
  const std::size_t dl = space_.linear_dimension;
  if (dl > 0 && settings.linear != 0.0f && !result.liked.empty()) {
    // The linear model counts every movie seen, liked or not, as EASE does; "not interested" is unseen.
    const float weight = collaborative_scale(settings.audience_share) * settings.linear;
    std::size_t liked_slot = 0;
    for (const auto& r : ratings) {
      if (rating_kind(r.rating) == RatingKind::not_interested) continue;
      const auto row = rows_.read(r.movie_index, scratch, space_.linear_offset(), dl);
      if (rating_kind(r.rating) == RatingKind::liked) {
        float* contribution = result.contributions.data() + liked_slot++ * dim + space_.linear_offset();
        for (std::size_t d = 0; d < dl; ++d) contribution[d] = weight * row[d];
      } else {
        for (std::size_t d = 0; d < dl; ++d) result.query[space_.linear_offset() + d] += weight * row[d];
      }
    }
  }
  for (std::size_t i = 0; i < result.liked.size(); ++i) {
    for (std::size_t d = 0; d < space_.prior_offset(); ++d) result.query[d] += result.contributions[i * dim + d];
  }
  if (space_.has_prior()) result.query[space_.prior_offset()] = popularity_weight(settings, result.liked.size());
  return result;
}

MovieRows HybridProfiles::likeness_rows(std::span<const std::uint32_t> rating_counts) const {
  if (rating_counts.size() != movies_) {
    throw InputError(std::to_string(rating_counts.size()) + " rating counts for " + std::to_string(movies_) + " movies");
  }
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  std::vector<float> scratch(space_.dimension());
  std::vector<float> content(movies_), audience(movies_);
  for (std::uint32_t j = 0; j < movies_; ++j) {
    const auto row = rows_.read(j, scratch);
    const float content_norm = std::sqrt(squared_norm(row.first(dc)));
    const float audience_norm = std::sqrt(squared_norm(row.subspan(dc, df)));
    const auto n = static_cast<float>(rating_counts[j]);
    content[j] = content_norm > 0.0f ? 1.0f / content_norm : 0.0f;
    audience[j] = audience_norm > 0.0f ? n / (n + kAudienceConfidence) / audience_norm : 0.0f;
  }
  return rows_.with_block_scales(dc, df, std::move(content), std::move(audience));
}

void HybridProfiles::weigh_likeness(std::span<float> likeness_row, float audience_share) const {
  check_audience_share(audience_share);
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  for (std::size_t d = 0; d < likeness_row.size(); ++d) {
    // Two movies are alike by their content and audience; the linear and prior blocks do not compare them.
    if (d >= dc + df) {
      likeness_row[d] = 0.0f;
    } else if (space_.has_collaborative()) {
      likeness_row[d] *= d < dc ? 1.0f - audience_share : audience_share;
    }
  }
}

float HybridProfiles::match(std::span<const float> query, std::span<const float> movie_row,
                            std::uint32_t movie_rating_count, float audience_share) const {
  const std::size_t dc = space_.content_dimension;
  const std::size_t df = space_.collaborative_dimension;
  const float content = cosine(query.first(dc), movie_row.first(dc));
  if (df == 0) return std::clamp(content, 0.0f, 1.0f);
  const auto n = static_cast<float>(movie_rating_count);
  const float audience = cosine(query.subspan(dc, df), movie_row.subspan(dc, df)) * n / (n + kAudienceConfidence);
  return std::clamp((1.0f - audience_share) * content + audience_share * audience, 0.0f, 1.0f);
}

std::vector<float> HybridProfiles::text_query(std::span<const float> text_vector) const {
  if (text_vector.size() != space_.content_dimension) {
    throw InputError("a text vector has " + std::to_string(text_vector.size()) + " dimensions, the model's have " +
                     std::to_string(space_.content_dimension));
  }
  std::vector<float> query(space_.dimension(), 0.0f);
  std::copy(text_vector.begin(), text_vector.end(), query.begin());
  if (space_.has_prior()) {
    // The content blocks carry w_c, so the prior's weights are scaled to stay in cosine units.
    const float w = space_.content_weight;
    query[space_.prior_offset()] = space_.queries.describe.popularity * w;
    query[space_.prior_offset() + 1] = space_.queries.describe.rating * w;
  }
  return query;
}

}  // namespace movierec
