// The hybrid space: profile queries, the audience-share blend, explanations and the manifest's "hybrid"
// object, on small hand-made vectors whose answers can be worked out by hand.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>

#include "artifacts/index_builder.hpp"
#include "movierec/errors.hpp"
#include "movierec/hybrid_space.hpp"
#include "movierec/recommender.hpp"

namespace movierec {
namespace {

constexpr std::size_t kContent = 3;
constexpr std::size_t kFactors = 2;
constexpr std::size_t kPrior = 2;
constexpr std::size_t kDim = kContent + kFactors + kPrior;
constexpr float kWeight = 0.5f;  // content_weight

// Six movies. Content: 0-2 share a direction, 3-5 another. Audience: 0, 3 and 4 are liked by the same
// people (one factor direction); 1, 2 and 5 by others; 5 has no ratings at all (zero factors). Prior:
// popularity falls from movie 0 to 5; movie 4 is the best liked.
std::vector<float> hybrid_rows() {
  const float content[6][kContent] = {{1, 0, 0}, {0.96f, 0.28f, 0}, {0.8f, 0.6f, 0},
                                      {0, 0, 1}, {0, 0.28f, 0.96f}, {0, 0.6f, 0.8f}};
  const float factors[6][kFactors] = {{1.5f, 0.1f}, {0.1f, 1.2f}, {0.2f, 0.9f}, {1.4f, 0}, {1.1f, 0.2f}, {0, 0}};
  const float prior[6][kPrior] = {{1, 0}, {0.8f, -0.2f}, {0.6f, 0}, {0.5f, 0.1f}, {0.4f, 0.5f}, {0, 0}};
  std::vector<float> rows;
  for (int j = 0; j < 6; ++j) {
    for (const float c : content[j]) rows.push_back(kWeight * c);
    for (const float f : factors[j]) rows.push_back(f);
    for (const float p : prior[j]) rows.push_back(p);
  }
  return rows;
}

constexpr float kLambda = 0.5f;

ProfileSettings settings(float share = kDefaultAudienceShare) {
  ProfileSettings s;
  s.audience_share = share;
  s.fold_in_regularization = kLambda;
  return s;
}

HybridSpace space() {
  HybridSpace s;
  s.content_dimension = kContent;
  s.collaborative_dimension = kFactors;
  s.prior_dimension = kPrior;
  s.content_weight = kWeight;
  s.fold_in_alpha = 2.0f;
  s.fold_in_rating_confidence = true;
  s.queries.visitor = settings();
  s.queries.user = settings();
  return s;
}

float dot(std::span<const float> a, std::span<const float> b) {
  float sum = 0.0f;
  for (std::size_t d = 0; d < a.size(); ++d) sum += a[d] * b[d];
  return sum;
}

TEST(HybridProfiles, CollaborativeBlockIsTheImplicitAlsFoldIn) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const ProfileRating ratings[] = {{0, 5.0f}, {1, 4.0f}, {2, 3.0f}};  // 2 is only seen: not feedback
  const auto query = profiles.profile_query(ratings, settings());

  // x = (Z^T Z + sum (c - 1) z z^T + lambda I)^-1 sum c z with c = 1 + alpha * rating, solved directly.
  Eigen::MatrixXf z(6, kFactors);
  for (int j = 0; j < 6; ++j) z.row(j) << rows[j * kDim + 3], rows[j * kDim + 4];
  Eigen::MatrixXf a = z.transpose() * z + kLambda * Eigen::MatrixXf::Identity(2, 2);
  Eigen::VectorXf b = Eigen::VectorXf::Zero(2);
  for (const auto& [movie, rating] : {std::pair{0, 5.0f}, std::pair{1, 4.0f}}) {
    const float c = 1.0f + 2.0f * rating;
    a += (c - 1.0f) * z.row(movie).transpose() * z.row(movie);
    b += c * z.row(movie).transpose();
  }
  const Eigen::VectorXf x = a.ldlt().solve(b);
  EXPECT_NEAR(query.query[3], x[0], 1e-5f);
  EXPECT_NEAR(query.query[4], x[1], 1e-5f);
  // Content block: the mean of the liked movies' content blocks.
  for (std::size_t d = 0; d < kContent; ++d) {
    EXPECT_NEAR(query.query[d], (rows[d] + rows[kDim + d]) / 2.0f, 1e-6f);
  }
  EXPECT_EQ(query.liked, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(query.query[5], 0.0f);  // no popularity preference asked for
}

TEST(HybridProfiles, DislikesAreZeroPreferencesWithTheirOwnConfidence) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  ProfileSettings s = settings();
  s.dislike = 3.0f;
  s.not_interested = 0.5f;
  const ProfileRating ratings[] = {{0, 5.0f}, {3, 1.0f}, {4, 0.0f}};
  const auto query = profiles.profile_query(ratings, s);
  Eigen::MatrixXf z(6, kFactors);
  for (int j = 0; j < 6; ++j) z.row(j) << rows[j * kDim + 3], rows[j * kDim + 4];
  Eigen::MatrixXf a = z.transpose() * z + kLambda * Eigen::MatrixXf::Identity(2, 2);
  const float c = 1.0f + 2.0f * 5.0f;
  a += (c - 1.0f) * z.row(0).transpose() * z.row(0) + 3.0f * z.row(3).transpose() * z.row(3) +
       0.5f * z.row(4).transpose() * z.row(4);
  const Eigen::VectorXf x = a.ldlt().solve(Eigen::VectorXf(c * z.row(0).transpose()));
  EXPECT_NEAR(query.query[3], x[0], 1e-5f);
  EXPECT_NEAR(query.query[4], x[1], 1e-5f);
  // Content: the liked movie, minus 3x the disliked one and 0.5x the one of no interest.
  for (std::size_t d = 0; d < kContent; ++d) {
    EXPECT_NEAR(query.query[d], rows[d] - 3.0f * rows[3 * kDim + d] - 0.5f * rows[4 * kDim + d], 1e-5f);
  }
  // The dislike lowers the disliked movie's neighbour 4 against the same profile without it.
  const ProfileRating liked_only[] = {{0, 5.0f}};
  const auto plain = profiles.profile_query(liked_only, settings());
  const auto score = [&](const ProfileQuery& q, std::size_t movie) { return dot(q.query, std::span(rows).subspan(movie * kDim, kDim)); };
  EXPECT_LT(score(query, 4), score(plain, 4));
}

TEST(HybridProfiles, PopularityIsThePriorBlocksWeight) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  ProfileSettings s = settings();
  s.popularity = -0.25f;
  const ProfileRating ratings[] = {{0, 5.0f}};
  const auto query = profiles.profile_query(ratings, s);
  EXPECT_FLOAT_EQ(query.query[5], -0.25f);
  EXPECT_FLOAT_EQ(query.query[6], 0.0f);
}

TEST(HybridProfiles, ContributionsAddUpToTheQuery) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const ProfileRating ratings[] = {{3, 4.5f}, {1, 3.5f}, {0, 0.0f}};
  for (const float share : {0.0f, 0.3f, 0.5f, 1.0f}) {
    const auto query = profiles.profile_query(ratings, settings(share));
    ASSERT_EQ(query.contributions.size(), 2 * kDim);
    for (std::size_t d = 0; d < kDim; ++d) {
      EXPECT_NEAR(query.contributions[d] + query.contributions[kDim + d], query.query[d], 1e-5f) << "share " << share;
    }
  }
}

TEST(HybridProfiles, AudienceShareWeighsTheBlocks) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const ProfileRating ratings[] = {{0, 5.0f}};
  const auto middle = profiles.profile_query(ratings, settings(0.5f));
  const auto content = profiles.profile_query(ratings, settings(0.0f));
  const auto audience = profiles.profile_query(ratings, settings(1.0f));
  for (std::size_t d = 0; d < kContent + kFactors; ++d) {
    const bool is_content = d < kContent;
    EXPECT_FLOAT_EQ(content.query[d], is_content ? 2.0f * middle.query[d] : 0.0f);
    EXPECT_FLOAT_EQ(audience.query[d], is_content ? 0.0f : 2.0f * middle.query[d]);
  }
  EXPECT_THROW((void)profiles.profile_query(ratings, settings(1.5f)), InputError);
  EXPECT_THROW((void)profiles.profile_query(ratings, settings(std::nanf(""))), InputError);
}

TEST(HybridProfiles, NothingLikedLeavesOnlyThePushesAndRowsAreChecked) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const ProfileRating disliked[] = {{0, 3.0f}, {1, 0.0f}};
  const auto query = profiles.profile_query(disliked, settings());
  EXPECT_TRUE(query.liked.empty());
  for (const float v : query.query) EXPECT_EQ(v, 0.0f);  // pushes are off in these settings
  const ProfileRating outside[] = {{6, 5.0f}};
  EXPECT_THROW((void)profiles.profile_query(outside, settings()), InputError);
}

TEST(HybridProfiles, TheMatchIsTheSameLikenessEverywhere) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  // A text vector: the describe query has the text in its content block and the describe prior.
  const std::vector<float> text = {0, 0, 1};
  const auto query = profiles.text_query(text);
  ASSERT_EQ(query.size(), kDim);
  // Movie 3's content is exactly the text: 100 %, whatever its audience factors.
  EXPECT_FLOAT_EQ(profiles.match(query, std::span(rows).subspan(3 * kDim, kDim), 50, 0.0f), 1.0f);
  EXPECT_NEAR(profiles.match(query, std::span(rows).subspan(4 * kDim, kDim), 50, 0.0f), 0.96f, 1e-5f);
  // Half audience: the audience cosine counts too, doubted for few ratings (n / (n + 10)).
  const std::vector<float> profile = {0, 0, kWeight, 1.4f, 0, 0, 0};
  EXPECT_NEAR(profiles.match(profile, std::span(rows).subspan(3 * kDim, kDim), 10, 0.5f), 0.5f + 0.5f * 0.5f, 1e-5f);
  EXPECT_THROW((void)profiles.text_query(std::vector<float>{1, 0}), InputError);
}

TEST(HybridProfiles, LikenessRowsHaveUnitBlocksAndDoubtFewRatings) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const std::uint32_t counts[] = {10, 1000, 0, 30, 10, 0};
  const auto likeness = profiles.likeness_rows(counts).all();
  const auto block_norm = [&](std::size_t movie, std::size_t from, std::size_t to) {
    float sum = 0.0f;
    for (std::size_t d = from; d < to; ++d) sum += likeness[movie * kDim + d] * likeness[movie * kDim + d];
    return std::sqrt(sum);
  };
  for (std::size_t j = 0; j < 6; ++j) EXPECT_NEAR(block_norm(j, 0, kContent), 1.0f, 1e-5f);
  EXPECT_NEAR(block_norm(0, kContent, kContent + kFactors), 0.5f, 1e-5f);  // 10 ratings: half as sure as a full vote
  EXPECT_NEAR(block_norm(1, kContent, kContent + kFactors), 1000.0f / 1010.0f, 1e-5f);
  EXPECT_NEAR(block_norm(2, kContent, kContent + kFactors), 0.0f, 1e-6f);  // no ratings: content only
  EXPECT_NEAR(block_norm(5, kContent, kDim), 0.0f, 1e-6f);                 // no factors, and no prior
  EXPECT_NEAR(likeness[kContent + kFactors], 1.0f, 1e-6f);                 // the prior block is kept...
  std::vector<float> query(likeness.begin(), likeness.begin() + kDim);
  profiles.weigh_likeness(query, 0.25f);
  EXPECT_NEAR(query[0], 0.75f * likeness[0], 1e-6f);
  EXPECT_NEAR(query[3], 0.25f * likeness[3], 1e-6f);
  EXPECT_EQ(query[kContent + kFactors], 0.0f);  // ...but a movie's query leaves it out
  EXPECT_THROW((void)profiles.likeness_rows(std::vector<std::uint32_t>(5, 1)), InputError);
}

Recommender hybrid_recommender() {
  std::vector<Movie> movies;
  for (std::uint32_t i = 0; i < 6; ++i) movies.push_back({10 + i, "Movie " + std::to_string(i), 2000, 1, 3.5f, 6 - i});
  RatingsMatrix ratings({{1, {{0, 5.0f}, {1, 4.0f}}}}, 6);
  const auto rows = hybrid_rows();
  return Recommender(Catalog({"Drama"}, movies), std::move(ratings), build_index(rows, kDim, "Flat"), space());
}

TEST(HybridRecommender, TheBlendMovesSimilarFromStoryToAudience) {
  const auto recommender = hybrid_recommender();
  // Movie 0: by content its neighbour is 1 (same story), by audience it is 3 (same people).
  EXPECT_EQ(recommender.similar_to(0, 1, {}, 0.0f).front().movie_index, 1u);
  EXPECT_EQ(recommender.similar_to(0, 1, {}, 1.0f).front().movie_index, 3u);
  for (const auto& item : recommender.similar_to(0, 5, {}, 0.5f)) {
    EXPECT_GE(item.similarity, 0.0f);
    EXPECT_LE(item.similarity, 1.0f);
  }
  EXPECT_THROW((void)recommender.similar_to(0, 1, {}, -0.1f), InputError);
}

// The likeness scan is built by the first query that needs it or by prepare(); either way, and after
// the engine moved, the answers are the same.
TEST(HybridRecommender, LikenessScanBuiltOnDemandAnswersTheSame) {
  const auto expected = hybrid_recommender().similar_to(0, 5);
  auto prepared = hybrid_recommender();
  prepared.prepare();
  prepared.prepare();
  const Recommender moved = std::move(prepared);
  const auto answered = moved.similar_to(0, 5);
  ASSERT_EQ(answered.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(answered[i].movie_index, expected[i].movie_index);
    EXPECT_EQ(answered[i].similarity, expected[i].similarity);
  }
}

TEST(HybridRecommender, TextVectorsSearchTheContentBlocks) {
  const auto recommender = hybrid_recommender();
  const std::vector<float> text = {0, 0.6f, 0.8f};
  const auto items = recommender.search_by_vector(text, 2);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].movie_index, 5u);  // identical content, and no audience at all
  EXPECT_NEAR(items[0].similarity, 1.0f, 1e-5f);
  EXPECT_THROW((void)recommender.search_by_vector(std::vector<float>{1, 0}, 2), InputError);
}

TEST(HybridRecommender, DescribePriorPrefersTheFilmPeopleMean) {
  HybridSpace s = space();
  s.queries.describe = DescribeSettings{1.0f, 0.0f};  // a strong popularity prior
  std::vector<Movie> movies;
  for (std::uint32_t i = 0; i < 6; ++i) movies.push_back({10 + i, "Movie " + std::to_string(i), 2000, 1, 3.5f, 6 - i});
  const Recommender recommender(Catalog({"Drama"}, movies), RatingsMatrix({}, 6), build_index(hybrid_rows(), kDim, "Flat"), s);
  // Movie 5 fits the words best, but 4 (cosine 0.99) is far better known: it comes first, and the match
  // shown stays the cosine.
  const auto items = recommender.search_by_vector(std::vector<float>{0, 0.6f, 0.8f}, 2);
  EXPECT_EQ(items[0].movie_index, 4u);
  EXPECT_NEAR(items[0].similarity, 0.28f * 0.6f + 0.96f * 0.8f, 1e-5f);
}

TEST(HybridRecommender, OnlyDislikesGetPopularPicksThatAvoidThem) {
  HybridSpace s = space();
  s.queries.visitor.dislike = 2.0f;
  std::vector<Movie> movies;
  for (std::uint32_t i = 0; i < 6; ++i) movies.push_back({10 + i, "Movie " + std::to_string(i), 2000, 1, 3.5f, 6 - i});
  const Recommender recommender(Catalog({"Drama"}, movies), RatingsMatrix({}, 6), build_index(hybrid_rows(), kDim, "Flat"), s);
  const ProfileRating disliked[] = {{0, 1.0f}};
  const auto result = recommender.recommend_for_profile(disliked, 3);
  EXPECT_FALSE(result.personal);
  EXPECT_EQ(result.disliked_movies, 1u);
  ASSERT_EQ(result.items.size(), 3u);
  // Without the dislike, 1 and 2 (most popular after 0) would lead; they share 0's story and fall back.
  EXPECT_EQ(result.items[0].movie_index, 3u);
  for (const auto& item : result.items) EXPECT_NE(item.movie_index, 0u);
}

TEST(HybridRecommender, BecauseNamesTheLikedMovieThatAddedMost) {
  const auto recommender = hybrid_recommender();
  // Liked: 0 (audience A) and 2 (audience B, story close to 1). Movie 4 shares 0's audience.
  const ProfileRating profile[] = {{0, 5.0f}, {2, 4.0f}};
  const auto items = recommender.recommend_for_profile(profile, 4, {}, 1.0f).items;
  const auto because_of = [&](std::uint32_t movie) {
    for (const auto& item : items) {
      if (item.movie_index == movie) return item.because;
    }
    return kNoMovie;
  };
  EXPECT_EQ(because_of(4), 0u);
  EXPECT_EQ(because_of(3), 0u);
  EXPECT_EQ(because_of(1), 2u);
}

constexpr const char* kQueries =
    R"("queries":{"visitor":{"profile":"likeness","audience_share":0.6,"fold_in_lambda":0.5,"popularity":-0.1,
                  "popularity_ratings":4,"linear":0,"dislike":2,"not_interested":0.5,
                  "calibration":0.3,"diversity":0.2,"max_per_series":2,"disliked_neighbours":0.4},
                  "user":{"profile":"fold_in","audience_share":0.5,"fold_in_lambda":0.7,"popularity":0,
                  "popularity_ratings":0,"linear":1.5,"dislike":1,"not_interested":0,
                  "calibration":0,"diversity":0,"max_per_series":0,"disliked_neighbours":0},
                  "similar":{"audience_share":0.3,"series_bonus":0.2,"genre_bonus":0.03},"describe":{"popularity":0.23,"rating":0.1}})";

std::string manifest_hybrid(const std::string& fields) { return "{" + fields + "," + kQueries + "}"; }

TEST(HybridSpaceJson, ReadsTheManifestObject) {
  const auto parsed = hybrid_space_from_json(
      manifest_hybrid(R"("content_dimension":3,"collaborative_dimension":2,"linear_dimension":0,"prior_dimension":2,"content_weight":0.5,
          "fold_in":{"alpha":2,"rating_confidence":true})"),
      7);
  EXPECT_EQ(parsed.content_dimension, 3u);
  EXPECT_EQ(parsed.collaborative_dimension, 2u);
  EXPECT_EQ(parsed.prior_dimension, 2u);
  EXPECT_FLOAT_EQ(parsed.content_weight, 0.5f);
  EXPECT_TRUE(parsed.fold_in_rating_confidence);
  EXPECT_FLOAT_EQ(parsed.queries.visitor.audience_share, 0.6f);
  EXPECT_FLOAT_EQ(parsed.queries.visitor.popularity, -0.1f);
  EXPECT_FLOAT_EQ(parsed.queries.visitor.popularity_ratings, 4.0f);
  EXPECT_EQ(parsed.queries.visitor.rule, ProfileRule::likeness);
  EXPECT_EQ(parsed.queries.user.rule, ProfileRule::fold_in);
  EXPECT_EQ(parsed.queries.visitor.max_per_series, 2u);
  EXPECT_FLOAT_EQ(parsed.queries.visitor.disliked_neighbours, 0.4f);
  EXPECT_FLOAT_EQ(parsed.queries.user.fold_in_regularization, 0.7f);
  EXPECT_FLOAT_EQ(parsed.queries.user.linear, 1.5f);
  EXPECT_FLOAT_EQ(parsed.queries.similar.series_bonus, 0.2f);
  EXPECT_FLOAT_EQ(parsed.queries.similar.genre_bonus, 0.03f);
  EXPECT_FLOAT_EQ(parsed.queries.describe.popularity, 0.23f);
  EXPECT_EQ(hybrid_space_from_json("null", 384).content_dimension, 384u);
  EXPECT_FALSE(hybrid_space_from_json("", 384).has_collaborative());
}

TEST(HybridSpaceJson, NamesTheFieldThatIsWrong) {
  const auto message = [](const std::string& json, std::size_t dimension) -> std::string {
    try {
      (void)hybrid_space_from_json(json, dimension);
    } catch (const ArtifactError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(message(manifest_hybrid(R"("collaborative_dimension":2,"linear_dimension":0,"prior_dimension":0,"content_weight":1)"), 5)
                .find("hybrid.content_dimension"), std::string::npos);
  EXPECT_NE(message(manifest_hybrid(R"("content_dimension":3,"collaborative_dimension":2,"linear_dimension":0,"prior_dimension":0,"content_weight":1,
                                      "fold_in":{"rating_confidence":true})"), 5)
                .find("hybrid.fold_in.alpha"), std::string::npos);
  EXPECT_NE(message(manifest_hybrid(R"("content_dimension":3,"collaborative_dimension":0,"linear_dimension":0,"prior_dimension":0,"content_weight":1)"), 5)
                .find("do not add up"), std::string::npos);
  EXPECT_NE(message(R"({"content_dimension":3,"collaborative_dimension":0,"linear_dimension":0,"prior_dimension":0,"content_weight":1})", 3)
                .find("hybrid.queries"), std::string::npos);
  // A content-only manifest with one piece of its queries replaced.
  const auto changed = [](const std::string& from, const std::string& to) {
    std::string json = manifest_hybrid(R"("content_dimension":3,"collaborative_dimension":0,"linear_dimension":0,"prior_dimension":0,"content_weight":1)");
    return json.replace(json.find(from), from.size(), to);
  };
  EXPECT_NE(message(changed("\"dislike\":2", "\"dislike\":\"x\""), 3).find("hybrid.queries.visitor.dislike"), std::string::npos);
  EXPECT_NE(message(changed("\"disliked_neighbours\":0.4", "\"disliked_neighbours\":-0.4"), 3).find("dislike weights >= 0"),
            std::string::npos);
  EXPECT_NE(message(changed("\"genre_bonus\":0.03", "\"genre_bonus\":-0.03"), 3).find("genre bonus >= 0"), std::string::npos);
  EXPECT_NE(message(changed(",\"genre_bonus\":0.03", ""), 3).find("hybrid.queries.similar.genre_bonus"), std::string::npos);
  EXPECT_NE(message("[1,2", 5).find("\"hybrid\""), std::string::npos);
  EXPECT_NE(message(manifest_hybrid(R"("content_dimension":-3,"collaborative_dimension":0,"linear_dimension":0,"prior_dimension":0,"content_weight":1)"), 5)
                .find("content_dimension"), std::string::npos);
}

}  // namespace
}  // namespace movierec
