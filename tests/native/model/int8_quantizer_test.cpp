// int8 quantization on the ModelProto: the rewritten graph is valid, holds int8 weights with the
// documented per-column / per-row scales and smoothing, is smaller, and computes nearly what fp32 does.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <onnx/checker.h>
#include <set>
#include <string>
#include <vector>

#include "model/bert_config.hpp"
#include "model/bert_graph_builder.hpp"
#include "model/int8_quantizer.hpp"
#include "model/sentence_encoder.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

const onnx::TensorProto* find_initializer(const onnx::ModelProto& m, const std::string& name) {
  for (const auto& t : m.graph().initializer()) {
    if (t.name() == name) return &t;
  }
  return nullptr;
}

template <typename T>
std::vector<T> raw_values(const onnx::TensorProto& t) {
  std::vector<T> values(t.raw_data().size() / sizeof(T));
  std::memcpy(values.data(), t.raw_data().data(), values.size() * sizeof(T));
  return values;
}

std::map<std::string, int> op_counts(const onnx::ModelProto& m) {
  std::map<std::string, int> counts;
  for (const auto& n : m.graph().node()) ++counts[n.op_type()];
  return counts;
}

// Per sentence, the cosine between the fp32 and int8 embeddings (both unit length, 32 floats each).
std::vector<double> fp32_int8_cosines(const std::vector<float>& fp32, const std::vector<float>& int8, std::size_t sentences) {
  std::vector<double> cosines(sentences, 0.0);
  for (std::size_t i = 0; i < sentences; ++i) {
    for (std::size_t j = 0; j < 32; ++j) cosines[i] += double(fp32[i * 32 + j]) * int8[i * 32 + j];
  }
  return cosines;
}

class TinyInt8 : public ::testing::Test {
 protected:
  TinyInt8()
      : config_(tiny_bert_config()),
        fp32_(build_bert_graph(config_, random_weights(11))),
        int8_(quantize_int8(fp32_, {}, &summary_)) {}
  BertConfig config_;
  onnx::ModelProto fp32_;
  Int8QuantizeSummary summary_;
  onnx::ModelProto int8_;
};

TEST_F(TinyInt8, RewritesEveryWeightMatMulAndTheWordTable) {
  EXPECT_NO_THROW(onnx::checker::check_model(int8_));
  const auto ops = op_counts(int8_);
  const int layers = static_cast<int>(config_.num_hidden_layers);
  EXPECT_EQ(summary_.matmuls, static_cast<std::size_t>(6 * layers));
  EXPECT_EQ(summary_.gathers, 1u);
  EXPECT_EQ(summary_.smoothed_activations, 0u);  // no calibration peaks given
  EXPECT_EQ(ops.at("MatMulInteger"), 6 * layers);
  // Q, K and V read the same activation and share one per-token quantization: 4 per layer, not 6.
  EXPECT_EQ(ops.at("ReduceMax"), 4 * layers);
  EXPECT_EQ(ops.count("DynamicQuantizeLinear"), 0u);
  EXPECT_EQ(ops.at("MatMul"), 2 * layers);  // attention scores and context stay float
  for (const auto& n : int8_.graph().node()) EXPECT_EQ(n.domain(), "") << n.name();

  // No float copy of a quantized weight is left behind.
  EXPECT_EQ(find_initializer(int8_, "embeddings.word_embeddings.weight"), nullptr);
  EXPECT_EQ(find_initializer(int8_, "encoder.layer.0.attention.self.query.weight"), nullptr);
  const auto* table = find_initializer(int8_, "embeddings.word_embeddings.weight_quantized");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(table->data_type(), onnx::TensorProto::INT8);
}

TEST_F(TinyInt8, PerTensorUsesDynamicQuantizeLinear) {
  Int8QuantizeOptions options;
  options.activations = ActivationQuantization::per_tensor;
  const auto model = quantize_int8(fp32_, options);
  EXPECT_NO_THROW(onnx::checker::check_model(model));
  const auto ops = op_counts(model);
  EXPECT_EQ(ops.at("DynamicQuantizeLinear"), 4 * static_cast<int>(config_.num_hidden_layers));
  EXPECT_EQ(ops.count("ReduceMax"), 0u);
  EXPECT_EQ(ops.at("MatMulInteger"), 6 * static_cast<int>(config_.num_hidden_layers));

  const SentenceEncoder fp32(as_bytes(serialize_model(fp32_)));
  const SentenceEncoder int8(as_bytes(serialize_model(model)));
  const std::vector<std::vector<std::int32_t>> sentences{{1, 10, 20, 30, 2}, {1, 77, 2}};
  const auto a = fp32.encode(sentences);
  const auto b = int8.encode(sentences);
  const auto cosines = fp32_int8_cosines(a, b, sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const double cosine = cosines[i];
    EXPECT_GT(cosine, 0.98) << "sentence " << i;
  }
}

TEST_F(TinyInt8, WeightsAreSymmetricPerOutputColumn) {
  const auto* fp32_weight = find_initializer(fp32_, "encoder.layer.1.intermediate.dense.weight");
  const auto* q = find_initializer(int8_, "encoder.layer.1.intermediate.dense.weight_quantized");
  const auto* scale = find_initializer(int8_, "encoder.layer.1.intermediate.dense.weight_scale");
  const auto* zero_point = find_initializer(int8_, "encoder.layer.1.intermediate.dense.weight_zero_point");
  ASSERT_TRUE(fp32_weight && q && scale && zero_point);
  const std::size_t k = config_.hidden_size;
  const std::size_t n = config_.intermediate_size;
  ASSERT_EQ(q->dims_size(), 2);
  EXPECT_EQ(q->dims(0), static_cast<std::int64_t>(k));
  EXPECT_EQ(q->dims(1), static_cast<std::int64_t>(n));
  EXPECT_EQ(zero_point->data_type(), onnx::TensorProto::INT8);
  for (auto zp : raw_values<std::int8_t>(*zero_point)) EXPECT_EQ(zp, 0);

  const auto w = raw_values<float>(*fp32_weight);
  const auto qs = raw_values<std::int8_t>(*q);
  const auto scales = raw_values<float>(*scale);
  ASSERT_EQ(scales.size(), n);
  for (std::size_t c = 0; c < n; ++c) {
    float peak = 0;
    int qpeak = 0;
    for (std::size_t r = 0; r < k; ++r) {
      peak = std::max(peak, std::fabs(w[r * n + c]));
      qpeak = std::max(qpeak, std::abs(int(qs[r * n + c])));
      // Round to nearest: every weight is within half a step of its int8 value.
      EXPECT_LE(std::fabs(w[r * n + c] - float(qs[r * n + c]) * scales[c]), 0.5f * scales[c] + 1e-7f);
    }
    EXPECT_FLOAT_EQ(scales[c], peak / 127.0f);
    EXPECT_EQ(qpeak, 127);  // the largest weight of each column uses the full range
  }
}

TEST_F(TinyInt8, WordTableHasOneScalePerRow) {
  const auto* scale = find_initializer(int8_, "embeddings.word_embeddings.weight_scale");
  ASSERT_NE(scale, nullptr);
  ASSERT_EQ(scale->dims_size(), 2);
  EXPECT_EQ(scale->dims(0), static_cast<std::int64_t>(config_.vocab_size));
  EXPECT_EQ(scale->dims(1), 1);
}

TEST_F(TinyInt8, IsSmallerAndStaysCloseToFp32) {
  const std::string fp32_bytes = serialize_model(fp32_);
  const std::string int8_bytes = serialize_model(int8_);
  EXPECT_LT(int8_bytes.size(), fp32_bytes.size());  // node names dominate a model this small
  EXPECT_GT(summary_.float_bytes_before, 3 * summary_.int8_bytes_after);

  const SentenceEncoder fp32(as_bytes(fp32_bytes));
  const SentenceEncoder int8(as_bytes(int8_bytes));
  const std::vector<std::vector<std::int32_t>> sentences{
      {1, 10, 20, 30, 2}, {1, 77, 2}, {1, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 2}, {1, 127, 126, 125, 2}};
  const auto a = fp32.encode(sentences);
  const auto b = int8.encode(sentences);
  const auto cosines = fp32_int8_cosines(a, b, sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const double cosine = cosines[i];
    EXPECT_GT(cosine, 0.99) << "sentence " << i;
    EXPECT_LT(cosine, 1.0 + 1e-6);
  }
}

std::vector<std::vector<std::int32_t>> calibration_sentences() {
  std::vector<std::vector<std::int32_t>> sentences;
  for (std::int32_t i = 0; i < 12; ++i) {
    std::vector<std::int32_t> ids{1};
    for (std::int32_t t = 0; t < 3 + (i * 5) % 11; ++t) ids.push_back(3 + (i * 13 + t * 7) % 120);
    ids.push_back(2);
    sentences.push_back(ids);
  }
  return sentences;
}

TEST_F(TinyInt8, CalibrationPeaksIgnorePadding) {
  const auto sentences = calibration_sentences();
  const auto batched = measure_activation_peaks(fp32_, sentences, 5);
  // Four activations per layer feed weight MatMuls: the embeddings/attention LayerNorm output (Q, K, V),
  // the merged attention context, the attention LayerNorm output and the GELU output.
  EXPECT_EQ(batched.size(), 4 * config_.num_hidden_layers);
  ActivationPeaks one_by_one;
  for (const auto& sentence : sentences) {
    for (const auto& [name, peaks] : measure_activation_peaks(fp32_, {sentence}, 1)) {
      auto& merged = one_by_one[name];
      merged.resize(peaks.size(), 0.0f);
      for (std::size_t c = 0; c < peaks.size(); ++c) merged[c] = std::max(merged[c], peaks[c]);
    }
  }
  ASSERT_EQ(one_by_one.size(), batched.size());
  for (const auto& [name, peaks] : batched) {
    ASSERT_EQ(peaks.size(), one_by_one[name].size()) << name;
    for (std::size_t c = 0; c < peaks.size(); ++c) {
      EXPECT_NEAR(peaks[c], one_by_one[name][c], 1e-4f * (1.0f + peaks[c])) << name << " channel " << c;
    }
  }
}

TEST_F(TinyInt8, SmoothingMovesActivationScaleIntoWeightRows) {
  Int8QuantizeOptions options;
  options.peaks = measure_activation_peaks(fp32_, calibration_sentences());
  Int8QuantizeSummary summary;
  const auto model = quantize_int8(fp32_, options, &summary);
  EXPECT_NO_THROW(onnx::checker::check_model(model));
  EXPECT_EQ(summary.smoothed_activations, 4 * config_.num_hidden_layers);

  // Row k of the stored weight is the float row times s_k, where the graph divides channel k by s_k.
  const auto* original = find_initializer(fp32_, "encoder.layer.0.output.dense.weight");
  const auto* q = find_initializer(model, "encoder.layer.0.output.dense.weight_quantized");
  const auto* scale = find_initializer(model, "encoder.layer.0.output.dense.weight_scale");
  std::string activation;
  for (const auto& n : fp32_.graph().node()) {
    if (n.op_type() == "MatMul" && n.input(1) == "encoder.layer.0.output.dense.weight") activation = n.input(0);
  }
  const auto* inverse = find_initializer(model, activation + "_smoothing");
  ASSERT_TRUE(original && q && scale && inverse);
  const auto w = raw_values<float>(*original);
  const auto qs = raw_values<std::int8_t>(*q);
  const auto scales = raw_values<float>(*scale);
  const auto inv = raw_values<float>(*inverse);
  const std::size_t k = config_.intermediate_size;
  const std::size_t n = config_.hidden_size;
  ASSERT_EQ(inv.size(), k);
  bool any_not_one = false;
  for (std::size_t r = 0; r < k; ++r) {
    any_not_one = any_not_one || std::fabs(inv[r] - 1.0f) > 0.01f;
    for (std::size_t c = 0; c < n; ++c) {
      EXPECT_NEAR(float(qs[r * n + c]) * scales[c] * inv[r], w[r * n + c], 0.5f * scales[c] * inv[r] + 1e-6f);
    }
  }
  EXPECT_TRUE(any_not_one);

  const SentenceEncoder fp32(as_bytes(serialize_model(fp32_)));
  const SentenceEncoder int8(as_bytes(serialize_model(model)));
  const auto sentences = calibration_sentences();
  const auto a = fp32.encode(sentences);
  const auto b = int8.encode(sentences);
  const auto cosines = fp32_int8_cosines(a, b, sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const double cosine = cosines[i];
    EXPECT_GT(cosine, 0.99) << "sentence " << i;
  }
}

TEST_F(TinyInt8, KeepsFloatEmbeddingTableWhenAsked) {
  Int8QuantizeOptions options;
  options.quantize_embedding_tables = false;
  options.weight_max = 63;
  const auto model = quantize_int8(fp32_, options);
  EXPECT_NO_THROW(onnx::checker::check_model(model));
  EXPECT_NE(find_initializer(model, "embeddings.word_embeddings.weight"), nullptr);
  const auto* q = find_initializer(model, "encoder.layer.0.attention.self.key.weight_quantized");
  ASSERT_NE(q, nullptr);
  int qpeak = 0;
  for (auto v : raw_values<std::int8_t>(*q)) qpeak = std::max(qpeak, std::abs(int(v)));
  EXPECT_EQ(qpeak, 63);
}

// A one-MatMul graph with hand-checkable per-column scales and rounding.
TEST(Int8Quantizer, SingleMatMulGetsPerColumnScales) {
  onnx::ModelProto m;
  m.set_ir_version(7);
  m.add_opset_import()->set_version(14);
  auto& g = *m.mutable_graph();
  g.set_name("single");
  auto describe = [](onnx::ValueInfoProto& v, const char* name, std::int64_t cols) {
    v.set_name(name);
    auto& t = *v.mutable_type()->mutable_tensor_type();
    t.set_elem_type(onnx::TensorProto::FLOAT);
    t.mutable_shape()->add_dim()->set_dim_value(2);
    t.mutable_shape()->add_dim()->set_dim_value(cols);
  };
  describe(*g.add_input(), "x", 3);
  describe(*g.add_output(), "y", 2);
  auto& b = *g.add_initializer();
  b.set_name("B");
  b.set_data_type(onnx::TensorProto::FLOAT);
  b.add_dims(3);
  b.add_dims(2);
  for (float v : {1.0f, -0.5f, 0.25f, 0.5f, -1.0f, 0.0f}) b.add_float_data(v);  // columns peak at 1 and 0.5
  auto& node = *g.add_node();
  node.set_op_type("MatMul");
  node.add_input("x");
  node.add_input("B");
  node.add_output("y");

  const auto q = quantize_int8(m);
  EXPECT_NO_THROW(onnx::checker::check_model(q));
  const auto* scale = find_initializer(q, "B_scale");
  ASSERT_NE(scale, nullptr);
  EXPECT_EQ(raw_values<float>(*scale), (std::vector<float>{1.0f / 127.0f, 0.5f / 127.0f}));
  const auto* weights = find_initializer(q, "B_quantized");
  ASSERT_NE(weights, nullptr);
  EXPECT_EQ(raw_values<std::int8_t>(*weights), (std::vector<std::int8_t>{127, -127, 32, 127, -127, 0}));
}

TEST(Int8Quantizer, RejectsBadOptions) {
  const auto fp32 = build_bert_graph(tiny_bert_config(), random_weights(1));
  Int8QuantizeOptions options;
  options.weight_max = 0;
  EXPECT_THROW(quantize_int8(fp32, options), InputError);
  options.weight_max = 127;
  options.smoothing_alpha = 1.5f;
  EXPECT_THROW(quantize_int8(fp32, options), InputError);
  EXPECT_THROW(measure_activation_peaks(fp32, {{1, 2}}, 0), InputError);
}

}  // namespace
}  // namespace movierec
