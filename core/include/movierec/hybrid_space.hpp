#pragma once
// The space the index's vectors live in, and how a visitor's ratings become one query in it.
//
// Each movie's vector is [content block | collaborative block]:
//   content block        w_c * c_j  (c_j: the unit MiniLM vector of the movie's text)
//   collaborative block  z_j        (implicit-ALS item factors as the pipeline scaled them; zero for a
//                                    movie nobody rated, small for one rated by few: it leans on content)
// One inner product scores both blocks, so one FAISS search serves the blend. A query re-weights the
// blocks by the audience share a in [0, 1] (content block x 2(1 - a), collaborative block x 2a), so the
// blend changes without rebuilding the index; a = 0.5 is the blend the pipeline tuned. An index with
// collaborative_dimension 0 is content-only and a is ignored.
//
// A profile's query is
//   content block        mean of the liked movies' content blocks
//   collaborative block  the implicit-ALS fold-in of the visitor's feedback: the user factors that ALS
//                        itself would fit, solved with the movies' blocks held fixed (one f x f Cholesky)
// Both are linear in per-movie terms, so the query is a sum of one contribution per rated movie, and
// contribution_i . h_j is exactly movie i's share of movie j's score ("because you liked i").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace movierec {

// One rating of a visitor's profile: 0.5-5 stars, or 0 for "not interested".
struct ProfileRating {
  std::uint32_t movie_index;
  float rating;
};

inline constexpr float kLikedRating = 3.5f;  // the seed's threshold: rating >= 3.5 is "liked"
inline constexpr float kDefaultAudienceShare = 0.5f;
inline constexpr float kAudienceConfidence = 10.0f;  // ratings at which an audience direction counts half

struct HybridSpace {
  std::size_t content_dimension = 0;
  std::size_t collaborative_dimension = 0;
  float content_weight = 1.0f;  // w_c: the content blocks' norm
  // The fold-in, in the units of the collaborative blocks: confidence 1 + alpha (or 1 + alpha * rating)
  // per feedback movie, L2 regularization `regularization`. Feedback is the liked movies, or with
  // all_ratings every rated movie (never "not interested").
  float fold_in_regularization = 1.0f;
  float fold_in_alpha = 1.0f;
  bool fold_in_rating_confidence = false;
  bool fold_in_all_ratings = false;

  static HybridSpace content_only(std::size_t dimension);
  std::size_t dimension() const { return content_dimension + collaborative_dimension; }
  bool has_collaborative() const { return collaborative_dimension > 0; }
  // Throws ArtifactError unless the blocks add up to the index's dimension and the numbers are usable.
  void check(std::size_t index_dimension) const;
};

// The manifest's "hybrid" object as JSON text (docs/architecture.md); "null" or "" means a content-only
// index of `index_dimension`. Throws ArtifactError naming the field that is missing or wrong.
HybridSpace hybrid_space_from_json(std::string_view json, std::size_t index_dimension);

// Throws InputError unless 0 <= share <= 1.
void check_audience_share(float share);

struct ProfileQuery {
  std::vector<float> query;          // dimension() floats, the sum of the contributions
  std::vector<std::uint32_t> liked;  // catalog rows of the liked movies, in profile order
  std::vector<float> contributions;  // liked.size() x dimension(), row-major: liked movie i's share
};

class HybridProfiles {
 public:
  // rows: every movie's vector, movies x space.dimension(), row-major; it must outlive this object.
  // The collaborative blocks' Gram matrix (sum of z_j z_j^T) is computed here, once.
  HybridProfiles(HybridSpace space, std::span<const float> rows);

  const HybridSpace& space() const { return space_; }

  // The query for a profile at an audience share; nullopt when nothing is liked. Throws InputError for a
  // movie row outside the catalog. Ratings are not range-checked here (the Recommender does that).
  std::optional<ProfileQuery> profile_query(std::span<const ProfileRating> ratings, float audience_share) const;
  // "Similar movies" compares two movies, not a person with a movie, so it ranks by likeness: the
  // blend (1 - a) cos(content) + a cos(audience) of the two blocks' cosines. An inner product on
  // ALS factors would instead favour whatever many people rated. These rows make that one inner
  // product: each block at unit length, the audience block also times n / (n + kAudienceConfidence)
  // for a movie with n ratings, because few ratings give an unreliable direction (it leans on content).
  std::vector<float> likeness_rows(std::span<const std::uint32_t> rating_counts) const;
  // A likeness row made into the query for an audience share, in place.
  void weigh_likeness(std::span<float> likeness_row, float audience_share) const;
  // The query's block norms, for similarity().
  struct QueryNorms {
    float content = 0.0f;
    float collaborative = 0.0f;
  };
  QueryNorms query_norms(std::span<const float> query) const;
  // The match people see, in [0, 1]: the inner product over |query| x the largest movie norm of the
  // blocks the query uses. It keeps the ranking's order (a per-movie cosine would not: the ranking is
  // by inner product, which counts an audience's strength as well as its direction), and for a
  // content-only query such as a text embedding it is exactly the content cosine.
  float similarity(const QueryNorms& query, float inner_product) const;

 private:
  HybridSpace space_;
  std::span<const float> rows_;
  std::size_t movies_ = 0;
  std::vector<float> gram_;            // collaborative_dimension^2, row-major
  float max_content_norm_ = 0.0f;
  float max_collaborative_norm_ = 0.0f;
};

}  // namespace movierec
