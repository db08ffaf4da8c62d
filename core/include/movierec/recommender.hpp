#pragma once
// The recommender engine: one object over the loaded artifacts, answering the product's questions.
// Natively it serves the CLI and the pipeline's checks; in the browser the WASM bindings wrap it.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "movierec/catalog.hpp"
#include "movierec/hybrid_space.hpp"
#include "movierec/quantized_scan.hpp"
#include "movierec/ratings_matrix.hpp"
#include "movierec/result_diversity.hpp"
#include "movierec/series_index.hpp"
#include "movierec/title_index.hpp"
#include "movierec/vector_index.hpp"

namespace movierec {

inline constexpr std::uint32_t kNoMovie = UINT32_MAX;
// How alike two popular picks may be (content cosine) when a list should span different kinds of film:
// MiniLM puts sequels and same-franchise films above 0.8 and unrelated popular films mostly below 0.6.
inline constexpr float kDiverseMaxSimilarity = 0.75f;

struct Recommendation {
  std::uint32_t movie_index;
  float similarity;                  // the match shown to people, in [0, 1] (HybridProfiles::match)
  std::uint32_t because = kNoMovie;  // for profile recommendations: the liked movie that added most to the score
};

// Restricts results; applied inside the engine before the top k is cut, so k results still come back.
struct MovieFilter {
  std::uint32_t genre_mask = 0;     // 0 = any genre
  bool all_genres = false;          // true: every genre in the mask; false: at least one
  std::uint16_t min_year = 0;       // 0 = no lower bound
  std::uint16_t max_year = 0;       // 0 = no upper bound
  std::uint32_t min_rating_count = 0;
  // Catalog rows never returned, in any order: e.g. the movies a visitor has already rated.
  std::vector<std::uint32_t> hidden_movies;

  // The catalog attributes only; hidden_movies are checked by row in the search.
  bool matches(const Movie& movie) const;
  bool restricts_attributes() const {
    return genre_mask != 0 || min_year != 0 || max_year != 0 || min_rating_count != 0;
  }
  bool is_empty() const { return !restricts_attributes() && hidden_movies.empty(); }
};

// Whose ratings a profile holds: a visitor of the site (a handful of ratings) or a MovieLens user
// (about a hundred). Each has its own tuned settings (HybridSpace::queries).
enum class ProfileAudience { visitor, user };

struct ProfileRecommendations {
  std::vector<Recommendation> items;
  // false: nothing liked yet, so these are popular picks that keep away from what was disliked.
  bool personal = true;
  std::size_t liked_movies = 0;
  std::size_t disliked_movies = 0;  // 0.5-2 stars
};

struct UserRecommendations : ProfileRecommendations {
  std::size_t total_ratings = 0;
};

class Recommender {
 public:
  static constexpr float kLikedRating = movierec::kLikedRating;
  static constexpr int kMaxK = 50;

  // `space` says how the index's vectors split into content and collaborative blocks (hybrid_space.hpp);
  // without it the index is content-only.
  Recommender(Catalog catalog, RatingsMatrix ratings, VectorIndex index);
  Recommender(Catalog catalog, RatingsMatrix ratings, VectorIndex index, const HybridSpace& space);

  const Catalog& catalog() const { return catalog_; }
  const RatingsMatrix& ratings() const { return ratings_; }
  const VectorIndex& index() const { return index_; }
  const HybridSpace& space() const { return profiles_.space(); }
  const SeriesIndex& series() const { return series_; }

  std::vector<TitleMatch> find_titles(std::string_view query, std::size_t limit) const;
  // The best match for a typed title, or InputError naming the title.
  std::uint32_t resolve_title(std::string_view query) const;

  // Every query takes an optional audience share (0 = content only, 1 = audience only); without one
  // the build's tuned share for that kind of question applies (HybridSpace::queries).
  std::vector<Recommendation> similar_to(std::uint32_t movie_index, int k, const MovieFilter& filter = {},
                                         std::optional<float> audience_share = std::nullopt) const;
  // A MovieLens user's ratings as a profile with the user settings. A user who liked nothing gets
  // popular picks (personal = false), as a visitor would.
  UserRecommendations recommend_for_user(std::uint32_t user_id, int k, const MovieFilter& filter = {},
                                         std::optional<float> audience_share = std::nullopt) const;
  // The same from the user's blocks of ratings.bin (RatingsMatrix::blocks_of), for an engine that holds
  // only users.bin's directory: the browser reads one user's blocks when that user is asked for.
  UserRecommendations recommend_for_user(std::uint32_t user_id, std::span<const std::uint8_t> blocks, int k,
                                         const MovieFilter& filter = {},
                                         std::optional<float> audience_share = std::nullopt) const;
  // Profile ratings: >= kLikedRating liked, <= kDislikedRating disliked, 0 "not interested" (hidden and
  // lightly pushed away), the rest only seen. Every movie in the profile is excluded from the results.
  // Each result names the liked movie that added most to its score (Recommendation::because). With no
  // liked movie the results are popular picks that keep away from the dislikes. Ratings must lie in [0, 5].
  ProfileRecommendations recommend_for_profile(std::span<const ProfileRating> profile, int k,
                                               const MovieFilter& filter = {},
                                               std::optional<float> audience_share = std::nullopt,
                                               ProfileAudience audience = ProfileAudience::visitor) const;
  // A text embedding (the content dimension): ranked by its content cosine plus the describe settings'
  // prior, shown as the content cosine. A query of dimension() floats is ranked as it is.
  std::vector<Recommendation> search_by_vector(std::span<const float> query, int k, const MovieFilter& filter = {}) const;
  // Builds what the constructor leaves to the first query that needs it (the likeness rows' scan, a
  // third of the start-up work): the browser calls it once the page is ready, natively nothing has to.
  void prepare() const;
  // The k most-rated movies that pass the filter, most rated first (ties: higher average rating).
  // A movie whose content cosine to one already picked exceeds max_similarity is skipped, so a cold-start
  // grid spans different kinds of film instead of five sequels of the same one; below 1, a film of a series
  // already picked is skipped too. 1 keeps everything.
  std::vector<std::uint32_t> popular(int k, const MovieFilter& filter = {}, float max_similarity = 1.0f) const;

 private:
  // The best `count` movies of `scan` for `query`, skipping `excluded` (sorted rows) and what the filter
  // rejects; a filter that keeps a tenth of the catalog costs about a tenth of a full scan.
  std::vector<ScoredMovie> search(const QuantizedScan& scan, std::span<const float> query, std::size_t count,
                                  std::span<const std::uint32_t> excluded, const MovieFilter& filter) const;
  UserRecommendations recommend_for_user_ratings(std::span<const UserRating> rated, int k, const MovieFilter& filter,
                                                 std::optional<float> audience_share) const;
  ProfileRecommendations popular_avoiding(std::span<const ProfileRating> profile, int k, const MovieFilter& filter,
                                          const ProfileSettings& settings) const;
  // Sets `because` on each item: the liked movie whose contribution to its score is largest; `rows` are
  // the rows the query was compared with.
  void explain(std::vector<Recommendation>& items, const ProfileQuery& query, const MovieRows& rows) const;
  // What "similar movies" and likeness profiles search: the likeness rows of a hybrid index, else the
  // index's own unit rows.
  const QuantizedScan& likeness_scan() const;
  const MovieRows& likeness_rows() const;
  // The scan and rows a profile with these settings is compared with.
  const QuantizedScan& profile_scan(const ProfileSettings& settings) const;
  const MovieRows& profile_rows(const ProfileSettings& settings) const;
  std::vector<float> row(std::uint32_t movie) const;
  // The cosine of two content blocks (content_dimension floats each).
  float content_cosine(std::span<const float> a, std::span<const float> b) const;
  RerankContext rerank_context(const ProfileQuery& query, std::span<const ProfileRating> profile,
                               const ProfileSettings& settings) const;

  Catalog catalog_;
  RatingsMatrix ratings_;
  VectorIndex index_;
  MovieRows rows_;  // every movie's vector, read from the index (8-bit codes stay codes)
  HybridProfiles profiles_;
  MovieRows likeness_rows_;  // hybrid indexes only: "similar movies" rows (HybridProfiles::likeness_rows)
  QuantizedScan scan_;                // over rows_
  // Over likeness_rows_, built on first use (likeness_scan(), prepare()); behind a pointer so the
  // engine stays movable.
  struct LazyScan {
    std::once_flag built;
    QuantizedScan scan;
  };
  std::unique_ptr<LazyScan> likeness_scan_ = std::make_unique<LazyScan>();
  TitleIndex titles_;
  std::vector<std::uint32_t> by_popularity_;  // catalog rows, most rated first
  std::vector<std::uint32_t> genre_masks_;    // per catalog row, for the re-rank's calibration
  SeriesIndex series_;
};

// The re-rank's knobs in a profile's settings.
RerankSettings rerank_settings(const ProfileSettings& settings);
// What the re-rank needs to know of a profile, as the engine and the evaluation both give it: the
// catalog's series, content likeness and genres, the liked films' genres, and the disliked films (rated
// 0.5-2 stars) with their series when the settings let their neighbours step back.
RerankContext profile_rerank_context(const SeriesIndex* series,
                                     std::function<float(std::uint32_t, std::uint32_t)> content_cosine,
                                     std::span<const std::uint32_t> genre_masks, const ProfileQuery& query,
                                     std::span<const ProfileRating> profile, const ProfileSettings& settings);

// Throws InputError unless 1 <= k <= Recommender::kMaxK.
void check_k(int k);

}  // namespace movierec
