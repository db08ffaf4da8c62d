#include "movierec/recommender.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

float dot(std::span<const float> a, std::span<const float> b) {
  float sum = 0.0f;
  for (std::size_t d = 0; d < a.size(); ++d) sum += a[d] * b[d];
  return sum;
}

// The index's own floats when it keeps them; otherwise every row decoded once into `storage`.
std::span<const float> rows_of(const VectorIndex& index, std::vector<float>& storage) {
  if (const auto flat = index.flat_vectors(); !flat.empty() || index.size() == 0) return flat;
  storage.resize(index.size() * index.dimension());
  for (std::uint32_t row = 0; row < index.size(); ++row) {
    index.vector_into(row, std::span(storage).subspan(row * index.dimension(), index.dimension()));
  }
  return storage;
}

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
    : Recommender(std::move(catalog), std::move(ratings), std::move(index), HybridSpace{}) {}

Recommender::Recommender(Catalog catalog, RatingsMatrix ratings, VectorIndex index, const HybridSpace& space)
    : catalog_(std::move(catalog)),
      ratings_(std::move(ratings)),
      index_(std::move(index)),
      rows_(rows_of(index_, decoded_rows_)),
      // A default HybridSpace (no dimensions) means content-only over the whole vector.
      profiles_(space.dimension() == 0 ? HybridSpace::content_only(index_.dimension()) : space, rows_),
      titles_(catalog_) {
  profiles_.space().check(index_.dimension());
  if (index_.size() != catalog_.size()) {
    throw ArtifactError("the index holds " + std::to_string(index_.size()) + " vectors but the catalog has " +
                        std::to_string(catalog_.size()) + " movies");
  }
  if (profiles_.space().has_collaborative()) {
    std::vector<std::uint32_t> counts(catalog_.size());
    for (std::uint32_t row = 0; row < counts.size(); ++row) counts[row] = catalog_.movie(row).rating_count;
    likeness_ = VectorIndex::flat(profiles_.likeness_rows(counts), index_.dimension());
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

std::vector<Recommendation> Recommender::similar_to(std::uint32_t movie_index, int k, const MovieFilter& filter,
                                                    float audience_share) const {
  check_k(k);
  check_audience_share(audience_share);
  if (movie_index >= catalog_.size()) {
    throw InputError("movie index " + std::to_string(movie_index) + " is outside the catalog");
  }
  // A content-only index is its own likeness index: unit rows, so inner product = cosine.
  const VectorIndex& likeness = profiles_.space().has_collaborative() ? likeness_ : index_;
  std::vector<float> query = likeness.vector(movie_index);
  profiles_.weigh_likeness(query, audience_share);
  const std::uint32_t excluded[] = {movie_index};
  return top_k_excluding(likeness, query, k, excluded, filter);
}

UserRecommendations Recommender::recommend_for_user(std::uint32_t user_id, int k, const MovieFilter& filter,
                                                    float audience_share) const {
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
  result.items = recommend_for_profile(profile, k, filter, audience_share);
  return result;
}

std::vector<Recommendation> Recommender::recommend_for_profile(std::span<const ProfileRating> profile, int k,
                                                               const MovieFilter& filter, float audience_share) const {
  check_k(k);
  check_audience_share(audience_share);
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
  const auto query = profiles_.profile_query(profile, audience_share);
  if (!query) throw InputError("the profile has no liked movies (rating 3.5 or higher)");
  std::vector<std::uint32_t> excluded;
  excluded.reserve(profile.size());
  for (const auto& p : profile) excluded.push_back(p.movie_index);
  std::sort(excluded.begin(), excluded.end());
  auto items = top_k_excluding(index_, query->query, k, excluded, filter);
  explain(items, *query);
  return items;
}

std::vector<Recommendation> Recommender::search_by_vector(std::span<const float> query, int k, const MovieFilter& filter) const {
  check_k(k);
  const HybridSpace& space = profiles_.space();
  if (space.has_collaborative() && query.size() == space.content_dimension) {
    // A text embedding: zero collaborative block, so only the content blocks score.
    std::vector<float> padded(query.begin(), query.end());
    padded.resize(space.dimension(), 0.0f);
    return top_k_excluding(index_, padded, k, {}, filter);
  }
  return top_k_excluding(index_, query, k, {}, filter);
}

std::vector<std::uint32_t> Recommender::popular(int k, const MovieFilter& filter, float max_similarity) const {
  check_k(k);
  const auto wanted = static_cast<std::size_t>(k);
  std::vector<std::uint32_t> hidden = filter.hidden_movies;
  std::sort(hidden.begin(), hidden.end());
  const bool diverse = max_similarity < 1.0f;
  std::vector<std::uint32_t> picked;
  for (const auto row : by_popularity_) {
    if (picked.size() == wanted) break;
    if (std::binary_search(hidden.begin(), hidden.end(), row)) continue;
    if (filter.restricts_attributes() && !filter.matches(catalog_.movie(row))) continue;
    if (diverse) {
      // Content blocks all have the norm content_weight, so a scaled dot product is their cosine.
      const float weight = profiles_.space().content_weight;
      const auto candidate = content_block(row);
      const bool too_close = std::any_of(picked.begin(), picked.end(), [&](std::uint32_t other) {
        return dot(content_block(other), candidate) > max_similarity * weight * weight;
      });
      if (too_close) continue;
    }
    picked.push_back(row);
  }
  return picked;
}

void Recommender::explain(std::vector<Recommendation>& items, const ProfileQuery& query) const {
  const std::size_t dim = profiles_.space().dimension();
  for (auto& recommendation : items) {
    const auto movie = row(recommendation.movie_index);
    float best = 0.0f;
    for (std::size_t l = 0; l < query.liked.size(); ++l) {
      const float share = dot(std::span(query.contributions).subspan(l * dim, dim), movie);
      if (recommendation.because == kNoMovie || share > best) {
        best = share;
        recommendation.because = query.liked[l];
      }
    }
  }
}

std::span<const float> Recommender::row(std::uint32_t movie) const {
  const std::size_t dim = profiles_.space().dimension();
  return rows_.subspan(movie * dim, dim);
}

std::span<const float> Recommender::content_block(std::uint32_t movie) const {
  return row(movie).first(profiles_.space().content_dimension);
}

std::vector<Recommendation> Recommender::top_k_excluding(const VectorIndex& index, std::span<const float> query, int k,
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
  const bool likeness = &index == &likeness_;  // its inner product is already the blended cosine
  const auto norms = likeness ? HybridProfiles::QueryNorms{} : profiles_.query_norms(query);
  const auto similarity = [&](const Neighbour& n) {
    return likeness ? std::clamp(n.score, 0.0f, 1.0f) : profiles_.similarity(norms, n.score);
  };
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
    for (const auto& n : index.search_among(query, wanted, allowed)) result.push_back({n.row, similarity(n)});
    return result;
  }
  // Every excluded movie may sit among the nearest, so the first search is sized for them; the search
  // doubles until k remain.
  std::size_t candidates = std::min(index.size(), 3 * wanted + excluded.size());
  std::vector<Recommendation> result;
  while (true) {
    const auto neighbours = index.search(query, candidates);
    result.clear();
    for (const auto& n : neighbours) {
      if (std::binary_search(excluded.begin(), excluded.end(), n.row)) continue;
      result.push_back({n.row, similarity(n)});
      if (result.size() == wanted) return result;
    }
    if (candidates >= index.size()) return result;
    candidates = std::min(index.size(), candidates * 2);
  }
}

}  // namespace movierec
