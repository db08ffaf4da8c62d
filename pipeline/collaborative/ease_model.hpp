#pragma once
// EASE (Steck 2019): an item-item linear model with a closed form,
//   B = I - P diag(1 / diag(P)),  P = (X^T X + lambda I)^-1,
// over the binary users x items matrix X. A user's scores are x_u B.
//
// X^T X is items x items (~10k squared) but has rank at most the number of users (~600), so P is
// computed through the Woodbury identity, P = (I - X^T K X) / lambda with K = (X X^T + lambda I)^-1,
// and B is never materialised: x B = x - (x P) diag(1 / diag(P)). Exact, and seconds instead of an
// items-cubed inversion.
//
// With more users than items that trade turns around, and a full catalog (87k movies, 30k+ users) fits
// neither form: there P is the dense inverse over the kMaxEaseItems most-rated movies only (ties to the
// lower column), and the other movies score lowest. restricted() says when that happened.
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Dense>

#include "collaborative/feedback_matrix.hpp"

namespace movierec {

using ScoreMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// 10,000 items: P in float is 400 MB and its inversion a few minutes on one core.
inline constexpr std::size_t kMaxEaseItems = 10000;

class EaseModel {
 public:
  // Any stored value counts as 1.
  EaseModel(const FeedbackMatrix& feedback, double lambda, std::size_t max_items = kMaxEaseItems);

  // x_u B for the given rows of the training matrix: rows = users, columns = items.
  [[nodiscard]] ScoreMatrix score_users(std::span<const std::uint32_t> users) const;

  [[nodiscard]] double lambda() const { return lambda_; }
  // Per item (in the item form: per kept item, in kept_items() order).
  [[nodiscard]] const Eigen::VectorXd& p_diagonal() const { return p_diagonal_; }
  // The item form's columns, ascending; empty in the user (Woodbury) form, which scores every item.
  [[nodiscard]] const std::vector<std::uint32_t>& kept_items() const { return kept_; }
  [[nodiscard]] bool restricted() const { return !kept_.empty() && kept_.size() < static_cast<std::size_t>(x_.cols()); }

 private:
  using Binary = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t>;
  void fit_user_form();
  void fit_item_form(std::size_t max_items);
  [[nodiscard]] ScoreMatrix score_user_form(std::span<const std::uint32_t> users) const;
  [[nodiscard]] ScoreMatrix score_item_form(std::span<const std::uint32_t> users) const;

  Binary x_;
  double lambda_;
  Eigen::MatrixXd k_;           // user form: (X X^T + lambda I)^-1, users x users
  Eigen::MatrixXd gram_users_;  // user form: X X^T
  std::vector<std::uint32_t> kept_;      // item form: the columns P covers
  std::vector<std::int32_t> kept_slot_;  // item form: column -> slot in kept_, or -1
  Eigen::MatrixXf p_;                    // item form: P over the kept columns, in float
  Eigen::VectorXd p_diagonal_;  // diag(P)
};

}  // namespace movierec
