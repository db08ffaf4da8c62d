// The int8 scan must return exactly what a float scan of every row returns: same rows, same scores.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

#include "movierec/errors.hpp"
#include "movierec/quantized_scan.hpp"

namespace movierec {
namespace {

// Every candidate scored with fixed_order_dot, best first, ties to the lower row.
std::vector<Neighbour> float_scan(std::span<const float> rows, std::size_t dim, std::span<const float> query,
                                  std::size_t count, std::span<const std::uint32_t> candidates) {
  std::vector<Neighbour> all;
  for (const auto r : candidates) all.push_back({r, fixed_order_dot(query.data(), rows.data() + r * dim, dim)});
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.score != b.score ? a.score > b.score : a.row < b.row; });
  all.resize(std::min(count, all.size()));
  return all;
}

std::vector<float> unit_rows(std::size_t count, std::size_t dim, std::mt19937& random, float spread) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> rows(count * dim);
  // A few shared directions plus noise: rows cluster, so many scores sit close to the k-th best.
  std::vector<float> centres(8 * dim);
  for (auto& c : centres) c = normal(random);
  for (std::size_t r = 0; r < count; ++r) {
    double norm = 0.0;
    for (std::size_t d = 0; d < dim; ++d) {
      auto& v = rows[r * dim + d];
      v = centres[(r % 8) * dim + d] + spread * normal(random);
      norm += static_cast<double>(v) * v;
    }
    for (std::size_t d = 0; d < dim; ++d) rows[r * dim + d] = static_cast<float>(rows[r * dim + d] / std::sqrt(norm));
  }
  return rows;
}

void expect_same(const std::vector<Neighbour>& got, const std::vector<Neighbour>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].row, want[i].row) << "rank " << i;
    EXPECT_EQ(got[i].score, want[i].score) << "rank " << i;  // bit for bit, not approximately
  }
}

TEST(QuantizedScan, TopKIsExactlyTheFloatScanAcrossShapesAndSpreads) {
  std::mt19937 random(7);
  for (const std::size_t dim : {3u, 16u, 77u, 578u}) {
    for (const float spread : {0.01f, 0.3f, 3.0f}) {
      const auto rows = unit_rows(1500, dim, random, spread);
      const QuantizedScan scan(rows, dim);
      std::vector<std::uint32_t> every(1500);
      for (std::uint32_t r = 0; r < every.size(); ++r) every[r] = r;
      for (int q = 0; q < 10; ++q) {
        // Queries are rows (similar movies) or sums of a few rows with weights (profiles).
        std::vector<float> query(rows.begin() + q * 37 * dim, rows.begin() + (q * 37 + 1) * dim);
        if (q % 2 == 1) {
          for (std::size_t d = 0; d < dim; ++d) query[d] = 2.5f * query[d] - 0.7f * rows[(q + 500) * dim + d];
        }
        for (const std::size_t k : {1u, 10u, 50u}) {
          expect_same(scan.search(query, k, {}), float_scan(rows, dim, query, k, every));
        }
      }
    }
  }
}

// Queries that leave whole blocks at zero (a movie's likeness query has no linear or prior block, a text
// query only content and prior) skip those codes and still give the float scan's exact answer.
TEST(QuantizedScan, QueriesWithZeroBlocksAreStillExact) {
  std::mt19937 random(11);
  constexpr std::size_t kDim = 578;
  const auto rows = unit_rows(2000, kDim, random, 0.3f);
  const QuantizedScan scan(rows, kDim);
  std::vector<std::uint32_t> every(2000);
  for (std::uint32_t r = 0; r < every.size(); ++r) every[r] = r;
  for (int q = 0; q < 6; ++q) {
    std::vector<float> query(rows.begin() + q * 101 * kDim, rows.begin() + (q * 101 + 1) * kDim);
    // Zero from 448 on (likeness), or 384-575 zero with the last two kept (text + prior), or all but one block.
    for (std::size_t d = 0; d < kDim; ++d) {
      const bool zero = q % 3 == 0 ? d >= 448 : q % 3 == 1 ? (d >= 384 && d < 576) : (d < 160 || d >= 176);
      if (zero) query[d] = 0.0f;
    }
    for (const std::size_t k : {1u, 10u, 50u}) expect_same(scan.search(query, k, {}), float_scan(rows, kDim, query, k, every));
  }
  const std::vector<float> nothing(kDim, 0.0f);  // every score 0: the lowest rows
  expect_same(scan.search(nothing, 3, {}), float_scan(rows, kDim, nothing, 3, every));
}

TEST(QuantizedScan, ExclusionsAndCandidateListsAreRespected) {
  std::mt19937 random(11);
  const std::size_t dim = 40;
  const auto rows = unit_rows(600, dim, random, 0.2f);
  const QuantizedScan scan(rows, dim);
  const std::vector<float> query(rows.begin(), rows.begin() + dim);
  const std::vector<std::uint32_t> excluded = {0, 8, 16, 24, 24, 599};  // duplicates are harmless
  std::vector<std::uint32_t> kept;
  for (std::uint32_t r = 0; r < 600; ++r) {
    if (!std::binary_search(excluded.begin(), excluded.end(), r)) kept.push_back(r);
  }
  expect_same(scan.search(query, 20, excluded), float_scan(rows, dim, query, 20, kept));
  const std::vector<std::uint32_t> few = {3, 9, 100, 101, 400};
  expect_same(scan.search_among(query, 10, few), float_scan(rows, dim, query, 10, few));
  EXPECT_TRUE(scan.search_among(query, 10, {}).empty());
}

TEST(QuantizedScan, IdenticalRowsTieToTheLowerRowAndOnlyNearRowsAreRescored) {
  std::mt19937 random(3);
  const std::size_t dim = 64;
  auto rows = unit_rows(2000, dim, random, 1.0f);
  // Rows 500-504 copy row 10: equal scores, ranked by row.
  for (std::uint32_t r = 500; r < 505; ++r) std::copy_n(rows.begin() + 10 * dim, dim, rows.begin() + r * dim);
  const QuantizedScan scan(rows, dim);
  const std::vector<float> query(rows.begin() + 10 * dim, rows.begin() + 11 * dim);
  const auto top = scan.search(query, 6, {});
  ASSERT_EQ(top.size(), 6u);
  EXPECT_EQ(top[0].row, 10u);
  for (std::uint32_t i = 1; i < 6; ++i) EXPECT_EQ(top[i].row, 499 + i);
  // The bound prunes: far fewer rows than the catalog are scored in float.
  EXPECT_LT(scan.last_rescored(), 200u);
}

// Every candidate's row as MovieRows reads it, scored with fixed_order_dot: the float truth for any rows.
std::vector<Neighbour> float_scan(const MovieRows& rows, std::span<const float> query, std::size_t count,
                                  std::span<const std::uint32_t> candidates) {
  std::vector<float> all;
  for (std::uint32_t r = 0; r < rows.size(); ++r) {
    const auto row = rows.copy(r);
    all.insert(all.end(), row.begin(), row.end());
  }
  return float_scan(all, rows.dimension(), query, count, candidates);
}

// FAISS-style 8-bit codes that cluster like real movies: a few centres plus noise, over ranges that sit
// off zero on either side.
struct EightBitRows {
  std::vector<std::uint8_t> codes;
  std::vector<float> vmin, vdiff;
};

EightBitRows eight_bit_rows(std::size_t count, std::size_t dim, std::mt19937& random) {
  EightBitRows result;
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (std::size_t d = 0; d < dim; ++d) {
    result.vmin.push_back(0.3f * uniform(random) - 0.2f);
    result.vdiff.push_back(0.05f + 0.4f * std::abs(uniform(random)));
  }
  std::normal_distribution<float> normal(0.0f, 20.0f);
  std::vector<float> centres(8 * dim);
  for (auto& c : centres) c = 128.0f + 2.0f * normal(random);
  for (std::size_t r = 0; r < count; ++r) {
    for (std::size_t d = 0; d < dim; ++d) {
      result.codes.push_back(static_cast<std::uint8_t>(std::clamp(centres[(r % 8) * dim + d] + normal(random), 0.0f, 255.0f)));
    }
  }
  return result;
}

// A FAISS 8-bit index is scanned through its own codes, with the likeness rows' per-movie scales on two
// blocks (any boundaries, not only whole SIMD blocks; tiny, zero and large scales), and still gives the
// exact float answer of the decoded rows.
TEST(QuantizedScan, FaissCodesWithBlockScalesGiveTheFloatScansExactAnswer) {
  std::mt19937 random(19);
  constexpr std::uint32_t kRows = 1200;
  for (const auto& [dim, first, second] : {std::tuple<std::size_t, std::size_t, std::size_t>{578, 384, 64},
                                           {45, 13, 7}, {20, 20, 0}}) {
    const auto data = eight_bit_rows(kRows, dim, random);
    const auto plain = MovieRows::eight_bit(data.codes, data.vmin, data.vdiff);
    std::vector<float> first_scale(kRows), second_scale(kRows);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (std::size_t r = 0; r < kRows; ++r) {
      first_scale[r] = r % 97 == 0 ? 0.0f : 0.2f + 3.0f * uniform(random);
      second_scale[r] = r % 89 == 0 ? 40.0f : 0.01f + uniform(random);
    }
    const auto scaled = plain.with_block_scales(first, second, first_scale, second_scale);
    std::vector<std::uint32_t> every(kRows);
    for (std::uint32_t r = 0; r < kRows; ++r) every[r] = r;
    for (const MovieRows* rows : {&plain, &scaled}) {
      const QuantizedScan scan(*rows);
      for (int q = 0; q < 8; ++q) {
        auto query = rows->copy(static_cast<std::uint32_t>(q) * 131 % kRows);
        // Profiles mix rows with signs; likeness queries leave the blocks after the scaled ones at zero.
        if (q % 2 == 1) {
          const auto other = rows->copy((static_cast<std::uint32_t>(q) * 17 + 600) % kRows);
          for (std::size_t d = 0; d < dim; ++d) query[d] = 1.5f * query[d] - 0.8f * other[d];
        }
        if (q % 4 == 2) std::fill(query.begin() + static_cast<std::ptrdiff_t>(first + second), query.end(), 0.0f);
        for (const std::size_t k : {1u, 10u, 50u}) expect_same(scan.search(query, k, {}), float_scan(*rows, query, k, every));
        const std::vector<std::uint32_t> few = {0, 89, 97, 500, 1199};
        expect_same(scan.search_among(query, 3, few), float_scan(*rows, query, 3, few));
      }
      // The codes need no re-scoring beyond the rows that can still matter.
      EXPECT_LT(scan.last_rescored(), 400u);
    }
  }
}

TEST(QuantizedScan, RefusesQueriesItCannotScore) {
  const std::vector<float> rows = {1.0f, 0.0f, 0.0f, 1.0f};
  const QuantizedScan scan(rows, 2);
  const std::vector<float> wrong = {1.0f, 0.0f, 0.0f};
  EXPECT_THROW(scan.search(wrong, 1, {}), InputError);
  const std::vector<float> nan = {NAN, 0.0f};
  EXPECT_THROW(scan.search(nan, 1, {}), InputError);
  const std::vector<std::uint32_t> outside = {5};
  const std::vector<float> fine = {1.0f, 0.0f};
  EXPECT_THROW(scan.search_among(fine, 1, outside), InputError);
  const std::vector<float> zero = {0.0f, 0.0f};
  EXPECT_EQ(scan.search(zero, 2, {}).size(), 2u);  // all scores 0: rows in order
  EXPECT_EQ(scan.search(zero, 2, {})[0].row, 0u);
}

}  // namespace
}  // namespace movierec
