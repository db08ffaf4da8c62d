// Fewer content dimensions: the principal directions keep what the vectors hold, the projected rows keep
// their inner products, and the model with the projection appended gives exactly the projected rows.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <onnx/checker.h>

#include "model/bert_config.hpp"
#include "model/bert_graph_builder.hpp"
#include "model/content_projection.hpp"
#include "model/sentence_encoder.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

double dot(const float* a, const float* b, std::size_t n) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += double(a[i]) * b[i];
  return sum;
}

// Unit vectors in 8 dimensions that only span a 3-dimensional subspace.
std::vector<float> vectors_in_a_subspace(std::size_t rows) {
  const float axes[3][8] = {{1, 1, 0, 0, 0, 0, 0, 0}, {0, 0, 1, -1, 1, 0, 0, 0}, {0, 0, 0, 0, 0, 2, 1, 1}};
  std::vector<float> out;
  for (std::size_t r = 0; r < rows; ++r) {
    float v[8] = {};
    const float w[3] = {std::sin(float(r) * 0.7f) + 1.2f, std::cos(float(r) * 1.3f), 0.5f * std::sin(float(r) * 2.1f)};
    for (int a = 0; a < 3; ++a) {
      for (int i = 0; i < 8; ++i) v[i] += w[a] * axes[a][i];
    }
    const auto norm = static_cast<float>(std::sqrt(dot(v, v, 8)));
    for (float x : v) out.push_back(x / norm);
  }
  return out;
}

TEST(ContentProjection, KeepsASubspaceExactlyWithOrthonormalDirections) {
  const auto rows = vectors_in_a_subspace(40);
  const auto projection = fit_content_projection(rows, 8, 3);
  EXPECT_NEAR(projection.retained_energy, 1.0, 1e-6);
  // Columns are orthonormal.
  for (std::size_t a = 0; a < 3; ++a) {
    for (std::size_t b = 0; b < 3; ++b) {
      double sum = 0;
      for (std::size_t i = 0; i < 8; ++i) sum += double(projection.basis[i * 3 + a]) * projection.basis[i * 3 + b];
      EXPECT_NEAR(sum, a == b ? 1.0 : 0.0, 1e-5);
    }
  }
  const auto projected = project_rows(projection, rows);
  ASSERT_EQ(projected.size(), 40u * 3);
  for (std::size_t a = 0; a < 40; a += 7) {
    for (std::size_t b = 0; b < 40; b += 5) {
      EXPECT_NEAR(dot(&projected[a * 3], &projected[b * 3], 3), dot(&rows[a * 8], &rows[b * 8], 8), 1e-5);
    }
  }
  // Fewer directions than the vectors span lose energy, and say how much.
  const auto two = fit_content_projection(rows, 8, 2);
  EXPECT_LT(two.retained_energy, 1.0);
  EXPECT_GT(two.retained_energy, 0.5);
  EXPECT_EQ(fit_content_projection(rows, 8, 2).basis, two.basis);  // deterministic
  EXPECT_THROW(fit_content_projection(rows, 8, 0), InputError);
  EXPECT_THROW(fit_content_projection(rows, 8, 9), InputError);
}

TEST(ContentProjection, TheModelWithTheProjectionAppendedGivesTheProjectedRows) {
  const auto model = build_bert_graph(tiny_bert_config(), random_weights(5));
  const std::vector<std::vector<std::int32_t>> sentences{
      {1, 5, 17, 99, 3, 2}, {1, 2}, {1, 64, 64, 12, 8, 2}, {1, 33, 90, 4, 6, 2}, {1, 7, 2}, {1, 11, 21, 31, 2}};
  const SentenceEncoder full(as_bytes(serialize_model(model)));
  const auto dimension = full.dimension();
  const auto vectors = full.encode(sentences);
  const auto projection = fit_content_projection(vectors, dimension, 4);
  const auto projected_model = append_projection(model, projection);
  EXPECT_NO_THROW(onnx::checker::check_model(projected_model));
  const SentenceEncoder projected(as_bytes(serialize_model(projected_model)));
  ASSERT_EQ(projected.dimension(), 4u);
  const auto expected = project_rows(projection, vectors);
  const auto got = projected.encode(sentences);
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], expected[i], 2e-5) << "value " << i;
  for (std::size_t r = 0; r < sentences.size(); ++r) EXPECT_NEAR(dot(&got[r * 4], &got[r * 4], 4), 1.0, 1e-5);
}

}  // namespace
}  // namespace movierec
