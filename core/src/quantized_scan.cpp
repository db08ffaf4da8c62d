#include "movierec/quantized_scan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
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
constexpr int kLargestCode = 255;

// The integer dot product of 8-bit codes with an int16 query over `length` components. Integer sums
// are exact whatever the order, so every branch returns the same number.
std::int32_t code_dot(const std::uint8_t* codes, const std::int16_t* query, std::size_t length) {
  std::size_t i = 0;
  std::int32_t sum = 0;
#if defined(__wasm_simd128__)
  v128_t lanes = wasm_i32x4_splat(0);
  for (; i + kCodeBlock <= length; i += kCodeBlock) {
    const v128_t c = wasm_v128_load(codes + i);
    lanes = wasm_i32x4_add(lanes, wasm_i32x4_dot_i16x8(wasm_u16x8_extend_low_u8x16(c), wasm_v128_load(query + i)));
    lanes = wasm_i32x4_add(lanes, wasm_i32x4_dot_i16x8(wasm_u16x8_extend_high_u8x16(c), wasm_v128_load(query + i + 8)));
  }
  sum = wasm_i32x4_extract_lane(lanes, 0) + wasm_i32x4_extract_lane(lanes, 1) + wasm_i32x4_extract_lane(lanes, 2) +
        wasm_i32x4_extract_lane(lanes, 3);
#elif defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  __m128i lanes = zero;
  for (; i + kCodeBlock <= length; i += kCodeBlock) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(codes + i));
    // Each byte paired with a zero byte: the codes zero-extended to 16 bits.
    lanes = _mm_add_epi32(lanes, _mm_madd_epi16(_mm_unpacklo_epi8(c, zero),
                                                _mm_loadu_si128(reinterpret_cast<const __m128i*>(query + i))));
    lanes = _mm_add_epi32(lanes, _mm_madd_epi16(_mm_unpackhi_epi8(c, zero),
                                                _mm_loadu_si128(reinterpret_cast<const __m128i*>(query + i + 8))));
  }
  alignas(16) std::int32_t parts[4];
  _mm_store_si128(reinterpret_cast<__m128i*>(parts), lanes);
  sum = parts[0] + parts[1] + parts[2] + parts[3];
#endif
  for (; i < length; ++i) sum += std::int32_t{codes[i]} * std::int32_t{query[i]};
  return sum;
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
  std::vector<std::int16_t> codes;  // dimension_ long: round(query * step / query step) per component
  double step = 0.0;                // a block's float score ~ its scale * (base + step * integer score)
  double code_error = 0.0;          // max over components of |query * step - query step * code|
  double norm = 0.0;
  double rounding = 0.0;            // relative error of fixed_order_dot, times |query| |row|
  std::vector<double> bases;           // per block: sum of query * offset
  std::vector<double> decode_errors;   // per block: sum of |query| * decode error, with the doubles' slack
  // Per block, [start, end) runs of components in whole SIMD blocks (clipped to the block) outside which
  // every query code is 0: a movie's likeness query has no linear or prior block and a text query only
  // content and prior, and a zero code adds nothing to an integer sum, so skipping it leaves every
  // score as it was and reads fewer bytes.
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> runs;
  std::vector<std::size_t> active_blocks;  // where some query value is not 0: the others add nothing
};

QuantizedScan::QuantizedScan(std::span<const float> rows, std::size_t dimension)
    : QuantizedScan(MovieRows::floats(rows, dimension)) {}

QuantizedScan::QuantizedScan(MovieRows rows) : rows_(std::move(rows)), dimension_(rows_.dimension()) {
  if (dimension_ == 0) throw InputError("vectors do not match the dimension");
  // 8-bit codes times int16 query codes summed over the dimension must fit an int32 (see quantize()).
  if (dimension_ > 4096) throw InputError("a quantized scan takes at most 4096 dimensions");
  const auto eight_bit = rows_.eight_bit_codes();
  if (eight_bit) {
    read_eight_bit_codes(*eight_bit);
  } else {
    make_codes();
  }
  find_largest();
}

void QuantizedScan::find_largest() {
  const std::size_t blocks = blocks_.size();
  largest_.scales.assign(blocks, 0.0);
  largest_.scaled_code_sums.assign(blocks, 0.0);
  for (std::uint32_t r = 0; r < rows_.size(); ++r) {
    for (std::size_t b = 0; b < blocks; ++b) {
      const double s = std::abs(scale(b, r));
      largest_.scales[b] = std::max(largest_.scales[b], s);
      largest_.scaled_code_sums[b] = std::max(largest_.scaled_code_sums[b], s * code_sums_[r * blocks + b]);
    }
    if (!residual_norms_.empty()) largest_.residual_norm = std::max<double>(largest_.residual_norm, residual_norms_[r]);
    largest_.row_norm = std::max<double>(largest_.row_norm, row_norms_[r]);
  }
}

void QuantizedScan::read_eight_bit_codes(const MovieRows::EightBitCodes& eight_bit) {
  const std::size_t count = rows_.size();
  faiss_codes_ = eight_bit.codes;
  offsets_.resize(dimension_);
  steps_.resize(dimension_);
  decode_errors_.resize(dimension_);
  std::vector<double> largest(dimension_);  // bound on |value| per component, before the block scale
  for (std::size_t d = 0; d < dimension_; ++d) {
    const double vmin = eight_bit.vmin[d], vdiff = eight_bit.vdiff[d];
    if (!std::isfinite(vmin) || !std::isfinite(vdiff)) throw InputError("the index's ranges are not finite");
    // FAISS's value is vmin + (code + 0.5) / 255 * vdiff, computed in floats: a few roundings of at most
    // 2^-24 relative each, all within 2^-20 of |vmin| + |vdiff|, the block scale's product included.
    steps_[d] = vdiff / 255.0;
    offsets_[d] = vmin + 0.5 * steps_[d];
    largest[d] = (std::abs(vmin) + std::abs(vdiff)) * (1.0 + std::ldexp(1.0, -20));
    decode_errors_[d] = std::ldexp(std::abs(vmin) + std::abs(vdiff), -20);
  }
  const std::size_t first = eight_bit.first_scale.empty() ? 0 : eight_bit.first;
  const std::size_t second_end = eight_bit.second_scale.empty() ? first : first + eight_bit.second;
  if (first > 0) blocks_.push_back({0, first, eight_bit.first_scale});
  if (second_end > first) blocks_.push_back({first, second_end, eight_bit.second_scale});
  if (second_end < dimension_) blocks_.push_back({second_end, dimension_, {}});
  code_sums_.resize(count * blocks_.size());
  row_norms_.resize(count);
  std::vector<double> block_largest(blocks_.size(), 0.0);  // per block: sum of largest^2
  for (std::size_t b = 0; b < blocks_.size(); ++b) {
    for (std::size_t d = blocks_[b].start; d < blocks_[b].end; ++d) block_largest[b] += largest[d] * largest[d];
  }
  for (std::size_t r = 0; r < count; ++r) {
    const std::uint8_t* row = faiss_codes_.data() + r * dimension_;
    double norm = 0.0;
    for (std::size_t b = 0; b < blocks_.size(); ++b) {
      std::int32_t sum = 0;
      for (std::size_t d = blocks_[b].start; d < blocks_[b].end; ++d) sum += row[d];
      code_sums_[r * blocks_.size() + b] = sum;
      const double scale = blocks_[b].scale.empty() ? 1.0 : blocks_[b].scale[r];
      if (!std::isfinite(scale)) throw InputError("the scale of row " + std::to_string(r) + " is not finite");
      norm += scale * scale * block_largest[b];
    }
    row_norms_[r] = rounded_up(std::sqrt(norm) * (1.0 + 1e-12));
  }
}

void QuantizedScan::make_codes() {
  const std::size_t count = rows_.size();
  std::vector<float> scratch(dimension_);
  std::vector<float> lowest(dimension_, std::numeric_limits<float>::infinity());
  std::vector<float> highest(dimension_, -std::numeric_limits<float>::infinity());
  for (std::uint32_t r = 0; r < count; ++r) {
    const auto row = rows_.read(r, scratch);
    for (std::size_t d = 0; d < dimension_; ++d) {
      const float v = row[d];
      if (!std::isfinite(v)) throw InputError("vector " + std::to_string(r) + " is not finite");
      lowest[d] = std::min(lowest[d], v);
      highest[d] = std::max(highest[d], v);
    }
  }
  offsets_.assign(dimension_, 0.0);
  steps_.assign(dimension_, 0.0);
  decode_errors_.assign(dimension_, 0.0);  // the floats are read as they are stored
  for (std::size_t d = 0; d < dimension_ && count > 0; ++d) {
    offsets_[d] = lowest[d];
    steps_[d] = (static_cast<double>(highest[d]) - lowest[d]) / kLargestCode;
  }
  blocks_ = {{0, dimension_, {}}};
  own_codes_.assign(count * dimension_, 0);
  code_sums_.resize(count);
  residual_norms_.resize(count);
  row_norms_.resize(count);
  for (std::uint32_t r = 0; r < count; ++r) {
    const auto row = rows_.read(r, scratch);
    double residual = 0.0, norm = 0.0;
    std::int32_t sum = 0;
    for (std::size_t d = 0; d < dimension_; ++d) {
      const double v = row[d];
      const int code =
          steps_[d] > 0.0 ? std::clamp(static_cast<int>(std::nearbyint((v - offsets_[d]) / steps_[d])), 0, kLargestCode) : 0;
      own_codes_[r * dimension_ + d] = static_cast<std::uint8_t>(code);
      const double error = v - (offsets_[d] + steps_[d] * code);
      residual += error * error;
      norm += v * v;
      sum += code;
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
  query.codes.assign(dimension_, 0);
  // code <= 255 and |query code| <= limit over `dimension_` terms: 255 * limit * dimension < 2^31.
  const auto limit = static_cast<double>(std::min<std::size_t>(
      16383, static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()) / (kLargestCode * dimension_)));
  double largest = 0.0, norm = 0.0;
  for (std::size_t d = 0; d < dimension_; ++d) {
    if (!std::isfinite(values[d])) throw InputError("the query vector is not finite");
    largest = std::max(largest, std::abs(values[d] * steps_[d]));
    norm += static_cast<double>(values[d]) * values[d];
  }
  query.step = largest / limit;
  query.norm = std::sqrt(norm) * (1.0 + 1e-12);
  for (std::size_t d = 0; d < dimension_ && query.step > 0.0; ++d) {
    const double weight = values[d] * steps_[d];
    const double code = std::clamp(std::round(weight / query.step), -limit, limit);
    query.codes[d] = static_cast<std::int16_t>(code);
    query.code_error = std::max(query.code_error, std::abs(weight - query.step * code));
  }
  // fixed_order_dot adds dimension/4 products per running sum, then two more additions: its result is
  // within n*u/(1-n*u) of sum |q_d x_d| <= |q| |x| of the exact inner product (u = 2^-24).
  const double n = static_cast<double>(dimension_ / 4 + 4), u = std::ldexp(1.0, -24);
  query.rounding = n * u / (1.0 - n * u) * query.norm;
  for (const Block& block : blocks_) {
    double base = 0.0, decode_error = 0.0;
    auto& runs = query.runs.emplace_back();
    if (std::any_of(values.begin() + block.start, values.begin() + block.end, [](float q) { return q != 0.0f; })) {
      query.active_blocks.push_back(query.runs.size() - 1);
    }
    for (std::size_t d = block.start; d < block.end; ++d) {
      const double q = values[d];
      base += q * offsets_[d];
      // The doubles summing base and weights err by far less than 2^-40 of these magnitudes.
      const double magnitude = std::abs(offsets_[d]) + kLargestCode * std::abs(steps_[d]);
      decode_error += std::abs(q) * (decode_errors_[d] + std::ldexp(magnitude, -40));
    }
    query.bases.push_back(base);
    query.decode_errors.push_back(decode_error);
    for (std::size_t start = block.start; start < block.end; start += kCodeBlock) {
      const std::size_t end = std::min(start + kCodeBlock, block.end);
      if (std::all_of(query.codes.begin() + start, query.codes.begin() + end, [](std::int16_t c) { return c == 0; })) continue;
      if (!runs.empty() && runs.back().second == start) {
        runs.back().second = end;
      } else {
        runs.emplace_back(start, end);
      }
    }
  }
  return query;
}

float QuantizedScan::float_score(std::span<const float> query, std::uint32_t row, std::span<float> scratch) const {
  return fixed_order_dot(query.data(), rows_.read(row, scratch).data(), dimension_);
}

double QuantizedScan::scale(std::size_t block, std::uint32_t row) const {
  return blocks_[block].scale.empty() ? 1.0 : static_cast<double>(blocks_[block].scale[row]);
}

double QuantizedScan::bound(const Query& query, std::optional<std::uint32_t> row) const {
  // Per block, the query's rounding to codes and the float decoding seen by the query; then the codes'
  // residual (float rows) and the float dot product's rounding; a little slack for the doubles.
  double error = 0.0;
  for (const std::size_t b : query.active_blocks) {
    const double s = row ? std::abs(scale(b, *row)) : largest_.scales[b];
    const double code_sum = row ? s * code_sums_[*row * blocks_.size() + b] : largest_.scaled_code_sums[b];
    error += query.code_error * code_sum + s * query.decode_errors[b];
  }
  if (!residual_norms_.empty()) error += query.norm * (row ? residual_norms_[*row] : largest_.residual_norm);
  error += query.rounding * (row ? row_norms_[*row] : largest_.row_norm);
  return error * (1.0 + 1e-9) + 1e-12;
}

std::vector<Neighbour> QuantizedScan::top(const Query& query, std::size_t count,
                                          std::span<const std::uint32_t> candidates) const {
  const std::size_t rows = candidates.size();
  count = std::min(count, rows);
  std::vector<Neighbour> result;
  if (count == 0) return result;
  std::vector<double> estimate(rows);
  const std::uint8_t* all_codes = codes();
  for (std::size_t i = 0; i < rows; ++i) {
    const std::uint32_t r = candidates[i];
    const std::uint8_t* row_codes = all_codes + static_cast<std::size_t>(r) * dimension_;
    double sum = 0.0;
    for (const std::size_t b : query.active_blocks) {
      std::int32_t integer = 0;
      for (const auto& [start, end] : query.runs[b]) integer += code_dot(row_codes + start, query.codes.data() + start, end - start);
      sum += scale(b, r) * (query.bases[b] + query.step * integer);
    }
    estimate[i] = sum;
  }
  // Any `count` rows give a lower bound on the k-th best float score: take the best by estimate, kept
  // in a min-heap (a row enters only when it beats the heap's worst, which is rare after a while).
  // As the heap's "less", `higher` puts the lowest estimate kept at the front.
  const auto higher = [&](std::uint32_t a, std::uint32_t b) { return estimate[a] != estimate[b] ? estimate[a] > estimate[b] : a < b; };
  std::vector<std::uint32_t> best;
  best.reserve(count);
  for (std::uint32_t i = 0; i < rows; ++i) {
    if (best.size() < count) {
      best.push_back(i);
      std::push_heap(best.begin(), best.end(), higher);
    } else if (estimate[i] > estimate[best.front()]) {
      std::pop_heap(best.begin(), best.end(), higher);
      best.back() = i;
      std::push_heap(best.begin(), best.end(), higher);
    }
  }
  std::vector<float> scratch(dimension_);
  float kth = std::numeric_limits<float>::infinity();
  for (const auto i : best) kth = std::min(kth, float_score(query.values, candidates[i], scratch));
  // Only a row whose bound reaches that score can be in the top `count`: re-score those in float. The
  // bound every row stays within rules out most rows before their own is computed.
  const double largest_bound = bound(query, std::nullopt);
  for (std::size_t i = 0; i < rows; ++i) {
    if (estimate[i] + largest_bound < static_cast<double>(kth)) continue;
    const std::uint32_t r = candidates[i];
    if (estimate[i] + bound(query, r) >= static_cast<double>(kth)) result.push_back({r, float_score(query.values, r, scratch)});
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
