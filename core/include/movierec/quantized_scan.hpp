#pragma once
// Exact top-k inner-product search over movie rows, made fast with integer dot products over 8-bit codes.
//
// Every row is `offset + step * code` per component (times a per-row scale in each of at most three
// blocks), up to a known residual. When the rows are a FAISS 8-bit index, those are FAISS's own codes,
// read where the index keeps them: no second copy and no pass to make one at start-up. Float rows get
// codes made once here. A query is scored against the codes with integer dot products (int32 sums are
// exact in any order, so SIMD in WASM and plain loops natively give the same numbers). Each integer
// score comes with a proven bound on how far it can be from the row's float score, so only the rows
// whose bound reaches the k-th best float score found so far are re-scored in float, in one fixed order.
// The result is the exact top k of the float scores (ties to the lower row), identical on every target.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "movierec/movie_rows.hpp"
#include "movierec/vector_index.hpp"

namespace movierec {

class QuantizedScan {
 public:
  QuantizedScan() = default;
  // Keeps `rows` (a view: their storage must outlive the scan) to read codes and re-score in float.
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
  // Components [start, end) of every row, times scale[row] (or 1 when scale is empty).
  struct Block {
    std::size_t start = 0, end = 0;
    std::span<const float> scale;
  };
  struct Query;
  void make_codes();
  void read_eight_bit_codes(const MovieRows::EightBitCodes& eight_bit);
  const std::uint8_t* codes() const { return own_codes_.empty() ? faiss_codes_.data() : own_codes_.data(); }
  void find_largest();
  Query quantize(std::span<const float> query) const;
  double scale(std::size_t block, std::uint32_t row) const;
  // How far a row's integer estimate can be from its float score: that row's bound, or without a row
  // one that holds for every row.
  double bound(const Query& query, std::optional<std::uint32_t> row) const;
  std::vector<Neighbour> top(const Query& query, std::size_t count, std::span<const std::uint32_t> candidates) const;
  float float_score(std::span<const float> query, std::uint32_t row, std::span<float> scratch) const;

  MovieRows rows_;
  std::size_t dimension_ = 0;
  std::vector<Block> blocks_;
  std::span<const std::uint8_t> faiss_codes_;  // FAISS's codes, row-major, dimension_ per row
  std::vector<std::uint8_t> own_codes_;        // or codes made here from float rows
  std::vector<double> offsets_, steps_;        // per component: value ~ offset + step * code
  std::vector<double> decode_errors_;          // per component: bound on |stored float - offset - step * code|
  std::vector<std::int32_t> code_sums_;        // per row and block: sum of the codes
  std::vector<float> residual_norms_;          // per row: |row - offset - step * codes|, rounded up (float rows)
  std::vector<float> row_norms_;               // per row: bound on |row|, rounded up
  struct Largest {                             // over every row, for bound() without a row
    std::vector<double> scales, scaled_code_sums;  // per block: |scale|, |scale| * code sum
    double residual_norm = 0.0, row_norm = 0.0;
  } largest_;
  mutable std::size_t last_rescored_ = 0;
};

// The float inner product every target computes the same way: four running sums over the components
// in order, added at the end. Without -ffast-math no compiler may reorder it.
float fixed_order_dot(const float* a, const float* b, std::size_t dimension);

}  // namespace movierec
