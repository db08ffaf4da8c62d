#pragma once
// Implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008), fit by alternating least squares
// with exact per-user / per-item solves (Eigen's Cholesky).
//
// Every observed (user, item) has preference 1 and confidence c = 1 + alpha * v, where v is 1
// (binary confidence) or the rating (rating confidence); unobserved pairs have preference 0 and
// confidence 1. Minimises sum c (p - x_u . y_i)^2 + regularization * (|x_u|^2 + |y_i|^2).
#include <cstdint>

#include <Eigen/Dense>

#include "collaborative/feedback_matrix.hpp"

namespace movierec {

struct ImplicitAlsConfig {
  int factors = 64;
  float regularization = 1.0F;
  float alpha = 10.0F;
  bool rating_confidence = false;  // c = 1 + alpha * rating instead of 1 + alpha
  int iterations = 12;
  std::uint64_t seed = 42;  // initial factors come from splitmix64, the same on every platform
  unsigned threads = 1;     // rows are solved independently, so the result does not depend on this
};

using FactorMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct ImplicitAlsModel {
  FactorMatrix user_factors;  // users x factors
  FactorMatrix item_factors;  // items x factors; rows of items without feedback are zero
};

// `feedback`: users x items, value = rating (only the pattern matters with binary confidence).
[[nodiscard]] ImplicitAlsModel fit_implicit_als(const FeedbackMatrix& feedback, const ImplicitAlsConfig& config);

}  // namespace movierec
