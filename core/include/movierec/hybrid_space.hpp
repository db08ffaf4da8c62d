#pragma once
// The space the index's vectors live in, and how each kind of question becomes one query in it.
//
// Each movie's vector is [content block | collaborative block | linear block | prior block]:
//   content block        w_c * c_j  (c_j: the unit MiniLM vector of what the movie is about)
//   collaborative block  z_j        (implicit-ALS item factors as the pipeline scaled them; zero for a
//                                    movie nobody rated, small for one rated by few: it leans on content)
//   linear block         a_j        (a low-rank linear item-to-item model, B = A A^T: a profile's part is
//                                    the plain sum of its movies' rows; optional)
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
//   linear block         the settings' linear weight times the sum of the rows of every movie rated
//                        (seen is a signal here, as in EASE); with the collaborative block it is audience
//   prior block          the profile settings' popularity weight
// The liked movies' parts are linear, so the query is a sum of one contribution per liked movie plus the
// rest, and contribution_i . h_j is exactly movie i's share of movie j's score ("because you liked i").
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "movierec/movie_rows.hpp"

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

// How a profile's ratings become a query (docs/architecture.md, "Profiles"):
//   fold_in   the implicit-ALS fold-in and the linear block, over the index's rows: it reads a hundred
//             ratings best (MovieLens users);
//   likeness  the sum of the liked movies' likeness rows (likeness_rows: unit content relative to the
//             average film, unit audience doubted for few ratings), over the likeness rows: an item-based
//             neighbourhood that reads a handful of ratings as well as the fold-in does, and lets what
//             the films are about count without costing accuracy (visitors).
enum class ProfileRule : std::uint8_t { fold_in, likeness };

// How a profile becomes a query and a result list: the manifest's queries.visitor and queries.user
// (visitors have a handful of ratings, MovieLens users about a hundred, so each has its own tuning).
struct ProfileSettings {
  ProfileRule rule = ProfileRule::fold_in;
  float audience_share = kDefaultAudienceShare;
  float fold_in_regularization = 1.0f;  // lambda of the fold-in, in the units of the collaborative blocks
  // Weight of the prior's popularity feature (negative holds hits back), for a profile of n liked movies
  // popularity * popularity_ratings / (popularity_ratings + n): the less a profile says, the more the
  // prior counts; popularity_ratings = 0 keeps the weight whatever n.
  float popularity = 0.0f;
  float popularity_ratings = 0.0f;
  float linear = 0.0f;                  // weight of the linear block (0 leaves it out)
  float dislike = 0.0f;                 // a disliked movie's fold-in confidence and content push
  float not_interested = 0.0f;          // the same for "not interested", meant to be lighter
  // The re-rank (result_diversity.hpp): genre calibration and content diversity (0 = by score only),
  // and the films of one series a list may hold (0 = no cap).
  float calibration = 0.0f;
  float diversity = 0.0f;
  std::uint32_t max_per_series = 0;
  float disliked_neighbours = 0.0f;     // how far a disliked film's near neighbours step back
};

// "Similar movies": likeness (HybridProfiles::likeness_rows) at this share, plus a bonus for the
// movie's own series (series_index.hpp), so sequels come before look-alikes, and a genre bonus times the
// share of genres the two films have in common (of all either has), so that among films about as alike
// the ones of the same subgenre come first. The similarity shown includes the genre term (the list reads in the
// order of its numbers), not the series bonus.
struct SimilarSettings {
  float audience_share = kDefaultAudienceShare;
  float series_bonus = 0.0f;
  float genre_bonus = 0.0f;
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
  std::size_t linear_dimension = 0;
  std::size_t prior_dimension = 0;  // 0 or kPriorDimension
  float content_weight = 1.0f;      // w_c: the content blocks' norm
  // The fold-in's confidence for liked movies: 1 + alpha (or 1 + alpha * rating). Its regularization
  // is a profile setting.
  float fold_in_alpha = 1.0f;
  bool fold_in_rating_confidence = false;
  QuerySettings queries;

  static HybridSpace content_only(std::size_t dimension);
  std::size_t dimension() const { return prior_offset() + prior_dimension; }
  std::size_t linear_offset() const { return content_dimension + collaborative_dimension; }
  std::size_t prior_offset() const { return linear_offset() + linear_dimension; }
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
  // rows: every movie's vector (space.dimension() each), read through `rows`, whose storage must outlive
  // this object. The collaborative blocks' Gram matrix (sum of z_j z_j^T) is computed here, once.
  HybridProfiles(HybridSpace space, MovieRows rows);
  // The same over row-major floats.
  HybridProfiles(HybridSpace space, std::span<const float> rows);

  const HybridSpace& space() const { return space_; }

  // The query for a profile by the settings' rule; a likeness query is compared with `likeness` rows
  // (likeness_rows), a fold-in query with the index's rows. With no liked movie the query only holds
  // what the dislikes and the settings' popularity say (the caller decides whether that is worth
  // asking). Throws InputError for a movie row outside the catalog. Ratings are not range-checked here
  // (the Recommender does that).
  ProfileQuery profile_query(std::span<const ProfileRating> ratings, const ProfileSettings& settings,
                             const MovieRows* likeness = nullptr) const;
  // "Similar movies" compares two movies, not a person with a movie, so it ranks by likeness: the
  // blend (1 - a) cos(content) + a cos(audience) of the two blocks' cosines. An inner product on
  // ALS factors would instead favour whatever many people rated. These rows make that one inner
  // product: each block at unit length, the audience block also times n / (n + kAudienceConfidence)
  // for a movie with n ratings, because few ratings give an unreliable direction (it leans on content).
  // The linear and prior blocks are the index's: a likeness profile may weigh them, a movie's likeness
  // query (weigh_likeness) leaves them out.
  // They are a view of the index's rows with two scales per movie (no copy of the vectors).
  MovieRows likeness_rows(std::span<const std::uint32_t> rating_counts) const;
  // A likeness row made into the query for an audience share, in place (linear and prior blocks zeroed).
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
  ProfileQuery fold_in_query(std::span<const ProfileRating> ratings, const ProfileSettings& settings) const;
  ProfileQuery likeness_query(std::span<const ProfileRating> ratings, const ProfileSettings& settings,
                              const MovieRows& likeness) const;

  HybridSpace space_;
  MovieRows rows_;
  std::size_t movies_ = 0;
  std::vector<float> gram_;          // collaborative_dimension^2, row-major
  std::vector<float> content_mean_;  // the catalog's average content block
};

}  // namespace movierec
