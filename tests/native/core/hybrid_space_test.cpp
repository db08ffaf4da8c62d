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
constexpr std::size_t kDim = kContent + kFactors;
constexpr float kWeight = 0.5f;  // content_weight

// Six movies. Content: 0-2 share a direction, 3-5 another. Audience: 0, 3 and 4 are liked by the same
// people (one factor direction); 1, 2 and 5 by others; 5 has no ratings at all (zero factors).
std::vector<float> hybrid_rows() {
  const float content[6][kContent] = {{1, 0, 0}, {0.96f, 0.28f, 0}, {0.8f, 0.6f, 0},
                                      {0, 0, 1}, {0, 0.28f, 0.96f}, {0, 0.6f, 0.8f}};
  const float factors[6][kFactors] = {{1.5f, 0.1f}, {0.1f, 1.2f}, {0.2f, 0.9f}, {1.4f, 0}, {1.1f, 0.2f}, {0, 0}};
  std::vector<float> rows;
  for (int j = 0; j < 6; ++j) {
    for (const float c : content[j]) rows.push_back(kWeight * c);
    for (const float f : factors[j]) rows.push_back(f);
  }
  return rows;
}

HybridSpace space() {
  HybridSpace s;
  s.content_dimension = kContent;
  s.collaborative_dimension = kFactors;
  s.content_weight = kWeight;
  s.fold_in_regularization = 0.5f;
  s.fold_in_alpha = 2.0f;
  s.fold_in_rating_confidence = true;
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
  const ProfileRating ratings[] = {{0, 5.0f}, {1, 4.0f}, {2, 2.0f}};  // 2 is disliked: not feedback
  const auto query = profiles.profile_query(ratings, kDefaultAudienceShare);
  ASSERT_TRUE(query);

  // x = (Z^T Z + sum (c - 1) z z^T + lambda I)^-1 sum c z with c = 1 + alpha * rating, solved directly.
  Eigen::MatrixXf z(6, kFactors);
  for (int j = 0; j < 6; ++j) z.row(j) << rows[j * kDim + 3], rows[j * kDim + 4];
  Eigen::MatrixXf a = z.transpose() * z + 0.5f * Eigen::MatrixXf::Identity(2, 2);
  Eigen::VectorXf b = Eigen::VectorXf::Zero(2);
  for (const auto& [movie, rating] : {std::pair{0, 5.0f}, std::pair{1, 4.0f}}) {
    const float c = 1.0f + 2.0f * rating;
    a += (c - 1.0f) * z.row(movie).transpose() * z.row(movie);
    b += c * z.row(movie).transpose();
  }
  const Eigen::VectorXf x = a.ldlt().solve(b);
  EXPECT_NEAR(query->query[3], x[0], 1e-5f);
  EXPECT_NEAR(query->query[4], x[1], 1e-5f);
  // Content block: the mean of the liked movies' content blocks.
  for (std::size_t d = 0; d < kContent; ++d) {
    EXPECT_NEAR(query->query[d], (rows[d] + rows[kDim + d]) / 2.0f, 1e-6f);
  }
  EXPECT_EQ(query->liked, (std::vector<std::uint32_t>{0, 1}));
}

TEST(HybridProfiles, ContributionsAddUpToTheQuery) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const ProfileRating ratings[] = {{3, 4.5f}, {1, 3.5f}, {0, 0.0f}};
  for (const float share : {0.0f, 0.3f, 0.5f, 1.0f}) {
    const auto query = profiles.profile_query(ratings, share);
    ASSERT_TRUE(query);
    ASSERT_EQ(query->contributions.size(), 2 * kDim);
    for (std::size_t d = 0; d < kDim; ++d) {
      EXPECT_NEAR(query->contributions[d] + query->contributions[kDim + d], query->query[d], 1e-5f) << "share " << share;
    }
  }
}

TEST(HybridProfiles, AudienceShareWeighsTheBlocks) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const ProfileRating ratings[] = {{0, 5.0f}};
  const auto middle = profiles.profile_query(ratings, 0.5f);
  const auto content = profiles.profile_query(ratings, 0.0f);
  const auto audience = profiles.profile_query(ratings, 1.0f);
  for (std::size_t d = 0; d < kDim; ++d) {
    const bool is_content = d < kContent;
    EXPECT_FLOAT_EQ(content->query[d], is_content ? 2.0f * middle->query[d] : 0.0f);
    EXPECT_FLOAT_EQ(audience->query[d], is_content ? 0.0f : 2.0f * middle->query[d]);
  }
  EXPECT_THROW((void)profiles.profile_query(ratings, 1.5f), InputError);
  EXPECT_THROW((void)profiles.profile_query(ratings, std::nanf("")), InputError);
}

TEST(HybridProfiles, NothingLikedMeansNoQueryAndRowsAreChecked) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const ProfileRating disliked[] = {{0, 3.0f}, {1, 0.0f}};
  EXPECT_FALSE(profiles.profile_query(disliked, 0.5f));
  const ProfileRating outside[] = {{6, 5.0f}};
  EXPECT_THROW((void)profiles.profile_query(outside, 0.5f), InputError);
}

TEST(HybridProfiles, ContentOnlyQueriesAreComparedWithContentBlocks) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const std::vector<float> text = {0, 0, 1, 0, 0};  // a unit text vector, zero-padded
  const auto norms = profiles.query_norms(text);
  EXPECT_FLOAT_EQ(norms.collaborative, 0.0f);
  // Movie 3's content is exactly the text: 100 %, whatever its audience factors.
  const float inner = dot(text, std::span(rows).subspan(3 * kDim, kDim));
  EXPECT_FLOAT_EQ(profiles.similarity(norms, inner), 1.0f);
  // A blended query is measured against the largest movie norm, so scores keep the ranking's order.
  const std::vector<float> blended = {0, 0, 1, 1.5f, 0.1f};
  const auto blended_norms = profiles.query_norms(blended);
  float previous = 2.0f;
  for (const float inner_product : {4.0f, 2.0f, 1.0f, 0.0f}) {
    const float shown = profiles.similarity(blended_norms, inner_product);
    EXPECT_LE(shown, previous);
    EXPECT_GE(shown, 0.0f);
    previous = shown;
  }
}

TEST(HybridProfiles, LikenessRowsHaveUnitBlocksAndDoubtFewRatings) {
  const auto rows = hybrid_rows();
  const HybridProfiles profiles(space(), rows);
  const std::uint32_t counts[] = {10, 1000, 0, 30, 10, 0};
  const auto likeness = profiles.likeness_rows(counts);
  const auto block_norm = [&](std::size_t movie, std::size_t from, std::size_t to) {
    float sum = 0.0f;
    for (std::size_t d = from; d < to; ++d) sum += likeness[movie * kDim + d] * likeness[movie * kDim + d];
    return std::sqrt(sum);
  };
  for (std::size_t j = 0; j < 6; ++j) EXPECT_NEAR(block_norm(j, 0, kContent), 1.0f, 1e-5f);
  EXPECT_NEAR(block_norm(0, kContent, kDim), 0.5f, 1e-5f);  // 10 ratings: half as sure as a full vote
  EXPECT_NEAR(block_norm(1, kContent, kDim), 1000.0f / 1010.0f, 1e-5f);
  EXPECT_NEAR(block_norm(2, kContent, kDim), 0.0f, 1e-6f);  // no ratings: content only
  EXPECT_NEAR(block_norm(5, kContent, kDim), 0.0f, 1e-6f);  // no factors either
  std::vector<float> query(likeness.begin(), likeness.begin() + kDim);
  profiles.weigh_likeness(query, 0.25f);
  EXPECT_NEAR(query[0], 0.75f * likeness[0], 1e-6f);
  EXPECT_NEAR(query[3], 0.25f * likeness[3], 1e-6f);
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

TEST(HybridRecommender, TextVectorsSearchTheContentBlocks) {
  const auto recommender = hybrid_recommender();
  const std::vector<float> text = {0, 0.6f, 0.8f};
  const auto items = recommender.search_by_vector(text, 2);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].movie_index, 5u);  // identical content, and no audience at all
  EXPECT_NEAR(items[0].similarity, 1.0f, 1e-5f);
  EXPECT_THROW((void)recommender.search_by_vector(std::vector<float>{1, 0}, 2), InputError);
}

TEST(HybridRecommender, BecauseNamesTheLikedMovieThatAddedMost) {
  const auto recommender = hybrid_recommender();
  // Liked: 0 (audience A) and 2 (audience B, story close to 1). Movie 4 shares 0's audience.
  const ProfileRating profile[] = {{0, 5.0f}, {2, 4.0f}};
  const auto items = recommender.recommend_for_profile(profile, 4, {}, 1.0f);
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

TEST(HybridSpaceJson, ReadsTheManifestObject) {
  const auto parsed = hybrid_space_from_json(
      R"({"content_dimension":3,"collaborative_dimension":2,"content_weight":0.5,
          "fold_in":{"lambda":0.5,"alpha":2,"rating_confidence":true,"feedback":"all_ratings"}})",
      5);
  EXPECT_EQ(parsed.content_dimension, 3u);
  EXPECT_EQ(parsed.collaborative_dimension, 2u);
  EXPECT_FLOAT_EQ(parsed.content_weight, 0.5f);
  EXPECT_FLOAT_EQ(parsed.fold_in_regularization, 0.5f);
  EXPECT_TRUE(parsed.fold_in_rating_confidence);
  EXPECT_TRUE(parsed.fold_in_all_ratings);
  EXPECT_EQ(hybrid_space_from_json("null", 384).content_dimension, 384u);
  EXPECT_FALSE(hybrid_space_from_json("", 384).has_collaborative());
}

TEST(HybridSpaceJson, NamesTheFieldThatIsWrong) {
  const auto message = [](const char* json, std::size_t dimension) -> std::string {
    try {
      (void)hybrid_space_from_json(json, dimension);
    } catch (const ArtifactError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(message(R"({"collaborative_dimension":2,"content_weight":1})", 5).find("hybrid.content_dimension"), std::string::npos);
  EXPECT_NE(message(R"({"content_dimension":3,"collaborative_dimension":2,"content_weight":1,"fold_in":{"alpha":1}})", 5)
                .find("hybrid.fold_in.lambda"), std::string::npos);
  EXPECT_NE(message(R"({"content_dimension":3,"collaborative_dimension":0,"content_weight":1})", 5).find("do not add up"),
            std::string::npos);
  EXPECT_NE(message("[1,2", 5).find("\"hybrid\""), std::string::npos);
  EXPECT_NE(message(R"({"content_dimension":-3,"collaborative_dimension":0,"content_weight":1})", 5).find("content_dimension"),
            std::string::npos);
}

}  // namespace
}  // namespace movierec
