#include "collaborative/ease_model.hpp"

#include <string>

#include "movierec/errors.hpp"

namespace movierec {

EaseModel::EaseModel(const FeedbackMatrix& feedback, double lambda) : lambda_(lambda) {
  if (!(lambda > 0.0)) throw InputError("EASE needs a positive lambda, got " + std::to_string(lambda));
  x_ = feedback.cast<double>();
  for (Eigen::Index i = 0; i < x_.nonZeros(); ++i) x_.valuePtr()[i] = 1.0;
  gram_users_ = Eigen::MatrixXd(x_ * x_.transpose());
  Eigen::MatrixXd regularised = gram_users_;
  regularised.diagonal().array() += lambda;
  k_ = regularised.llt().solve(Eigen::MatrixXd::Identity(regularised.rows(), regularised.cols()));
  // diag(P)_j = (1 - x_j^T K x_j) / lambda, x_j = column j of X.
  const Eigen::MatrixXd kx = k_ * x_;  // users x items
  p_diagonal_ = Eigen::VectorXd::Constant(x_.cols(), 1.0 / lambda);
  for (Eigen::Index u = 0; u < x_.outerSize(); ++u) {
    for (Binary::InnerIterator it(x_, u); it; ++it) p_diagonal_[it.col()] -= kx(u, it.col()) / lambda;
  }
}

ScoreMatrix EaseModel::score_users(std::span<const std::uint32_t> users) const {
  // For the chosen rows Xq: Xq P = (Xq - (Xq X^T) K X) / lambda, and Xq X^T is rows of X X^T.
  const auto q = static_cast<Eigen::Index>(users.size());
  Eigen::MatrixXd gram_rows(q, gram_users_.cols());
  for (Eigen::Index r = 0; r < q; ++r) {
    if (users[r] >= gram_users_.rows()) {
      throw InputError("EASE user row " + std::to_string(users[r]) + " is outside the " +
                       std::to_string(gram_users_.rows()) + " training users");
    }
    gram_rows.row(r) = gram_users_.row(users[r]);
  }
  const Eigen::MatrixXd weights = gram_rows * k_;                 // q x users
  Eigen::MatrixXd xp = -(x_.transpose() * weights.transpose()).transpose();  // q x items, -(Xq X^T K X)
  for (Eigen::Index r = 0; r < q; ++r) {
    for (Binary::InnerIterator it(x_, users[r]); it; ++it) xp(r, it.col()) += 1.0;
  }
  xp /= lambda_;
  // x B = x - (x P) diag(1 / diag P)
  ScoreMatrix scores(q, x_.cols());
  for (Eigen::Index r = 0; r < q; ++r) {
    for (Eigen::Index j = 0; j < x_.cols(); ++j) scores(r, j) = static_cast<float>(-xp(r, j) / p_diagonal_[j]);
    for (Binary::InnerIterator it(x_, users[r]); it; ++it) scores(r, it.col()) += 1.0F;
  }
  return scores;
}

}  // namespace movierec
