// EASE through the Woodbury identity against the closed form computed directly.
#include "collaborative/ease_model.hpp"

#include <gtest/gtest.h>

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
  EXPECT_NEAR(model.p_diagonal()[0], 3.0 / 8.0, 1e-12);
  EXPECT_NEAR(model.p_diagonal()[1], 3.0 / 8.0, 1e-12);
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

TEST(EaseModel, RejectsBadLambdaAndUnknownUsers) {
  Eigen::MatrixXf x(2, 2);
  x << 1, 0, 0, 1;
  EXPECT_THROW(EaseModel(matrix_of(x), 0.0), InputError);
  const EaseModel model(matrix_of(x), 1.0);
  const std::vector<std::uint32_t> users{2};
  EXPECT_THROW((void)model.score_users(users), InputError);
}

}  // namespace
}  // namespace movierec
