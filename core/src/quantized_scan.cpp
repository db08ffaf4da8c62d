#include "movierec/quantized_scan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "movierec/errors.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace movierec {
namespace {

constexpr std::size_t kCodeBlock = 16;  // codes per SIMD load
constexpr int kCodeLimit = 127;

// The integer dot product of int8 codes with an int16 query, `length` a multiple of kCodeBlock. Integer
// sums are exact whatever the order, so every branch returns the same number.
std::int32_t code_dot(const std::int8_t* codes, const std::int16_t* query, std::size_t length) {
#if defined(__wasm_simd128__)
  v128_t sum = wasm_i32x4_splat(0);
  for (std::size_t i = 0; i < length; i += kCodeBlock) {
    const v128_t c = wasm_v128_load(codes + i);
    sum = wasm_i32x4_add(sum, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_low_i8x16(c), wasm_v128_load(query + i)));
    sum = wasm_i32x4_add(sum, wasm_i32x4_dot_i16x8(wasm_i16x8_extend_high_i8x16(c), wasm_v128_load(query + i + 8)));
  }
  return wasm_i32x4_extract_lane(sum, 0) + wasm_i32x4_extract_lane(sum, 1) + wasm_i32x4_extract_lane(sum, 2) +
         wasm_i32x4_extract_lane(sum, 3);
#elif defined(__SSE2__)
  __m128i sum = _mm_setzero_si128();
  for (std::size_t i = 0; i < length; i += kCodeBlock) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(codes + i));
    // Each byte paired with itself, shifted right arithmetically: the codes sign-extended to 16 bits.
    const __m128i low = _mm_srai_epi16(_mm_unpacklo_epi8(c, c), 8);
    const __m128i high = _mm_srai_epi16(_mm_unpackhi_epi8(c, c), 8);
    sum = _mm_add_epi32(sum, _mm_madd_epi16(low, _mm_loadu_si128(reinterpret_cast<const __m128i*>(query + i))));
    sum = _mm_add_epi32(sum, _mm_madd_epi16(high, _mm_loadu_si128(reinterpret_cast<const __m128i*>(query + i + 8))));
  }
  alignas(16) std::int32_t lanes[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(lanes), sum);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
#else
  std::int32_t sum = 0;
  for (std::size_t i = 0; i < length; ++i) sum += std::int32_t{codes[i]} * std::int32_t{query[i]};
  return sum;
#endif
}

// The next float up: stored bounds must never be below the double they stand for.
float rounded_up(double value) {
  const auto f = static_cast<float>(value);
  return static_cast<double>(f) >= value ? f : std::nextafter(f, std::numeric_limits<float>::infinity());
}

}  // namespace

float fixed_order_dot(const float* a, const float* b, std::size_t dimension) {
  float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
  std::size_t d = 0;
  for (; d + 4 <= dimension; d += 4) {
    s0 += a[d] * b[d];
    s1 += a[d + 1] * b[d + 1];
    s2 += a[d + 2] * b[d + 2];
    s3 += a[d + 3] * b[d + 3];
  }
  for (; d < dimension; ++d) s0 += a[d] * b[d];
  return (s0 + s1) + (s2 + s3);
}

struct QuantizedScan::Query {
  std::span<const float> values;
  std::vector<std::int16_t> codes;  // stride_ long, zero padded
  double step = 0.0;                // float score ~ step * integer score
  double code_error = 0.0;          // max over dimensions of |query * scale - step * code|
  double norm = 0.0;
  double rounding = 0.0;            // relative error of fixed_order_dot, times |query| |row|
  // [start, end) runs of codes, in whole SIMD blocks, outside which every query code is 0: a movie's
  // likeness query has no linear or prior block and a text query only content and prior, and a zero
  // block adds nothing to an integer sum, so skipping it leaves every score as it was and reads fewer bytes.
  std::vector<std::pair<std::size_t, std::size_t>> runs;
};

QuantizedScan::QuantizedScan(std::span<const float> rows, std::size_t dimension)
    : QuantizedScan(MovieRows::floats(rows, dimension)) {}

QuantizedScan::QuantizedScan(MovieRows rows)
    : rows_(std::move(rows)), dimension_(rows_.dimension()), stride_((dimension_ + kCodeBlock - 1) / kCodeBlock * kCodeBlock) {
  const std::size_t dimension = dimension_;
  const std::size_t count = rows_.size();
  if (dimension == 0) throw InputError("vectors do not match the dimension");
  // int8 codes times int16 query codes summed over the dimension must fit an int32 (see quantize()).
  if (dimension > 4096) throw InputError("a quantized scan takes at most 4096 dimensions");
  std::vector<float> scratch(dimension);
  std::vector<float> largest(dimension, 0.0f);
  for (std::uint32_t r = 0; r < count; ++r) {
    const auto row = rows_.read(r, scratch);
    for (std::size_t d = 0; d < dimension; ++d) {
      const float v = row[d];
      if (!std::isfinite(v)) throw InputError("vector " + std::to_string(r) + " is not finite");
      largest[d] = std::max(largest[d], std::abs(v));
    }
  }
  scales_.resize(dimension);
  std::vector<float> inverse(dimension, 0.0f);  // a multiply per value instead of a division
  for (std::size_t d = 0; d < dimension; ++d) {
    scales_[d] = largest[d] / static_cast<float>(kCodeLimit);
    if (largest[d] > 0.0f) inverse[d] = static_cast<float>(kCodeLimit) / largest[d];
  }
  codes_.assign(count * stride_, 0);
  residual_norms_.resize(count);
  code_sums_.resize(count);
  row_norms_.resize(count);
  for (std::uint32_t r = 0; r < count; ++r) {
    const auto row = rows_.read(r, scratch);
    double residual = 0.0, norm = 0.0;
    std::int32_t sum = 0;
    for (std::size_t d = 0; d < dimension; ++d) {
      const float v = row[d];
      const int code = std::clamp(static_cast<int>(std::nearbyint(v * inverse[d])), -kCodeLimit, kCodeLimit);
      codes_[r * stride_ + d] = static_cast<std::int8_t>(code);
      const double error = static_cast<double>(v) - static_cast<double>(scales_[d]) * code;
      residual += error * error;
      norm += static_cast<double>(v) * v;
      sum += std::abs(code);
    }
    residual_norms_[r] = rounded_up(std::sqrt(residual) * (1.0 + 1e-12));
    row_norms_[r] = rounded_up(std::sqrt(norm) * (1.0 + 1e-12));
    code_sums_[r] = sum;
  }
}

QuantizedScan::Query QuantizedScan::quantize(std::span<const float> values) const {
  if (values.size() != dimension_) {
    throw InputError("query vector has " + std::to_string(values.size()) + " dimensions, the index has " +
                     std::to_string(dimension_));
  }
  Query query;
  query.values = values;
  query.codes.assign(stride_, 0);
  // |code| <= 127 and |query code| <= limit over `dimension_` terms: 127 * limit * dimension < 2^31.
  const auto limit = static_cast<double>(std::min<std::size_t>(
      16383, static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) / (kCodeLimit * dimension_)));
  double largest = 0.0, norm = 0.0;
  for (std::size_t d = 0; d < dimension_; ++d) {
    if (!std::isfinite(values[d])) throw InputError("the query vector is not finite");
    largest = std::max(largest, std::abs(static_cast<double>(values[d]) * scales_[d]));
    norm += static_cast<double>(values[d]) * values[d];
  }
  query.step = largest / limit;
  query.norm = std::sqrt(norm) * (1.0 + 1e-12);
  for (std::size_t d = 0; d < dimension_ && query.step > 0.0; ++d) {
    const double weight = static_cast<double>(values[d]) * scales_[d];  // exact: two floats' product
    const double code = std::clamp(std::round(weight / query.step), -limit, limit);
    query.codes[d] = static_cast<std::int16_t>(code);
    query.code_error = std::max(query.code_error, std::abs(weight - query.step * code));
  }
  // fixed_order_dot adds dimension/4 products per running sum, then two more additions: its result is
  // within n*u/(1-n*u) of sum |q_d x_d| <= |q| |x| of the exact inner product (u = 2^-24).
  const double n = static_cast<double>(dimension_ / 4 + 4), u = std::ldexp(1.0, -24);
  query.rounding = n * u / (1.0 - n * u) * query.norm;
  for (std::size_t start = 0; start < stride_; start += kCodeBlock) {
    const auto block = std::span(query.codes).subspan(start, kCodeBlock);
    if (std::all_of(block.begin(), block.end(), [](std::int16_t c) { return c == 0; })) continue;
    if (!query.runs.empty() && query.runs.back().second == start) {
      query.runs.back().second = start + kCodeBlock;
    } else {
      query.runs.emplace_back(start, start + kCodeBlock);
    }
  }
  return query;
}

float QuantizedScan::float_score(std::span<const float> query, std::uint32_t row, std::span<float> scratch) const {
  return fixed_order_dot(query.data(), rows_.read(row, scratch).data(), dimension_);
}

std::vector<Neighbour> QuantizedScan::top(const Query& query, std::size_t count,
                                          std::span<const std::uint32_t> candidates) const {
  const std::size_t rows = candidates.size();
  const auto row_at = [&](std::size_t i) { return candidates[i]; };
  count = std::min(count, rows);
  std::vector<Neighbour> result;
  if (count == 0) return result;
  std::vector<std::int32_t> integer(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    const std::int8_t* codes = codes_.data() + static_cast<std::size_t>(row_at(i)) * stride_;
    std::int32_t sum = 0;
    for (const auto& [start, end] : query.runs) sum += code_dot(codes + start, query.codes.data() + start, end - start);
    integer[i] = sum;
  }
  // The float score of row r is within this of step * integer score: the codes' residual seen by the
  // query, the query's own rounding to codes, and the float dot product's rounding (with a little slack
  // for the doubles computing it).
  const auto bound = [&](std::uint32_t r) {
    return (query.norm * residual_norms_[r] + query.code_error * code_sums_[r] + query.rounding * row_norms_[r]) *
               (1.0 + 1e-9) + 1e-12;
  };
  // Any `count` rows give a lower bound on the k-th best float score: take the best by integer score,
  // kept in a min-heap (a row enters only when it beats the heap's worst, which is rare after a while).
  // As the heap's "less", `higher` puts the lowest integer score kept at the front.
  const auto higher = [&](std::uint32_t a, std::uint32_t b) { return integer[a] != integer[b] ? integer[a] > integer[b] : a < b; };
  std::vector<std::uint32_t> best;
  best.reserve(count);
  for (std::uint32_t i = 0; i < rows; ++i) {
    if (best.size() < count) {
      best.push_back(i);
      std::push_heap(best.begin(), best.end(), higher);
    } else if (integer[i] > integer[best.front()]) {
      std::pop_heap(best.begin(), best.end(), higher);
      best.back() = i;
      std::push_heap(best.begin(), best.end(), higher);
    }
  }
  std::vector<float> scratch(dimension_);
  float kth = std::numeric_limits<float>::infinity();
  for (const auto i : best) kth = std::min(kth, float_score(query.values, row_at(i), scratch));
  // Only a row whose bound reaches that score can be in the top `count`: re-score those in float.
  for (std::size_t i = 0; i < rows; ++i) {
    const std::uint32_t r = row_at(i);
    if (query.step * integer[i] + bound(r) >= static_cast<double>(kth)) result.push_back({r, float_score(query.values, r, scratch)});
  }
  last_rescored_ = result.size();
  const auto better = [](const Neighbour& a, const Neighbour& b) { return a.score != b.score ? a.score > b.score : a.row < b.row; };
  std::partial_sort(result.begin(), result.begin() + static_cast<std::ptrdiff_t>(count), result.end(), better);
  result.resize(count);
  return result;
}

std::vector<Neighbour> QuantizedScan::search(std::span<const float> query, std::size_t count,
                                             std::span<const std::uint32_t> excluded) const {
  std::vector<std::uint32_t> kept;
  kept.reserve(size());
  std::size_t next = 0;
  for (std::uint32_t r = 0; r < size(); ++r) {
    while (next < excluded.size() && excluded[next] < r) ++next;
    if (next < excluded.size() && excluded[next] == r) continue;
    kept.push_back(r);
  }
  return search_among(query, count, kept);
}

std::vector<Neighbour> QuantizedScan::search_among(std::span<const float> query, std::size_t count,
                                                   std::span<const std::uint32_t> candidates) const {
  if (!candidates.empty() && candidates.back() >= size()) {
    throw InputError("row " + std::to_string(candidates.back()) + " is outside the index");
  }
  return top(quantize(query), count, candidates);
}

}  // namespace movierec
