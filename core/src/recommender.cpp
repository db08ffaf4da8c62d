#include "movierec/recommender.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "movierec/errors.hpp"

namespace movierec {

namespace {

// How many times k films "similar movies" orders when the genre bonus may reorder them.
constexpr std::size_t kSimilarGenrePool = 2;

// The genres two films share, of all either has (0 when neither has one).
float shared_genres(const Movie& a, const Movie& b) {
  const int either = std::popcount(a.genre_mask | b.genre_mask);
  return either == 0 ? 0.0f : static_cast<float>(std::popcount(a.genre_mask & b.genre_mask)) / static_cast<float>(either);
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
      rows_(index_.rows()),
      // A default HybridSpace (no dimensions) means content-only over the whole vector.
      profiles_(space.dimension() == 0 ? HybridSpace::content_only(index_.dimension()) : space, rows_),
      titles_(catalog_) {
  profiles_.space().check(index_.dimension());
  if (index_.size() != catalog_.size()) {
    throw ArtifactError("the index holds " + std::to_string(index_.size()) + " vectors but the catalog has " +
                        std::to_string(catalog_.size()) + " movies");
  }
  scan_ = QuantizedScan(rows_);
  if (profiles_.space().has_collaborative()) {
    std::vector<std::uint32_t> counts(catalog_.size());
    for (std::uint32_t row = 0; row < counts.size(); ++row) counts[row] = catalog_.movie(row).rating_count;
    likeness_rows_ = profiles_.likeness_rows(counts);
  }
  // A build ships the series it derived (the same derivation, once, instead of on every visitor's device).
  series_ = catalog_.series().empty() ? likeness_series(catalog_, likeness_rows(), profiles_)
                                      : SeriesIndex::from_series(catalog_.series());
  genre_masks_ = catalog_.genre_masks();
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

namespace {

// With nothing liked, the fallback query weighs popularity against a push away from each disliked (and,
// lighter, each "not interested") film, at least this hard: with likes, a dislike's push is weighed
// against their likeness and kept small so it costs no accuracy; with none, it is all there is to go on
// (MovieLens users' settings have no push at all).
constexpr float kFallbackPopularity = 1.0f;
constexpr float kFallbackDislike = 0.1f;
constexpr float kFallbackNotInterested = 0.05f;

std::vector<std::uint32_t> sorted_rows(std::span<const ProfileRating> profile) {
  std::vector<std::uint32_t> rows;
  rows.reserve(profile.size());
  for (const auto& p : profile) rows.push_back(p.movie_index);
  std::sort(rows.begin(), rows.end());
  return rows;
}

}  // namespace

std::vector<Recommendation> Recommender::similar_to(std::uint32_t movie_index, int k, const MovieFilter& filter,
                                                    std::optional<float> audience_share) const {
  check_k(k);
  const SimilarSettings& settings = profiles_.space().queries.similar;
  const float share = audience_share.value_or(settings.audience_share);
  check_audience_share(share);
  if (movie_index >= catalog_.size()) {
    throw InputError("movie index " + std::to_string(movie_index) + " is outside the catalog");
  }
  // A content-only index is its own likeness index: unit rows, so inner product = cosine.
  const MovieRows& likeness = likeness_rows();
  std::vector<float> query = likeness.copy(movie_index);
  profiles_.weigh_likeness(query, share);
  const std::uint32_t excluded[] = {movie_index};
  const auto wanted = static_cast<std::size_t>(k);
  // The genre bonus can lift a film from below the first k by likeness: the ordering draws from more.
  const std::size_t pool = settings.genre_bonus > 0.0f ? wanted * kSimilarGenrePool : wanted;
  std::vector<ScoredMovie> candidates = search(likeness_scan(), query, pool, excluded, filter);
  // The movie's own series comes first (a bonus on top of its likeness), so every film of it that passes
  // the filter is a candidate, found by the series index rather than by the search.
  const auto others = series_.others_in_series(movie_index);
  if (settings.series_bonus != 0.0f && !others.empty()) {
    for (const auto other : others) {
      const bool hidden = std::find(filter.hidden_movies.begin(), filter.hidden_movies.end(), other) != filter.hidden_movies.end();
      if (hidden || (filter.restricts_attributes() && !filter.matches(catalog_.movie(other)))) continue;
      if (std::none_of(candidates.begin(), candidates.end(), [&](const ScoredMovie& c) { return c.movie == other; })) {
        // Scored as the scan scores the films it finds, so a film's likeness is one number however found.
        candidates.push_back({other, fixed_order_dot(query.data(), likeness.copy(other).data(), query.size())});
      }
    }
  }
  // The similarity shown is the likeness plus the genre term, so the list reads in the order of its
  // numbers; the series bonus only moves the film's own series to the front.
  std::vector<Recommendation> result;
  std::vector<std::pair<float, std::size_t>> order;
  result.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::uint32_t other = candidates[i].movie;
    const float similarity =
        candidates[i].score + settings.genre_bonus * shared_genres(catalog_.movie(movie_index), catalog_.movie(other));
    result.push_back({other, std::clamp(similarity, 0.0f, 1.0f)});
    order.push_back({similarity + (series_.same_series(movie_index, other) ? settings.series_bonus : 0.0f), i});
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<Recommendation> top;
  for (std::size_t i = 0; i < order.size() && top.size() < wanted; ++i) top.push_back(result[order[i].second]);
  return top;
}

UserRecommendations Recommender::recommend_for_user(std::uint32_t user_id, int k, const MovieFilter& filter,
                                                    std::optional<float> audience_share) const {
  check_k(k);
  const auto rated = ratings_.ratings_of(user_id);
  if (!rated) throw_unknown_user(user_id, ratings_.user_ids());
  return recommend_for_user_ratings(*rated, k, filter, audience_share);
}

UserRecommendations Recommender::recommend_for_user(std::uint32_t user_id, std::span<const std::uint8_t> blocks, int k,
                                                    const MovieFilter& filter,
                                                    std::optional<float> audience_share) const {
  check_k(k);
  const auto rated = ratings_.ratings_in_blocks(user_id, blocks);
  return recommend_for_user_ratings(rated, k, filter, audience_share);
}

UserRecommendations Recommender::recommend_for_user_ratings(std::span<const UserRating> rated, int k,
                                                            const MovieFilter& filter,
                                                            std::optional<float> audience_share) const {
  std::vector<ProfileRating> profile;
  profile.reserve(rated.size());
  for (const auto& r : rated) profile.push_back({r.movie_index, r.rating});
  UserRecommendations result;
  static_cast<ProfileRecommendations&>(result) =
      recommend_for_profile(profile, k, filter, audience_share, ProfileAudience::user);
  result.total_ratings = profile.size();
  return result;
}

ProfileRecommendations Recommender::recommend_for_profile(std::span<const ProfileRating> profile, int k,
                                                          const MovieFilter& filter, std::optional<float> audience_share,
                                                          ProfileAudience audience) const {
  check_k(k);
  ProfileSettings settings =
      audience == ProfileAudience::visitor ? profiles_.space().queries.visitor : profiles_.space().queries.user;
  if (audience_share) settings.audience_share = *audience_share;
  check_audience_share(settings.audience_share);
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
  const auto liked = static_cast<std::size_t>(
      std::count_if(profile.begin(), profile.end(), [](const auto& p) { return rating_kind(p.rating) == RatingKind::liked; }));
  if (liked == 0) return popular_avoiding(profile, k, filter, settings);
  // A likeness profile lives in the likeness rows' space, a fold-in profile in the index's.
  const ProfileQuery query = profiles_.profile_query(profile, settings, &likeness_rows());
  const std::vector<std::uint32_t> excluded = sorted_rows(profile);
  const auto wanted = static_cast<std::size_t>(k);
  const std::vector<ScoredMovie> picked =
      pick_recommendations(wanted, rerank_settings(settings), rerank_context(query, profile, settings),
                           [&](std::size_t count) { return search(profile_scan(settings), query.query, count, excluded, filter); });
  ProfileRecommendations result;
  result.liked_movies = liked;
  result.disliked_movies = static_cast<std::size_t>(std::count_if(
      profile.begin(), profile.end(), [](const auto& p) { return rating_kind(p.rating) == RatingKind::disliked; }));
  for (const auto& p : picked) {
    result.items.push_back({p.movie, profiles_.match(query.query, row(p.movie), catalog_.movie(p.movie).rating_count,
                                                      settings.audience_share)});
  }
  explain(result.items, query, profile_rows(settings));
  return result;
}

ProfileRecommendations Recommender::popular_avoiding(std::span<const ProfileRating> profile, int k,
                                                     const MovieFilter& filter, const ProfileSettings& settings) const {
  ProfileRecommendations result;
  result.personal = false;
  result.disliked_movies = static_cast<std::size_t>(std::count_if(
      profile.begin(), profile.end(), [](const auto& p) { return rating_kind(p.rating) == RatingKind::disliked; }));
  std::vector<std::uint32_t> hidden = sorted_rows(profile);
  MovieFilter unrated = filter;
  unrated.hidden_movies.insert(unrated.hidden_movies.end(), hidden.begin(), hidden.end());
  const bool any_not_interested = std::any_of(profile.begin(), profile.end(),
                                              [](const auto& p) { return rating_kind(p.rating) == RatingKind::not_interested; });
  if (!profiles_.space().has_prior() || (result.disliked_movies == 0 && !any_not_interested)) {
    // Nothing to keep away from (or no popularity in the index): the most-rated films, varied.
    for (const auto row : popular(k, unrated, kDiverseMaxSimilarity)) result.items.push_back({row, 0.0f});
    return result;
  }
  // Popularity against the content push of every dislike: popular films unlike what was disliked.
  ProfileSettings fallback = settings;
  fallback.popularity = kFallbackPopularity;
  fallback.dislike = std::max(settings.dislike, kFallbackDislike);
  fallback.not_interested = std::max(settings.not_interested, kFallbackNotInterested);
  const ProfileQuery query = profiles_.profile_query(profile, fallback, &likeness_rows());
  const auto candidates = search(profile_scan(settings), query.query, static_cast<std::size_t>(k), hidden, filter);
  for (const auto& c : candidates) result.items.push_back({c.movie, 0.0f});
  return result;
}

std::vector<Recommendation> Recommender::search_by_vector(std::span<const float> query, int k, const MovieFilter& filter) const {
  check_k(k);
  const HybridSpace& space = profiles_.space();
  const auto wanted = static_cast<std::size_t>(k);
  std::vector<Recommendation> result;
  if (query.size() == space.content_dimension) {
    // A text embedding: its content cosine plus the describe settings' prior; the match is the cosine.
    const std::vector<float> text = profiles_.text_query(query);
    for (const auto& c : search(scan_, text, wanted, {}, filter)) {
      result.push_back({c.movie, profiles_.match(text, row(c.movie), catalog_.movie(c.movie).rating_count, 0.0f)});
    }
    return result;
  }
  for (const auto& c : search(scan_, query, wanted, {}, filter)) {
    result.push_back({c.movie, profiles_.match(query, row(c.movie), catalog_.movie(c.movie).rating_count, kDefaultAudienceShare)});
  }
  return result;
}
std::vector<std::uint32_t> Recommender::popular(int k, const MovieFilter& filter, float max_similarity) const {
  check_k(k);
  const auto wanted = static_cast<std::size_t>(k);
  std::vector<std::uint32_t> hidden = filter.hidden_movies;
  std::sort(hidden.begin(), hidden.end());
  std::vector<std::uint32_t> passing;  // most rated first
  for (const auto row : by_popularity_) {
    if (std::binary_search(hidden.begin(), hidden.end(), row)) continue;
    if (filter.restricts_attributes() && !filter.matches(catalog_.movie(row))) continue;
    passing.push_back(row);
  }
  std::vector<std::uint32_t> picked;
  std::vector<std::vector<float>> picked_content;
  std::vector<bool> taken(passing.size(), false);
  const std::size_t dc = profiles_.space().content_dimension;
  for (std::size_t i = 0; i < passing.size() && picked.size() < wanted; ++i) {
    if (max_similarity < 1.0f) {
      // A varied list also takes one film per series: sequels' texts need not be close to one another.
      const auto series_taken = std::any_of(picked.begin(), picked.end(), [&](std::uint32_t other) { return series_.same_series(other, passing[i]); });
      if (series_taken) continue;
      std::vector<float> content = rows_.copy(passing[i], 0, dc);
      const bool too_close = std::any_of(picked_content.begin(), picked_content.end(),
                                         [&](const std::vector<float>& other) { return content_cosine(other, content) > max_similarity; });
      if (too_close) continue;
      picked_content.push_back(std::move(content));
    }
    taken[i] = true;
    picked.push_back(passing[i]);
  }
  // A small or narrow catalog may not have k different enough films: the most rated of the rest fill up.
  for (std::size_t i = 0; i < passing.size() && picked.size() < wanted; ++i) {
    if (!taken[i]) picked.push_back(passing[i]);
  }
  return picked;
}

const QuantizedScan& Recommender::likeness_scan() const {
  if (!profiles_.space().has_collaborative()) return scan_;
  std::call_once(likeness_scan_->built, [this] { likeness_scan_->scan = QuantizedScan(likeness_rows_); });
  return likeness_scan_->scan;
}

void Recommender::prepare() const { (void)likeness_scan(); }

const MovieRows& Recommender::likeness_rows() const {
  // A content-only index's unit rows are its own likeness rows.
  return profiles_.space().has_collaborative() ? likeness_rows_ : rows_;
}

const QuantizedScan& Recommender::profile_scan(const ProfileSettings& settings) const {
  return settings.rule == ProfileRule::likeness ? likeness_scan() : scan_;
}

const MovieRows& Recommender::profile_rows(const ProfileSettings& settings) const {
  return settings.rule == ProfileRule::likeness ? likeness_rows() : rows_;
}

void Recommender::explain(std::vector<Recommendation>& items, const ProfileQuery& query, const MovieRows& rows) const {
  const std::size_t dim = profiles_.space().dimension();
  if (query.liked.empty()) return;
  std::vector<float> scratch(dim);
  for (auto& recommendation : items) {
    const auto movie = rows.read(recommendation.movie_index, scratch);
    float best = 0.0f;
    for (std::size_t l = 0; l < query.liked.size(); ++l) {
      const float share = lane_dot(std::span(query.contributions).subspan(l * dim, dim), movie);
      if (recommendation.because == kNoMovie || share > best) {
        best = share;
        recommendation.because = query.liked[l];
      }
    }
  }
}

std::vector<float> Recommender::row(std::uint32_t movie) const { return rows_.copy(movie); }

RerankContext profile_rerank_context(const SeriesIndex* series,
                                     std::function<float(std::uint32_t, std::uint32_t)> content_cosine,
                                     std::span<const std::uint32_t> genre_masks, const ProfileQuery& query,
                                     std::span<const ProfileRating> profile, const ProfileSettings& settings) {
  RerankContext context;
  context.series = series;
  context.content_cosine = std::move(content_cosine);
  context.genre_masks = genre_masks;
  context.profile_genres = genre_distribution(genre_masks, query.liked);
  if (!(settings.disliked_neighbours > 0.0f)) return context;
  for (const auto& p : profile) {
    if (rating_kind(p.rating) != RatingKind::disliked) continue;
    context.disliked.push_back(p.movie_index);
    if (series == nullptr) continue;
    if (const auto s = series->series_of(p.movie_index); s != kNoSeries) context.disliked_series.push_back(s);
  }
  return context;
}

RerankSettings rerank_settings(const ProfileSettings& settings) {
  return {settings.calibration, settings.diversity, settings.max_per_series, settings.disliked_neighbours};
}

RerankContext Recommender::rerank_context(const ProfileQuery& query, std::span<const ProfileRating> profile,
                                          const ProfileSettings& settings) const {
  // The re-rank compares each pick with every candidate: each film's content is read once.
  auto blocks = std::make_shared<std::unordered_map<std::uint32_t, std::vector<float>>>();
  auto cosine = [this, blocks](std::uint32_t a, std::uint32_t b) {
    const auto block = [&](std::uint32_t movie) -> const std::vector<float>& {
      auto [it, added] = blocks->try_emplace(movie);
      if (added) it->second = rows_.copy(movie, 0, profiles_.space().content_dimension);
      return it->second;
    };
    return content_cosine(block(a), block(b));
  };
  return profile_rerank_context(&series_, std::move(cosine), genre_masks_, query, profile, settings);
}

float Recommender::content_cosine(std::span<const float> a, std::span<const float> b) const {
  const float weight = profiles_.space().content_weight;
  return lane_dot(a, b) / (weight * weight);
}

std::vector<ScoredMovie> Recommender::search(const QuantizedScan& scan, std::span<const float> query, std::size_t count,
                                             std::span<const std::uint32_t> excluded, const MovieFilter& filter) const {
  std::vector<std::uint32_t> merged;
  if (!filter.hidden_movies.empty()) {
    merged.assign(excluded.begin(), excluded.end());
    merged.insert(merged.end(), filter.hidden_movies.begin(), filter.hidden_movies.end());
    std::sort(merged.begin(), merged.end());
    excluded = merged;
  }
  std::vector<Neighbour> found;
  if (filter.restricts_attributes()) {
    std::vector<std::uint32_t> allowed;
    for (std::uint32_t row = 0; row < catalog_.size(); ++row) {
      if (filter.matches(catalog_.movie(row)) && !std::binary_search(excluded.begin(), excluded.end(), row)) {
        allowed.push_back(row);
      }
    }
    found = scan.search_among(query, count, allowed);
  } else {
    found = scan.search(query, count, excluded);
  }
  std::vector<ScoredMovie> result;
  result.reserve(found.size());
  for (const auto& n : found) result.push_back({n.row, n.score});
  return result;
}

}  // namespace movierec
