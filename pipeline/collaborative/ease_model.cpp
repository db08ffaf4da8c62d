#include "collaborative/ease_model.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {

EaseModel::EaseModel(const FeedbackMatrix& feedback, double lambda, std::size_t max_items) : lambda_(lambda) {
  if (!(lambda > 0.0)) throw InputError("EASE needs a positive lambda, got " + std::to_string(lambda));
  if (max_items == 0) throw InputError("EASE needs at least one item");
  x_ = feedback.cast<double>();
  for (Eigen::Index i = 0; i < x_.nonZeros(); ++i) x_.valuePtr()[i] = 1.0;
  const auto items = static_cast<std::size_t>(x_.cols());
  const auto users = static_cast<std::size_t>(x_.rows());
  if (users <= std::min(items, max_items)) {
    fit_user_form();
  } else {
    fit_item_form(std::min(items, max_items));
  }
}

void EaseModel::fit_item_form(std::size_t max_items) {
  std::vector<std::uint32_t> counts(static_cast<std::size_t>(x_.cols()), 0);
  for (Eigen::Index i = 0; i < x_.nonZeros(); ++i) ++counts[static_cast<std::size_t>(x_.innerIndexPtr()[i])];
  kept_.resize(counts.size());
  for (std::uint32_t j = 0; j < kept_.size(); ++j) kept_[j] = j;
  std::stable_sort(kept_.begin(), kept_.end(), [&](std::uint32_t a, std::uint32_t b) { return counts[a] > counts[b]; });
  kept_.resize(max_items);
  std::sort(kept_.begin(), kept_.end());
  kept_slot_.assign(counts.size(), -1);
  for (std::size_t s = 0; s < kept_.size(); ++s) kept_slot_[kept_[s]] = static_cast<std::int32_t>(s);
  // X^T X over the kept columns, accumulated user by user (each user's kept items, pairwise).
  // In float: at 10,000 items the inverse takes half the time and memory of double, and with lambda in
  // the hundreds its entries keep far more digits than a ranking needs.
  const auto m = static_cast<Eigen::Index>(kept_.size());
  Eigen::MatrixXf gram = Eigen::MatrixXf::Zero(m, m);
  std::vector<Eigen::Index> slots;
  for (Eigen::Index u = 0; u < x_.outerSize(); ++u) {
    slots.clear();
    for (Binary::InnerIterator it(x_, u); it; ++it) {
      if (const std::int32_t s = kept_slot_[static_cast<std::size_t>(it.col())]; s >= 0) slots.push_back(s);
    }
    for (const Eigen::Index a : slots) {
      for (const Eigen::Index b : slots) gram(a, b) += 1.0F;
    }
  }
  gram.diagonal().array() += static_cast<float>(lambda_);
  p_ = gram.llt().solve(Eigen::MatrixXf::Identity(m, m));
  p_diagonal_ = p_.diagonal().cast<double>();
}

void EaseModel::fit_user_form() {
  gram_users_ = Eigen::MatrixXd(x_ * x_.transpose());
  Eigen::MatrixXd regularised = gram_users_;
  regularised.diagonal().array() += lambda_;
  k_ = regularised.llt().solve(Eigen::MatrixXd::Identity(regularised.rows(), regularised.cols()));
  // diag(P)_j = (1 - x_j^T K x_j) / lambda, x_j = column j of X.
  const Eigen::MatrixXd kx = k_ * x_;  // users x items
  p_diagonal_ = Eigen::VectorXd::Constant(x_.cols(), 1.0 / lambda_);
  for (Eigen::Index u = 0; u < x_.outerSize(); ++u) {
    for (Binary::InnerIterator it(x_, u); it; ++it) p_diagonal_[it.col()] -= kx(u, it.col()) / lambda_;
  }
}

ScoreMatrix EaseModel::score_users(std::span<const std::uint32_t> users) const {
  for (const std::uint32_t user : users) {
    if (user >= x_.rows()) {
      throw InputError("EASE user row " + std::to_string(user) + " is outside the " + std::to_string(x_.rows()) +
                       " training users");
    }
  }
  return kept_.empty() ? score_user_form(users) : score_item_form(users);
}

ScoreMatrix EaseModel::score_item_form(std::span<const std::uint32_t> users) const {
  const auto q = static_cast<Eigen::Index>(users.size());
  const auto m = static_cast<Eigen::Index>(kept_.size());
  Eigen::MatrixXf xk = Eigen::MatrixXf::Zero(q, m);  // the users' kept columns
  for (Eigen::Index r = 0; r < q; ++r) {
    for (Binary::InnerIterator it(x_, users[static_cast<std::size_t>(r)]); it; ++it) {
      if (const std::int32_t s = kept_slot_[static_cast<std::size_t>(it.col())]; s >= 0) xk(r, s) = 1.0F;
    }
  }
  const Eigen::MatrixXf xp = xk * p_;
  ScoreMatrix scores = ScoreMatrix::Constant(q, x_.cols(), std::numeric_limits<float>::lowest());
  for (Eigen::Index r = 0; r < q; ++r) {
    for (Eigen::Index s = 0; s < m; ++s) {
      scores(r, kept_[static_cast<std::size_t>(s)]) = xk(r, s) - static_cast<float>(xp(r, s) / p_diagonal_[s]);
    }
  }
  return scores;
}

ScoreMatrix EaseModel::score_user_form(std::span<const std::uint32_t> users) const {
  // For the chosen rows Xq: Xq P = (Xq - (Xq X^T) K X) / lambda, and Xq X^T is rows of X X^T.
  const auto q = static_cast<Eigen::Index>(users.size());
  Eigen::MatrixXd gram_rows(q, gram_users_.cols());
  for (Eigen::Index r = 0; r < q; ++r) gram_rows.row(r) = gram_users_.row(users[r]);
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
