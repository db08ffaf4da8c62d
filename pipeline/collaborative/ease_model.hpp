#pragma once
// EASE (Steck 2019): an item-item linear model with a closed form,
//   B = I - P diag(1 / diag(P)),  P = (X^T X + lambda I)^-1,
// over the binary users x items matrix X. A user's scores are x_u B.
//
// X^T X is items x items (~10k squared) but has rank at most the number of users (~600), so P is
// computed through the Woodbury identity, P = (I - X^T K X) / lambda with K = (X X^T + lambda I)^-1,
// and B is never materialised: x B = x - (x P) diag(1 / diag(P)). Exact, and seconds instead of an
// items-cubed inversion.
#include <cstdint>
#include <span>

#include <Eigen/Dense>

#include "collaborative/feedback_matrix.hpp"

namespace movierec {

using ScoreMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class EaseModel {
 public:
  // Any stored value counts as 1.
  EaseModel(const FeedbackMatrix& feedback, double lambda);

  // x_u B for the given rows of the training matrix: rows = users, columns = items.
  [[nodiscard]] ScoreMatrix score_users(std::span<const std::uint32_t> users) const;

  [[nodiscard]] double lambda() const { return lambda_; }
  [[nodiscard]] const Eigen::VectorXd& p_diagonal() const { return p_diagonal_; }

 private:
  using Binary = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t>;
  Binary x_;
  double lambda_;
  Eigen::MatrixXd k_;           // (X X^T + lambda I)^-1, users x users
  Eigen::MatrixXd gram_users_;  // X X^T
  Eigen::VectorXd p_diagonal_;  // diag(P)
};

}  // namespace movierec
