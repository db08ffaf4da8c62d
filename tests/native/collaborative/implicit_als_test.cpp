// Implicit ALS on a tiny synthetic matrix with obvious structure, and the hybrid built on it: the
// engine's least-squares fold-in and the pipeline's averaged profile rules.
#include "collaborative/implicit_als.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "collaborative/hybrid_vectors.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// Two taste groups: users 0-9 rate movies 0-9, users 10-19 rate movies 10-19, each user missing one
// movie of their own group (user u misses movie u).
FeedbackMatrix two_groups() {
  std::vector<Eigen::Triplet<float, std::int32_t>> entries;
  for (int u = 0; u < 20; ++u) {
    const int first = u < 10 ? 0 : 10;
    for (int i = first; i < first + 10; ++i) {
      if (i != u) entries.emplace_back(u, i, 4.0F + static_cast<float>(i % 2) * 0.5F);
    }
  }
  FeedbackMatrix m(20, 20);
  m.setFromTriplets(entries.begin(), entries.end());
  return m;
}

ImplicitAlsConfig small_config() {
  ImplicitAlsConfig config;
  config.factors = 4;
  config.regularization = 0.1F;
  config.alpha = 10.0F;
  config.iterations = 15;
  return config;
}

TEST(ImplicitAls, RecoversTwoTasteGroups) {
  const ImplicitAlsModel model = fit_implicit_als(two_groups(), small_config());
  ASSERT_EQ(model.user_factors.rows(), 20);
  ASSERT_EQ(model.item_factors.rows(), 20);
  const FactorMatrix scores = model.user_factors * model.item_factors.transpose();
  for (int u = 0; u < 20; ++u) {
    const int own = u < 10 ? 0 : 10;
    const int other = u < 10 ? 10 : 0;
    const float missing = scores(u, u);
    const float best_other = scores.row(u).segment(other, 10).maxCoeff();
    // The unseen movie of the user's own group beats every movie of the other group by a margin.
    EXPECT_GT(missing, best_other + 0.1F) << "user " << u;
    EXPECT_GT(scores.row(u).segment(own, 10).minCoeff(), best_other) << "user " << u;
  }
}

TEST(ImplicitAls, IsDeterministicAndIndependentOfThreads) {
  ImplicitAlsConfig one = small_config();
  ImplicitAlsConfig two = small_config();
  two.threads = 2;
  const ImplicitAlsModel a = fit_implicit_als(two_groups(), one);
  const ImplicitAlsModel b = fit_implicit_als(two_groups(), two);
  EXPECT_EQ(a.item_factors, b.item_factors);
  EXPECT_EQ(a.user_factors, b.user_factors);
}

TEST(ImplicitAls, RatingConfidenceAndEmptyRows) {
  FeedbackMatrix m = two_groups();
  m.conservativeResize(21, 21);  // one user and one movie without any feedback
  ImplicitAlsConfig config = small_config();
  config.rating_confidence = true;
  config.alpha = 2.0F;
  const ImplicitAlsModel model = fit_implicit_als(m, config);
  EXPECT_TRUE(model.user_factors.row(20).isZero());
  EXPECT_TRUE(model.item_factors.row(20).isZero());
  const FactorMatrix scores = model.user_factors * model.item_factors.transpose();
  EXPECT_GT(scores(3, 3), scores.row(3).segment(10, 10).maxCoeff());
}

TEST(ImplicitAls, RejectsBadSettings) {
  ImplicitAlsConfig config = small_config();
  config.regularization = 0.0F;
  EXPECT_THROW((void)fit_implicit_als(two_groups(), config), InputError);
  config = small_config();
  config.factors = 0;
  EXPECT_THROW((void)fit_implicit_als(two_groups(), config), InputError);
}

std::vector<std::pair<std::uint32_t, float>> row_of(const FeedbackMatrix& m, int row) {
  std::vector<std::pair<std::uint32_t, float>> out;
  for (FeedbackMatrix::InnerIterator it(m, row); it; ++it) out.emplace_back(static_cast<std::uint32_t>(it.col()), it.value());
  return out;
}

// ALS ends with a user step, so the engine's fold-in (HybridProfiles, what the browser runs) of a
// training user's feedback reproduces their factors when beta = 0: the collaborative block is the user's
// factors over w_a g (the fold-in lambda is rescaled with the blocks), and its scores are ALS's scores.
TEST(HybridProfiles, FoldInReproducesTheAlsUserFactors) {
  const FeedbackMatrix m = two_groups();
  const ImplicitAlsConfig config = small_config();
  const ImplicitAlsModel model = fit_implicit_als(m, config);
  const std::vector<float> content(20 * 2, 0.5F);
  const std::vector<std::uint32_t> counts(20, 9);
  HybridConfig hybrid;
  hybrid.profile = HybridProfileRule::least_squares;
  hybrid.content_weight = 0.25F;
  hybrid.collaborative_weight = 3.0F;
  hybrid.shrinkage = 0.0F;
  hybrid.queries.user.fold_in_regularization = config.regularization;
  hybrid.fold_in_alpha = config.alpha;
  HybridInputs inputs;
  inputs.content = content;
  inputs.content_dimension = 2;
  inputs.factors = std::span<const float>(model.item_factors.data(), static_cast<std::size_t>(model.item_factors.size()));
  inputs.factor_dimension = 4;
  inputs.rating_counts = counts;
  const HybridVectors vectors = build_hybrid_vectors(inputs, hybrid);
  ASSERT_EQ(vectors.dimension(), 6U);
  ASSERT_EQ(vectors.size(), 20U);
  const HybridSpace space = hybrid_space(vectors, hybrid);
  const float block_scale = hybrid.collaborative_weight * vectors.factor_scale;
  EXPECT_FLOAT_EQ(space.queries.user.fold_in_regularization, config.regularization * block_scale * block_scale);
  const HybridProfiles profiles(space, vectors.rows);
  for (int u : {0, 7, 12, 15}) {
    std::vector<ProfileRating> ratings;
    for (const auto& [item, rating] : row_of(m, u)) ratings.push_back({item, rating});
    const ProfileQuery query = profiles.profile_query(ratings, space.queries.user);
    const Eigen::Map<const Eigen::VectorXf> collaborative(query.query.data() + 2, 4);
    EXPECT_TRUE((collaborative * block_scale).isApprox(model.user_factors.row(u).transpose(), 1e-4F)) << "user " << u;
    for (std::uint32_t j = 0; j < 20; ++j) {
      const Eigen::Map<const Eigen::VectorXf> z(vectors.row(j).data() + 2, 4);
      const float als = model.user_factors.row(u).dot(model.item_factors.row(j));
      EXPECT_NEAR(collaborative.dot(z), als, 1e-3F) << "user " << u << " movie " << j;
    }
  }
  const std::vector<ProfileRating> outside{{20, 4.0F}};
  EXPECT_THROW((void)profiles.profile_query(outside, space.queries.user), InputError);
  // The pipeline's own profile rules leave least_squares to the engine.
  EXPECT_THROW((void)hybrid_profile(vectors, std::vector<ProfileRating>{{0, 4.0F}}, hybrid), InputError);
}

TEST(HybridProfile, MeanOfLikedAveragesTheLikedVectorsAndShrinksRareMovies) {
  // Two movies, content dimension 1, one factor. Movie 0 has 10 ratings, movie 1 none.
  const std::vector<float> content{1.0F, 1.0F};
  const std::vector<float> factors{2.0F, 0.0F};
  const std::vector<std::uint32_t> counts{10, 0};
  HybridConfig config;
  config.shrinkage = 10.0F;  // movie 0: 10 / 20
  HybridInputs inputs;
  inputs.content = content;
  inputs.content_dimension = 1;
  inputs.factors = factors;
  inputs.factor_dimension = 1;
  inputs.rating_counts = counts;
  const HybridVectors vectors = build_hybrid_vectors(inputs, config);
  EXPECT_FLOAT_EQ(vectors.factor_scale, 0.5F);          // 1 / RMS norm over rated movies
  EXPECT_FLOAT_EQ(vectors.row(0)[1], 0.5F * 0.5F * 2.0F);  // shrink * scale * factor
  EXPECT_FLOAT_EQ(vectors.row(1)[1], 0.0F);
  const std::vector<ProfileRating> ratings{{0, 5.0F}, {1, 4.0F}, {1, 2.0F}};
  const std::vector<float> p = hybrid_profile(vectors, ratings, config);
  EXPECT_FLOAT_EQ(p[0], 1.0F);
  EXPECT_FLOAT_EQ(p[1], 0.25F);  // (0.5 + 0) / 2: the 2-star rating is not liked
  EXPECT_THROW((void)hybrid_profile(vectors, std::vector<ProfileRating>{{0, 2.0F}}, config), InputError);
  EXPECT_THROW((void)hybrid_profile(vectors, std::vector<ProfileRating>{{2, 5.0F}}, config), InputError);
}

}  // namespace
}  // namespace movierec
