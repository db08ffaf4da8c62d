#pragma once
// The space the index's vectors live in, and how each kind of question becomes one query in it.
//
// Each movie's vector is [content block | collaborative block | prior block]:
//   content block        w_c * c_j  (c_j: the unit MiniLM vector of what the movie is about)
//   collaborative block  z_j        (implicit-ALS item factors as the pipeline scaled them; zero for a
//                                    movie nobody rated, small for one rated by few: it leans on content)
//   prior block          (popularity_j, rating_j): log(1 + ratings) / log(1 + most ratings), in [0, 1],
//                        and the Bayesian average rating minus the catalog's mean rating, in stars
// One inner product scores every block, so one FAISS search serves the blend. A query re-weights the
// content and collaborative blocks by the audience share a in [0, 1] (content block x 2(1 - a),
// collaborative block x 2a), so the blend changes without rebuilding the index; its prior block says
// how much well-known and well-liked films are preferred (or, negative, held back). An index without a
// collaborative block is content-only and a is ignored; one without a prior block has no preference.
//
// A profile's query (the visitor's ratings, or a MovieLens user's):
//   content block        mean of the liked movies' content blocks, minus a share of each disliked one's
//   collaborative block  the implicit-ALS fold-in of the feedback: the user factors ALS itself would fit,
//                        solved with the movies' blocks held fixed (one f x f Cholesky); liked movies are
//                        preference 1 with confidence 1 + alpha * rating, disliked and "not interested"
//                        ones preference 0 with a confidence of their own, which pushes their neighbours down
//   prior block          the profile settings' popularity weight
// The liked movies' parts are linear, so the query is a sum of one contribution per liked movie plus the
// rest, and contribution_i . h_j is exactly movie i's share of movie j's score ("because you liked i").
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

inline constexpr float kLikedRating = 3.5f;     // the seed's threshold: rating >= 3.5 is "liked"
inline constexpr float kDislikedRating = 2.0f;  // 0.5-2 stars is "disliked"; between the two, only seen
inline constexpr float kNotInterested = 0.0f;
inline constexpr float kDefaultAudienceShare = 0.5f;
inline constexpr float kAudienceConfidence = 10.0f;  // ratings at which an audience direction counts half
inline constexpr std::size_t kPriorDimension = 2;    // popularity, rating

enum class RatingKind { liked, disliked, not_interested, seen };
RatingKind rating_kind(float rating);

// How a profile becomes a query and a result list: the manifest's queries.visitor and queries.user
// (visitors have a handful of ratings, MovieLens users about a hundred, so each has its own tuning).
struct ProfileSettings {
  float audience_share = kDefaultAudienceShare;
  float fold_in_regularization = 1.0f;  // lambda of the fold-in, in the units of the collaborative blocks
  float popularity = 0.0f;              // weight of the prior's popularity feature (negative holds hits back)
  float dislike = 0.0f;                 // a disliked movie's fold-in confidence and content push
  float not_interested = 0.0f;          // the same for "not interested", meant to be lighter
  float diversity = 0.0f;               // the re-rank's trade-off (result_diversity.hpp): 0 = by score only
  std::uint32_t max_per_series = 0;     // films of one series in a result list; 0 = no cap
};

// "Similar movies": likeness (HybridProfiles::likeness_rows) at this share, plus a bonus for the
// movie's own series (series_index.hpp), so sequels come before look-alikes.
struct SimilarSettings {
  float audience_share = kDefaultAudienceShare;
  float series_bonus = 0.0f;
};

// Free text: the content cosine plus these weights on the prior block, so that among films that fit
// the words equally the one people mean (well known, well liked) comes first.
struct DescribeSettings {
  float popularity = 0.0f;
  float rating = 0.0f;
};

struct QuerySettings {
  ProfileSettings visitor;
  ProfileSettings user;
  SimilarSettings similar;
  DescribeSettings describe;
};

struct HybridSpace {
  std::size_t content_dimension = 0;
  std::size_t collaborative_dimension = 0;
  std::size_t prior_dimension = 0;  // 0 or kPriorDimension
  float content_weight = 1.0f;      // w_c: the content blocks' norm
  // The fold-in's confidence for liked movies: 1 + alpha (or 1 + alpha * rating). Its regularization
  // is a profile setting.
  float fold_in_alpha = 1.0f;
  bool fold_in_rating_confidence = false;
  QuerySettings queries;

  static HybridSpace content_only(std::size_t dimension);
  std::size_t dimension() const { return content_dimension + collaborative_dimension + prior_dimension; }
  std::size_t prior_offset() const { return content_dimension + collaborative_dimension; }
  bool has_collaborative() const { return collaborative_dimension > 0; }
  bool has_prior() const { return prior_dimension > 0; }
  // Throws ArtifactError unless the blocks add up to the index's dimension and the numbers are usable.
  void check(std::size_t index_dimension) const;
};

// The manifest's "hybrid" object as JSON text (docs/architecture.md); "null" or "" means a content-only
// index of `index_dimension`. Throws ArtifactError naming the field that is missing or wrong.
HybridSpace hybrid_space_from_json(std::string_view json, std::size_t index_dimension);

// Throws InputError unless 0 <= share <= 1.
void check_audience_share(float share);

struct ProfileQuery {
  std::vector<float> query;          // dimension() floats
  std::vector<std::uint32_t> liked;  // catalog rows of the liked movies, in profile order
  std::vector<float> contributions;  // liked.size() x dimension(), row-major: liked movie i's share
};

class HybridProfiles {
 public:
  // rows: every movie's vector, movies x space.dimension(), row-major; it must outlive this object.
  // The collaborative blocks' Gram matrix (sum of z_j z_j^T) is computed here, once.
  HybridProfiles(HybridSpace space, std::span<const float> rows);

  const HybridSpace& space() const { return space_; }

  // The query for a profile. With no liked movie the query only holds what the dislikes and the
  // settings' popularity say (the caller decides whether that is worth asking). Throws InputError for a
  // movie row outside the catalog. Ratings are not range-checked here (the Recommender does that).
  ProfileQuery profile_query(std::span<const ProfileRating> ratings, const ProfileSettings& settings) const;
  // "Similar movies" compares two movies, not a person with a movie, so it ranks by likeness: the
  // blend (1 - a) cos(content) + a cos(audience) of the two blocks' cosines. An inner product on
  // ALS factors would instead favour whatever many people rated. These rows make that one inner
  // product: each block at unit length, the audience block also times n / (n + kAudienceConfidence)
  // for a movie with n ratings, because few ratings give an unreliable direction (it leans on content).
  // The prior block is zero.
  std::vector<float> likeness_rows(std::span<const std::uint32_t> rating_counts) const;
  // A likeness row made into the query for an audience share, in place.
  void weigh_likeness(std::span<float> likeness_row, float audience_share) const;
  // The match people see, in [0, 1], the same measure on every tab: the likeness of what was asked
  // (a movie's likeness row, a profile's query, a text's content vector) with a movie,
  // (1 - a) cos(content) + a cos(audience) x n / (n + kAudienceConfidence). The prior block, the
  // blocks' weights and the re-rank decide the order but not the match.
  float match(std::span<const float> query, std::span<const float> movie_row, std::uint32_t movie_rating_count,
              float audience_share) const;
  // A content-dimension text embedding as a describe query of dimension() floats.
  std::vector<float> text_query(std::span<const float> text_vector) const;

 private:
  HybridSpace space_;
  std::span<const float> rows_;
  std::size_t movies_ = 0;
  std::vector<float> gram_;  // collaborative_dimension^2, row-major
};

}  // namespace movierec
