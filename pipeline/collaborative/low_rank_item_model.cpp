#include "collaborative/low_rank_item_model.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include "ingest/interaction_log.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

using Binary = Eigen::SparseMatrix<double, Eigen::RowMajor, std::int32_t>;

// An orthonormal basis of the columns of m (thin QR).
Eigen::MatrixXd orthonormal(const Eigen::MatrixXd& m) {
  const Eigen::HouseholderQR<Eigen::MatrixXd> qr(m);
  return qr.householderQ() * Eigen::MatrixXd::Identity(m.rows(), m.cols());
}

Eigen::MatrixXd seeded_gaussian(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed) {
  Eigen::MatrixXd m(rows, cols);
  std::uint64_t state = seed;
  const auto uniform = [&state] {
    state = splitmix64(state);
    return (static_cast<double>(state >> 11) + 0.5) * 0x1.0p-53;  // (0, 1)
  };
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    // Box-Muller: any spread works for the range finder, but a Gaussian keeps the textbook guarantees.
    m.data()[i] = std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * 3.14159265358979323846 * uniform());
  }
  return m;
}

}  // namespace

FactorMatrix fit_low_rank_item_model(const FeedbackMatrix& feedback, const LowRankItemConfig& config) {
  if (config.rank < 1) throw InputError("the low-rank item model needs a rank of at least 1");
  if (!(config.regularization > 0.0)) throw InputError("the low-rank item model needs a positive lambda");
  Binary x = feedback.cast<double>();
  for (Eigen::Index i = 0; i < x.nonZeros(); ++i) x.valuePtr()[i] = 1.0;
  const Eigen::Index items = x.cols();
  const Eigen::Index width = std::min<Eigen::Index>(config.rank + config.oversampling, std::min(x.rows(), items));
  const Eigen::Index rank = std::min<Eigen::Index>(config.rank, width);
  FactorMatrix rows = FactorMatrix::Zero(items, config.rank);
  if (width == 0) return rows;
  // Range finder with power iterations: Q spans the top left singular directions of X.
  Eigen::MatrixXd q = orthonormal(x * seeded_gaussian(items, width, config.seed));
  for (int i = 0; i < config.power_iterations; ++i) {
    const Eigen::MatrixXd z = orthonormal(x.transpose() * q);
    q = orthonormal(x * z);
  }
  // B = Q^T X is width x items; its SVD through the small B B^T gives X's top singular values and V.
  const Eigen::MatrixXd b = (x.transpose() * q).transpose();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(b * b.transpose());
  const double lambda = config.regularization;
  for (Eigen::Index k = 0; k < rank; ++k) {
    const Eigen::Index e = width - 1 - k;  // eigenvalues come in ascending order
    const double s2 = std::max(eigen.eigenvalues()[e], 0.0);
    if (s2 <= 0.0) break;
    const Eigen::VectorXd v = b.transpose() * eigen.eigenvectors().col(e) / std::sqrt(s2);  // items x 1, unit
    const double weight = std::sqrt(s2 / (lambda * (s2 + lambda)));
    // Each direction's sign is arbitrary; the largest entry is made positive so the rows are reproducible.
    Eigen::Index largest = 0;
    v.cwiseAbs().maxCoeff(&largest);
    const double sign = v[largest] < 0.0 ? -1.0 : 1.0;
    rows.col(k) = (sign * weight * v).cast<float>();
  }
  return rows;
}

}  // namespace movierec
