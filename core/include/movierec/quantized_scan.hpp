#pragma once
// Exact top-k inner-product search over float rows, made fast with an int8 copy of them.
//
// A query is scored against every row's int8 codes with integer dot products (int32 sums are exact in
// any order, so SIMD in WASM and plain loops natively give the same numbers). Each integer score comes
// with a proven bound on how far it can be from the row's float score, so only the rows whose bound
// reaches the k-th best float score found so far are re-scored in float, in one fixed order. The result
// is the exact top k of the float scores (ties to the lower row), identical on every target.
#include <cstdint>
#include <span>
#include <vector>

#include "movierec/movie_rows.hpp"
#include "movierec/vector_index.hpp"

namespace movierec {

class QuantizedScan {
 public:
  QuantizedScan() = default;
  // Keeps `rows` (a view: their storage must outlive the scan) to re-score candidates in float.
  explicit QuantizedScan(MovieRows rows);
  // The same over row-major floats, `dimension` each.
  QuantizedScan(std::span<const float> rows, std::size_t dimension);

  std::size_t size() const { return rows_.size(); }
  std::size_t dimension() const { return dimension_; }

  // The `count` best rows by float inner product with `query`, skipping `excluded` (sorted rows).
  std::vector<Neighbour> search(std::span<const float> query, std::size_t count,
                                std::span<const std::uint32_t> excluded) const;
  // The same among `candidates` only (sorted, distinct rows).
  std::vector<Neighbour> search_among(std::span<const float> query, std::size_t count,
                                      std::span<const std::uint32_t> candidates) const;
  // How many rows the last search re-scored in float (for the benchmark; not thread-safe to read).
  std::size_t last_rescored() const { return last_rescored_; }

 private:
  struct Query;
  Query quantize(std::span<const float> query) const;
  std::vector<Neighbour> top(const Query& query, std::size_t count, std::span<const std::uint32_t> candidates) const;
  float float_score(std::span<const float> query, std::uint32_t row, std::span<float> scratch) const;

  MovieRows rows_;
  std::size_t dimension_ = 0;
  std::size_t stride_ = 0;               // dimension rounded up to 16 codes
  std::vector<std::int8_t> codes_;       // row-major, stride_ per row, zero padded
  std::vector<float> scales_;            // per dimension: row value ~ scale * code
  std::vector<float> residual_norms_;    // per row: |row - scale * codes|, rounded up
  std::vector<std::int32_t> code_sums_;  // per row: sum of |code|
  std::vector<float> row_norms_;         // per row: |row|, rounded up
  mutable std::size_t last_rescored_ = 0;
};

// The float inner product every target computes the same way: four running sums over the components
// in order, added at the end. Without -ffast-math no compiler may reorder it.
float fixed_order_dot(const float* a, const float* b, std::size_t dimension);

}  // namespace movierec
