#include "movierec/recommender.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {
float clamp_similarity(float cosine) { return std::clamp(cosine, 0.0f, 1.0f); }
}  // namespace

bool MovieFilter::matches(const Movie& movie) const {
  if (genre_mask != 0) {
    const auto shared = movie.genre_mask & genre_mask;
    if (all_genres ? shared != genre_mask : shared == 0) return false;
  }
  if (min_year != 0 && (movie.year == 0 || movie.year < min_year)) return false;
  if (max_year != 0 && (movie.year == 0 || movie.year > max_year)) return false;
  return movie.rating_count >= min_rating_count;
}

void check_k(int k) {
  if (k < 1 || k > Recommender::kMaxK) {
    throw InputError("k must be between 1 and " + std::to_string(Recommender::kMaxK) + ", got " + std::to_string(k));
  }
}

Recommender::Recommender(Catalog catalog, RatingsMatrix ratings, VectorIndex index)
    : catalog_(std::move(catalog)), ratings_(std::move(ratings)), index_(std::move(index)), titles_(catalog_) {
  if (index_.size() != catalog_.size()) {
    throw ArtifactError("the index holds " + std::to_string(index_.size()) + " vectors but the catalog has " +
                        std::to_string(catalog_.size()) + " movies");
  }
  by_popularity_.resize(catalog_.size());
  for (std::size_t row = 0; row < by_popularity_.size(); ++row) by_popularity_[row] = static_cast<std::uint32_t>(row);
  std::stable_sort(by_popularity_.begin(), by_popularity_.end(), [this](std::uint32_t a, std::uint32_t b) {
    const Movie& x = catalog_.movie(a);
    const Movie& y = catalog_.movie(b);
    if (x.rating_count != y.rating_count) return x.rating_count > y.rating_count;
    return x.average_rating > y.average_rating;
  });
}

std::vector<TitleMatch> Recommender::find_titles(std::string_view query, std::size_t limit) const {
  return titles_.find(query, limit);
}

std::uint32_t Recommender::resolve_title(std::string_view query) const {
  const auto matches = titles_.find(query, 1);
  if (matches.empty()) throw InputError("no movie matches the title \"" + std::string(query) + "\"");
  return matches.front().movie_index;
}

std::vector<Recommendation> Recommender::similar_to(std::uint32_t movie_index, int k, const MovieFilter& filter) const {
  check_k(k);
  if (movie_index >= catalog_.size()) {
    throw InputError("movie index " + std::to_string(movie_index) + " is outside the catalog");
  }
  const auto query = index_.vector(movie_index);
  const std::uint32_t excluded[] = {movie_index};
  return top_k_excluding(query, k, excluded, filter);
}

UserRecommendations Recommender::recommend_for_user(std::uint32_t user_id, int k, const MovieFilter& filter) const {
  check_k(k);
  const auto rated = ratings_.ratings_of(user_id);
  if (!rated) throw InputError("user " + std::to_string(user_id) + " is not in the MovieLens ratings");
  std::vector<ProfileRating> profile;
  profile.reserve(rated->size());
  for (const auto& r : *rated) profile.push_back({r.movie_index, r.rating});
  UserRecommendations result;
  result.total_ratings = profile.size();
  result.liked_movies = static_cast<std::size_t>(
      std::count_if(profile.begin(), profile.end(), [](const auto& p) { return p.rating >= kLikedRating; }));
  if (result.liked_movies == 0) {
    throw InputError("user " + std::to_string(user_id) + " has no liked movies (rating 3.5 or higher)");
  }
  result.items = recommend_for_profile(profile, k, filter);
  return result;
}

std::vector<Recommendation> Recommender::recommend_for_profile(std::span<const ProfileRating> profile, int k,
                                                               const MovieFilter& filter) const {
  check_k(k);
  for (const auto& p : profile) {
    if (p.movie_index >= catalog_.size()) {
      throw InputError("movie index " + std::to_string(p.movie_index) + " is outside the catalog");
    }
    // 0 means "not interested"; anything outside 0-5 (or NaN) is a caller's mistake, not a taste.
    if (!(p.rating >= 0.0f && p.rating <= 5.0f)) {
      throw InputError("the rating of movie index " + std::to_string(p.movie_index) + " must be from 0 to 5, got " +
                       std::to_string(p.rating));
    }
  }
  const auto query = liked_profile(profile);
  if (!query) throw InputError("the profile has no liked movies (rating 3.5 or higher)");
  std::vector<std::uint32_t> excluded;
  excluded.reserve(profile.size());
  for (const auto& p : profile) excluded.push_back(p.movie_index);
  std::sort(excluded.begin(), excluded.end());
  auto items = top_k_excluding(*query, k, excluded, filter);
  explain(items, profile);
  return items;
}

std::vector<Recommendation> Recommender::search_by_vector(std::span<const float> query, int k, const MovieFilter& filter) const {
  check_k(k);
  return top_k_excluding(query, k, {}, filter);
}

std::vector<std::uint32_t> Recommender::popular(int k, const MovieFilter& filter, float max_similarity) const {
  check_k(k);
  const auto wanted = static_cast<std::size_t>(k);
  const auto dim = index_.dimension();
  std::vector<std::uint32_t> hidden = filter.hidden_movies;
  std::sort(hidden.begin(), hidden.end());
  const bool diverse = max_similarity < 1.0f;
  std::vector<std::uint32_t> picked;
  std::vector<float> picked_vectors;  // row-major, one per picked movie (only when diverse)
  std::vector<float> candidate(diverse ? dim : 0);
  for (const auto row : by_popularity_) {
    if (picked.size() == wanted) break;
    if (std::binary_search(hidden.begin(), hidden.end(), row)) continue;
    if (filter.restricts_attributes() && !filter.matches(catalog_.movie(row))) continue;
    if (diverse) {
      index_.vector_into(row, candidate);
      bool too_close = false;
      for (std::size_t p = 0; p < picked.size() && !too_close; ++p) {
        const float* v = picked_vectors.data() + p * dim;
        float dot = 0.0f;
        for (std::size_t d = 0; d < dim; ++d) dot += v[d] * candidate[d];
        too_close = dot > max_similarity;
      }
      if (too_close) continue;
      picked_vectors.insert(picked_vectors.end(), candidate.begin(), candidate.end());
    }
    picked.push_back(row);
  }
  return picked;
}

void Recommender::explain(std::vector<Recommendation>& items, std::span<const ProfileRating> profile) const {
  const auto dim = index_.dimension();
  std::vector<float> liked_vectors;
  std::vector<std::uint32_t> liked_rows;
  for (const auto& p : profile) {
    if (p.rating < kLikedRating) continue;
    liked_rows.push_back(p.movie_index);
    liked_vectors.resize(liked_rows.size() * dim);
    index_.vector_into(p.movie_index, std::span(liked_vectors).subspan((liked_rows.size() - 1) * dim, dim));
  }
  std::vector<float> item(dim);
  for (auto& recommendation : items) {
    index_.vector_into(recommendation.movie_index, item);
    float best = -2.0f;
    for (std::size_t l = 0; l < liked_rows.size(); ++l) {
      const float* v = liked_vectors.data() + l * dim;
      float dot = 0.0f;
      for (std::size_t d = 0; d < dim; ++d) dot += v[d] * item[d];
      if (dot > best) {
        best = dot;
        recommendation.because = liked_rows[l];
      }
    }
  }
}

std::optional<std::vector<float>> Recommender::liked_profile(std::span<const ProfileRating> profile) const {
  const auto dim = index_.dimension();
  std::vector<float> sum(dim, 0.0f), row(dim);
  std::size_t liked = 0;
  for (const auto& p : profile) {
    if (p.rating < kLikedRating) continue;
    index_.vector_into(p.movie_index, row);
    for (std::size_t d = 0; d < dim; ++d) sum[d] += row[d];
    ++liked;
  }
  if (liked == 0) return std::nullopt;
  // Normalising keeps the ranking of the mean (a positive scale) and makes the scores cosines.
  double norm = 0.0;
  for (const float v : sum) norm += static_cast<double>(v) * v;
  norm = std::sqrt(norm);
  if (norm > 0.0) {
    for (auto& v : sum) v = static_cast<float>(v / norm);
  }
  return sum;
}

std::vector<Recommendation> Recommender::top_k_excluding(std::span<const float> query, int k,
                                                         std::span<const std::uint32_t> excluded,
                                                         const MovieFilter& filter) const {
  const auto wanted = static_cast<std::size_t>(k);
  std::vector<std::uint32_t> merged;
  if (!filter.hidden_movies.empty()) {
    merged.assign(excluded.begin(), excluded.end());
    merged.insert(merged.end(), filter.hidden_movies.begin(), filter.hidden_movies.end());
    std::sort(merged.begin(), merged.end());
    excluded = merged;
  }
  const bool restricts = filter.restricts_attributes();
  if (restricts) {
    // An attribute filter can reject most of the catalog: score only the movies it keeps, in one search.
    std::vector<std::uint32_t> allowed;
    for (std::uint32_t row = 0; row < catalog_.size(); ++row) {
      if (filter.matches(catalog_.movie(row)) && !std::binary_search(excluded.begin(), excluded.end(), row)) {
        allowed.push_back(row);
      }
    }
    std::vector<Recommendation> result;
    for (const auto& n : index_.search_among(query, wanted, allowed)) result.push_back({n.row, clamp_similarity(n.score)});
    return result;
  }
  // Every excluded movie may sit among the nearest, so the first search is sized for them; the search
  // doubles until k remain.
  std::size_t candidates = std::min(index_.size(), 3 * wanted + excluded.size());
  std::vector<Recommendation> result;
  while (true) {
    const auto neighbours = index_.search(query, candidates);
    result.clear();
    for (const auto& n : neighbours) {
      if (std::binary_search(excluded.begin(), excluded.end(), n.row)) continue;
      result.push_back({n.row, clamp_similarity(n.score)});
      if (result.size() == wanted) return result;
    }
    if (candidates >= index_.size()) return result;
    candidates = std::min(index_.size(), candidates * 2);
  }
}

}  // namespace movierec
