// EASE through the Woodbury identity (fewer users than items) and the item form (more users, or a
// catalog cut to its most-rated items) against the closed form computed directly.
#include "collaborative/ease_model.hpp"

#include <gtest/gtest.h>

#include <limits>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

FeedbackMatrix matrix_of(const Eigen::MatrixXf& dense) {
  return dense.sparseView().cast<float>().eval();
}

TEST(EaseModel, MatchesAHandComputedTwoItemModel) {
  // X = [[1,1],[1,0],[0,1]], lambda = 1: X^T X + I = [[3,1],[1,3]], P = [[3,-1],[-1,3]] / 8,
  // B = I - P diag(1 / diag P) = [[0, 1/3], [1/3, 0]].
  Eigen::MatrixXf x(3, 2);
  x << 1, 1, 1, 0, 0, 1;
  const EaseModel model(matrix_of(x), 1.0);
  EXPECT_NEAR(model.p_diagonal()[0], 3.0 / 8.0, 1e-6);
  EXPECT_NEAR(model.p_diagonal()[1], 3.0 / 8.0, 1e-6);
  const std::vector<std::uint32_t> users{0, 1, 2};
  const ScoreMatrix scores = model.score_users(users);
  EXPECT_NEAR(scores(0, 0), 1.0 / 3.0, 1e-6);
  EXPECT_NEAR(scores(0, 1), 1.0 / 3.0, 1e-6);
  EXPECT_NEAR(scores(1, 0), 0.0, 1e-6);  // diag(B) = 0: a movie never recommends itself
  EXPECT_NEAR(scores(1, 1), 1.0 / 3.0, 1e-6);
  EXPECT_NEAR(scores(2, 0), 1.0 / 3.0, 1e-6);
  EXPECT_NEAR(scores(2, 1), 0.0, 1e-6);
}

TEST(EaseModel, MatchesTheDirectClosedFormOnMoreItemsThanUsers) {
  // 4 users, 7 items (rank-deficient X^T X, as on MovieLens), ratings as values: only the pattern counts.
  Eigen::MatrixXf x(4, 7);
  x << 4, 0, 3.5F, 0, 5, 0, 1,
       0, 2, 4, 4, 0, 0, 0,
       5, 5, 0, 0, 3, 0, 0,
       0, 0, 1, 4.5F, 4, 0, 2;
  const double lambda = 2.5;
  const EaseModel model(matrix_of(x), lambda);

  const Eigen::MatrixXd binary = (x.array() != 0.0F).cast<double>().matrix();
  Eigen::MatrixXd g = binary.transpose() * binary;
  g.diagonal().array() += lambda;
  const Eigen::MatrixXd p = g.inverse();
  const Eigen::MatrixXd b =
      Eigen::MatrixXd::Identity(7, 7) - p * p.diagonal().cwiseInverse().asDiagonal();
  const Eigen::MatrixXd expected = binary * b;

  const std::vector<std::uint32_t> users{2, 0, 3, 1};
  const ScoreMatrix scores = model.score_users(users);
  for (Eigen::Index r = 0; r < 4; ++r) {
    for (Eigen::Index j = 0; j < 7; ++j) {
      EXPECT_NEAR(scores(r, j), expected(users[r], j), 1e-5) << "user " << users[r] << " item " << j;
    }
  }
  // Item 5 has no feedback: it scores 0 for everyone.
  EXPECT_NEAR(scores.col(5).cwiseAbs().maxCoeff(), 0.0, 1e-9);
}

// x B with B = I - P diag(1 / diag P), P = (X^T X + lambda I)^-1 over the given binary matrix.
Eigen::MatrixXd closed_form_scores(const Eigen::MatrixXd& binary, double lambda) {
  Eigen::MatrixXd g = binary.transpose() * binary;
  g.diagonal().array() += lambda;
  const Eigen::MatrixXd p = g.inverse();
  const auto n = binary.cols();
  return binary * (Eigen::MatrixXd::Identity(n, n) - p * p.diagonal().cwiseInverse().asDiagonal());
}

TEST(EaseModel, KeepsTheMostRatedItemsWhenTheCatalogIsCut) {
  // 8 users, 5 items rated 6, 2, 5, 4 and 1 times: cut to 3 items, EASE runs on items 0, 2 and 3 alone
  // and the two others score lowest.
  Eigen::MatrixXf x(8, 5);
  x << 1, 1, 1, 0, 0,
       1, 0, 1, 1, 0,
       1, 0, 0, 1, 1,
       1, 1, 1, 0, 0,
       0, 0, 1, 1, 0,
       1, 0, 0, 1, 0,
       1, 0, 1, 0, 0,
       0, 0, 0, 0, 0;
  const double lambda = 1.5;
  const EaseModel model(matrix_of(x), lambda, 3);
  EXPECT_TRUE(model.restricted());
  EXPECT_EQ(model.kept_items(), (std::vector<std::uint32_t>{0, 2, 3}));
  Eigen::MatrixXd kept(8, 3);
  const Eigen::MatrixXd binary = (x.array() != 0.0F).cast<double>().matrix();
  kept << binary.col(0), binary.col(2), binary.col(3);
  const Eigen::MatrixXd expected = closed_form_scores(kept, lambda);
  const std::vector<std::uint32_t> users{0, 1, 2, 3, 4, 5, 6, 7};
  const ScoreMatrix scores = model.score_users(users);
  for (Eigen::Index r = 0; r < 8; ++r) {
    EXPECT_NEAR(scores(r, 0), expected(r, 0), 1e-4);
    EXPECT_NEAR(scores(r, 2), expected(r, 1), 1e-4);
    EXPECT_NEAR(scores(r, 3), expected(r, 2), 1e-4);
    EXPECT_EQ(scores(r, 1), std::numeric_limits<float>::lowest());
    EXPECT_EQ(scores(r, 4), std::numeric_limits<float>::lowest());
  }
  // Uncut, the same data (more users than items) takes the item form over every item.
  const EaseModel whole(matrix_of(x), lambda);
  EXPECT_FALSE(whole.restricted());
  const Eigen::MatrixXd all = closed_form_scores(binary, lambda);
  const ScoreMatrix whole_scores = whole.score_users(users);
  for (Eigen::Index r = 0; r < 8; ++r) {
    for (Eigen::Index j = 0; j < 5; ++j) EXPECT_NEAR(whole_scores(r, j), all(r, j), 1e-4);
  }
}

TEST(EaseModel, RejectsBadLambdaAndUnknownUsers) {
  Eigen::MatrixXf x(2, 2);
  x << 1, 0, 0, 1;
  EXPECT_THROW(EaseModel(matrix_of(x), 0.0), InputError);
  EXPECT_THROW(EaseModel(matrix_of(x), 1.0, 0), InputError);
  const EaseModel model(matrix_of(x), 1.0);
  const std::vector<std::uint32_t> users{2};
  EXPECT_THROW((void)model.score_users(users), InputError);
}

}  // namespace
}  // namespace movierec
