// The low-rank item model against an exact SVD on a small matrix: B = V_r diag(w) V_r^T, served as
// profile sums of its rows.
#include "collaborative/low_rank_item_model.hpp"

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <vector>

#include "ingest/interaction_log.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

FeedbackMatrix random_feedback(int users, int items, std::uint64_t seed) {
  std::vector<Eigen::Triplet<float, std::int32_t>> entries;
  std::uint64_t state = seed;
  for (int u = 0; u < users; ++u) {
    for (int i = 0; i < items; ++i) {
      state = splitmix64(state);
      // Two taste groups make a few strong directions; item 7 is never rated.
      const bool group = (u % 2) == (i % 2);
      if (i != 7 && state % 100 < (group ? 60U : 10U)) entries.emplace_back(u, i, 4.0F);
    }
  }
  FeedbackMatrix m(users, items);
  m.setFromTriplets(entries.begin(), entries.end());
  return m;
}

TEST(LowRankItemModel, RowsReproduceTheTruncatedRidgeModel) {
  const FeedbackMatrix feedback = random_feedback(40, 12, 3);
  LowRankItemConfig config;
  config.rank = 4;
  config.regularization = 5.0;
  const FactorMatrix rows = fit_low_rank_item_model(feedback, config);
  ASSERT_EQ(rows.rows(), 12);
  ASSERT_EQ(rows.cols(), 4);

  const Eigen::MatrixXd x = Eigen::MatrixXd(feedback.cast<double>()).unaryExpr([](double v) { return v != 0.0 ? 1.0 : 0.0; });
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(x, Eigen::ComputeThinV);
  Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(12, 12);
  for (int k = 0; k < 4; ++k) {
    const double s2 = svd.singularValues()[k] * svd.singularValues()[k];
    expected += s2 / (5.0 * (s2 + 5.0)) * svd.matrixV().col(k) * svd.matrixV().col(k).transpose();
  }
  const Eigen::MatrixXd served = rows.cast<double>() * rows.cast<double>().transpose();
  EXPECT_LT((served - expected).cwiseAbs().maxCoeff(), 1e-6) << served << "\n\n" << expected;
  EXPECT_EQ(rows.row(7).norm(), 0.0F);  // never rated: no direction
  // Same seed, same rows.
  EXPECT_EQ(fit_low_rank_item_model(feedback, config), rows);
}

TEST(LowRankItemModel, ChecksItsSettings) {
  const FeedbackMatrix feedback = random_feedback(5, 4, 1);
  LowRankItemConfig config;
  config.rank = 0;
  EXPECT_THROW((void)fit_low_rank_item_model(feedback, config), InputError);
  config.rank = 2;
  config.regularization = 0.0;
  EXPECT_THROW((void)fit_low_rank_item_model(feedback, config), InputError);
  // A rank above what the matrix has keeps the extra columns at zero.
  config.regularization = 1.0;
  config.rank = 50;
  const FactorMatrix rows = fit_low_rank_item_model(feedback, config);
  EXPECT_EQ(rows.cols(), 50);
  EXPECT_EQ(rows.rightCols(40).norm(), 0.0F);
}

}  // namespace
}  // namespace movierec
