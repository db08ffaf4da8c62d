#pragma once
// The recommender engine: one object over the loaded artifacts, answering the product's questions.
// Natively it serves the CLI and the pipeline's checks; in the browser the WASM bindings wrap it.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "movierec/catalog.hpp"
#include "movierec/hybrid_space.hpp"
#include "movierec/ratings_matrix.hpp"
#include "movierec/title_index.hpp"
#include "movierec/vector_index.hpp"

namespace movierec {

inline constexpr std::uint32_t kNoMovie = UINT32_MAX;

struct Recommendation {
  std::uint32_t movie_index;
  float similarity;                // cosine clamped to [0, 1], shown to people as a percentage
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

struct UserRecommendations {
  std::vector<Recommendation> items;
  std::size_t total_ratings = 0;
  std::size_t liked_movies = 0;
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

  std::vector<TitleMatch> find_titles(std::string_view query, std::size_t limit) const;
  // The best match for a typed title, or InputError naming the title.
  std::uint32_t resolve_title(std::string_view query) const;

  // audience_share blends the blocks (hybrid_space.hpp): 0 = content only, 1 = audience only.
  std::vector<Recommendation> similar_to(std::uint32_t movie_index, int k, const MovieFilter& filter = {},
                                         float audience_share = kDefaultAudienceShare) const;
  UserRecommendations recommend_for_user(std::uint32_t user_id, int k, const MovieFilter& filter = {},
                                         float audience_share = kDefaultAudienceShare) const;
  // Profile ratings >= kLikedRating are "liked"; every movie in the profile (liked, disliked or rated 0
  // for "not interested") is excluded from the results. Each result names the liked movie that added
  // most to its score (Recommendation::because). Ratings must lie in [0, 5].
  std::vector<Recommendation> recommend_for_profile(std::span<const ProfileRating> profile, int k,
                                                    const MovieFilter& filter = {},
                                                    float audience_share = kDefaultAudienceShare) const;
  // A query of dimension() floats, or of the content dimension (a text embedding), which is compared
  // with the content blocks only.
  std::vector<Recommendation> search_by_vector(std::span<const float> query, int k, const MovieFilter& filter = {}) const;
  // The k most-rated movies that pass the filter, most rated first (ties: higher average rating).
  // A movie whose content cosine to one already picked exceeds max_similarity is skipped, so a cold-start
  // grid spans different kinds of film instead of five sequels of the same one; 1 keeps everything.
  std::vector<std::uint32_t> popular(int k, const MovieFilter& filter = {}, float max_similarity = 1.0f) const;

 private:
  // Top k by similarity to query, skipping `excluded` (sorted movie indices); widens the FAISS search
  // from 3k candidates until k remain or the catalog is exhausted.
  // Scores are shown as profiles_.similarity(), or for the likeness index as the blended cosine itself.
  std::vector<Recommendation> top_k_excluding(const VectorIndex& index, std::span<const float> query, int k,
                                              std::span<const std::uint32_t> excluded, const MovieFilter& filter) const;
  // Sets `because` on each item: the liked movie whose contribution to its score is largest.
  void explain(std::vector<Recommendation>& items, const ProfileQuery& query) const;
  std::span<const float> row(std::uint32_t movie) const;
  std::span<const float> content_block(std::uint32_t movie) const;

  Catalog catalog_;
  RatingsMatrix ratings_;
  VectorIndex index_;
  std::vector<float> decoded_rows_;  // only when the index does not keep floats itself
  std::span<const float> rows_;      // every movie's vector, row-major
  HybridProfiles profiles_;
  VectorIndex likeness_;  // hybrid indexes only: "similar movies" rows (HybridProfiles::likeness_rows)
  TitleIndex titles_;
  std::vector<std::uint32_t> by_popularity_;  // catalog rows, most rated first
};

// Throws InputError unless 1 <= k <= Recommender::kMaxK.
void check_k(int k);

}  // namespace movierec
