#pragma once
// A linear item-to-item model kept to the strongest directions of the co-occurrence: with X the binary
// users x items matrix and X = U S V^T its SVD, B = V_r diag(w) V_r^T with w_k = s_k^2 / (lambda (s_k^2 +
// lambda)): the ridge regression of X on itself (EASE's objective without the zero diagonal) restricted to
// the top r singular directions. B is symmetric, so a user's scores are
//   x_u B = (sum over the user's movies of a_i) . a_j,   a_j = V_j * sqrt(w)
// one inner product between a profile SUM and each movie's row: a FAISS inner product like the index's
// other blocks. On ml-small-holdout-v1 it ranks like a rank-r EASE, and joined with implicit ALS it
// reaches full EASE (docs/evaluation.md). The SVD is randomized subspace iteration (Halko, Martinsson &
// Tropp 2011) with a fixed seed: the same rows on every machine, and at any catalog size.
#include <cstdint>

#include "collaborative/feedback_matrix.hpp"
#include "collaborative/implicit_als.hpp"

namespace movierec {

struct LowRankItemConfig {
  int rank = 128;
  double regularization = 200.0;  // lambda, in co-occurrence counts (as EASE's)
  FeedbackSet feedback = FeedbackSet::all_ratings;
  int power_iterations = 4;
  int oversampling = 10;
  std::uint64_t seed = 42;
};

// items x rank, row j = a_j; an item nobody rated has a zero row. Throws InputError for a rank < 1 or a
// lambda <= 0.
[[nodiscard]] FactorMatrix fit_low_rank_item_model(const FeedbackMatrix& feedback, const LowRankItemConfig& config);

}  // namespace movierec
