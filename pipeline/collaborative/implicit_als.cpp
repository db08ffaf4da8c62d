#include "collaborative/implicit_als.hpp"

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "ingest/interaction_log.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// Runs body(row) for every row, split into contiguous blocks over `threads` workers.
template <typename Body>
void for_each_row(Eigen::Index rows, unsigned threads, const Body& body) {
  const auto workers = static_cast<Eigen::Index>(std::max(1U, threads));
  if (workers == 1) {
    for (Eigen::Index r = 0; r < rows; ++r) body(r);
    return;
  }
  std::vector<std::thread> pool;
  for (Eigen::Index w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (Eigen::Index r = w * rows / workers; r < (w + 1) * rows / workers; ++r) body(r);
    });
  }
  for (std::thread& t : pool) t.join();
}

float confidence_extra(float rating, const ImplicitAlsConfig& config) {  // c - 1
  return config.alpha * (config.rating_confidence ? rating : 1.0F);
}

// x = (YtY + sum (c - 1) y y^T + reg I)^-1 sum c y over one row's feedback.
template <typename Factors, typename Feedback>
Eigen::VectorXf solve_row(const Factors& other, const Eigen::MatrixXf& gram, const Feedback& feedback,
                          const ImplicitAlsConfig& config) {
  const Eigen::Index f = other.cols();
  Eigen::MatrixXf a = gram;
  a.diagonal().array() += config.regularization;
  Eigen::VectorXf b = Eigen::VectorXf::Zero(f);
  for (const auto& [index, rating] : feedback) {
    const float extra = confidence_extra(rating, config);
    const auto y = other.row(static_cast<Eigen::Index>(index)).transpose();
    a.selfadjointView<Eigen::Lower>().rankUpdate(y, extra);
    b.noalias() += (1.0F + extra) * y;
  }
  return a.selfadjointView<Eigen::Lower>().llt().solve(b);
}

// (index, rating) pairs of one row of a row-major sparse matrix.
std::vector<std::pair<std::uint32_t, float>> row_feedback(const FeedbackMatrix& m, Eigen::Index row) {
  std::vector<std::pair<std::uint32_t, float>> out;
  for (FeedbackMatrix::InnerIterator it(m, row); it; ++it) out.emplace_back(static_cast<std::uint32_t>(it.col()), it.value());
  return out;
}

void solve_side(FactorMatrix& solved, const FactorMatrix& other, const FeedbackMatrix& feedback,
                const ImplicitAlsConfig& config) {
  const Eigen::MatrixXf gram = other.transpose() * other;
  for_each_row(feedback.rows(), config.threads, [&](Eigen::Index r) {
    if (feedback.outerIndexPtr()[r] == feedback.outerIndexPtr()[r + 1]) {
      solved.row(r).setZero();  // no feedback: the regularised solution is exactly zero
      return;
    }
    solved.row(r) = solve_row(other, gram, row_feedback(feedback, r), config).transpose();
  });
}

FactorMatrix initial_factors(Eigen::Index rows, Eigen::Index factors, std::uint64_t seed) {
  FactorMatrix m(rows, factors);
  std::uint64_t state = seed;
  const float scale = 0.1F / static_cast<float>(factors);
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    state = splitmix64(state);
    const double unit = static_cast<double>(state >> 11) * 0x1.0p-53;  // [0, 1)
    m.data()[i] = static_cast<float>(unit - 0.5) * scale;
  }
  return m;
}

}  // namespace

ImplicitAlsModel fit_implicit_als(const FeedbackMatrix& feedback, const ImplicitAlsConfig& config) {
  if (config.factors < 1) throw InputError("implicit ALS needs at least one factor");
  if (config.regularization <= 0.0F) throw InputError("implicit ALS needs a positive regularization");
  if (config.alpha < 0.0F) throw InputError("implicit ALS needs alpha >= 0");
  const FeedbackMatrix by_item = feedback.transpose();  // row-major again: one row per item
  ImplicitAlsModel model;
  model.user_factors = initial_factors(feedback.rows(), config.factors, config.seed);
  model.item_factors = initial_factors(feedback.cols(), config.factors, splitmix64(config.seed));
  for (int iteration = 0; iteration < config.iterations; ++iteration) {
    solve_side(model.item_factors, model.user_factors, by_item, config);
    solve_side(model.user_factors, model.item_factors, feedback, config);
  }
  return model;
}

}  // namespace movierec
