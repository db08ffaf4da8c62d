// The BERT graph we build ourselves: it passes the ONNX checker, has the documented interface, and
// ONNX Runtime running it gives what a plain loop-by-loop BERT forward pass gives on the same weights.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>
#include <set>
#include <string>
#include <vector>

#include "model/bert_config.hpp"
#include "model/bert_graph_builder.hpp"
#include "model/safetensors_reader.hpp"
#include "model/sentence_encoder.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

using Matrix = std::vector<float>;  // row-major

// y[r, o] = sum_i x[r, i] · W[o, i] + b[o]: a Hugging Face Linear layer.
Matrix linear(const Matrix& x, std::size_t rows, const Matrix& w, const Matrix& b, std::size_t in, std::size_t out) {
  Matrix y(rows * out);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t o = 0; o < out; ++o) {
      double sum = b[o];
      for (std::size_t i = 0; i < in; ++i) sum += double(x[r * in + i]) * w[o * in + i];
      y[r * out + o] = float(sum);
    }
  }
  return y;
}

void layer_norm(Matrix& x, std::size_t rows, std::size_t width, const Matrix& gamma, const Matrix& beta, float eps) {
  for (std::size_t r = 0; r < rows; ++r) {
    double mean = 0, var = 0;
    for (std::size_t i = 0; i < width; ++i) mean += x[r * width + i];
    mean /= double(width);
    for (std::size_t i = 0; i < width; ++i) var += (x[r * width + i] - mean) * (x[r * width + i] - mean);
    var /= double(width);
    for (std::size_t i = 0; i < width; ++i) {
      x[r * width + i] = float((x[r * width + i] - mean) / std::sqrt(var + eps) * gamma[i] + beta[i]);
    }
  }
}

// BERT + mean pooling + L2 normalisation for one unpadded sequence, straight from the paper's equations.
std::vector<float> reference_forward(const BertConfig& c, const BertWeightSource& w, const std::vector<std::int32_t>& ids) {
  const std::size_t s = ids.size();
  const std::size_t h = c.hidden_size;
  const auto i64 = [](std::size_t v) { return static_cast<std::int64_t>(v); };
  const Matrix word = w("embeddings.word_embeddings.weight", {i64(c.vocab_size), i64(h)});
  const Matrix pos = w("embeddings.position_embeddings.weight", {i64(c.max_position_embeddings), i64(h)});
  const Matrix type = w("embeddings.token_type_embeddings.weight", {i64(c.type_vocab_size), i64(h)});
  Matrix x(s * h);
  for (std::size_t t = 0; t < s; ++t) {
    for (std::size_t i = 0; i < h; ++i) x[t * h + i] = word[std::size_t(ids[t]) * h + i] + pos[t * h + i] + type[i];
  }
  layer_norm(x, s, h, w("embeddings.LayerNorm.weight", {i64(h)}), w("embeddings.LayerNorm.bias", {i64(h)}), c.layer_norm_eps);

  auto dense = [&](const Matrix& in, const std::string& name, std::size_t n_in, std::size_t n_out) {
    return linear(in, s, w(name + ".weight", {i64(n_out), i64(n_in)}), w(name + ".bias", {i64(n_out)}), n_in, n_out);
  };
  const std::size_t heads = c.num_attention_heads;
  const std::size_t d = c.head_size();
  for (std::size_t l = 0; l < c.num_hidden_layers; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l);
    const Matrix q = dense(x, p + ".attention.self.query", h, h);
    const Matrix k = dense(x, p + ".attention.self.key", h, h);
    const Matrix v = dense(x, p + ".attention.self.value", h, h);
    Matrix context(s * h, 0.0f);
    for (std::size_t head = 0; head < heads; ++head) {
      for (std::size_t i = 0; i < s; ++i) {
        std::vector<double> scores(s);
        double peak = -1e300;
        for (std::size_t j = 0; j < s; ++j) {
          double dot = 0;
          for (std::size_t e = 0; e < d; ++e) dot += double(q[i * h + head * d + e]) * k[j * h + head * d + e];
          scores[j] = dot / std::sqrt(double(d));
          peak = std::max(peak, scores[j]);
        }
        double total = 0;
        for (auto& sc : scores) total += (sc = std::exp(sc - peak));
        for (std::size_t e = 0; e < d; ++e) {
          double sum = 0;
          for (std::size_t j = 0; j < s; ++j) sum += scores[j] / total * v[j * h + head * d + e];
          context[i * h + head * d + e] = float(sum);
        }
      }
    }
    Matrix attended = dense(context, p + ".attention.output.dense", h, h);
    for (std::size_t i = 0; i < s * h; ++i) attended[i] += x[i];
    layer_norm(attended, s, h, w(p + ".attention.output.LayerNorm.weight", {i64(h)}),
               w(p + ".attention.output.LayerNorm.bias", {i64(h)}), c.layer_norm_eps);
    Matrix inner = dense(attended, p + ".intermediate.dense", h, c.intermediate_size);
    for (auto& u : inner) u = float(0.5 * u * (1.0 + std::erf(u / std::sqrt(2.0))));
    Matrix out = dense(inner, p + ".output.dense", c.intermediate_size, h);
    for (std::size_t i = 0; i < s * h; ++i) out[i] += attended[i];
    layer_norm(out, s, h, w(p + ".output.LayerNorm.weight", {i64(h)}), w(p + ".output.LayerNorm.bias", {i64(h)}),
               c.layer_norm_eps);
    x = out;
  }
  std::vector<float> pooled(h, 0.0f);
  double norm = 0;
  for (std::size_t i = 0; i < h; ++i) {
    double sum = 0;
    for (std::size_t t = 0; t < s; ++t) sum += x[t * h + i];
    pooled[i] = float(sum / double(s));
    norm += double(pooled[i]) * pooled[i];
  }
  for (auto& p : pooled) p = float(p / std::sqrt(norm));
  return pooled;
}

double dot(const float* a, const float* b, std::size_t n) {
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) sum += double(a[i]) * b[i];
  return sum;
}

class TinyBert : public ::testing::Test {
 protected:
  TinyBert() : config_(tiny_bert_config()), weights_(random_weights(7)), model_(build_bert_graph(config_, weights_)) {}
  BertConfig config_;
  BertWeightSource weights_;
  onnx::ModelProto model_;
};

TEST_F(TinyBert, PassesCheckerWithDocumentedInterface) {
  EXPECT_NO_THROW(onnx::checker::check_model(model_));
  EXPECT_EQ(model_.ir_version(), 7);
  ASSERT_EQ(model_.opset_import_size(), 1);
  EXPECT_EQ(model_.opset_import(0).domain(), "");
  EXPECT_EQ(model_.opset_import(0).version(), 14);
  const auto& g = model_.graph();
  ASSERT_EQ(g.input_size(), 2);
  EXPECT_EQ(g.input(0).name(), "input_ids");
  EXPECT_EQ(g.input(1).name(), "attention_mask");
  for (const auto& input : g.input()) {
    EXPECT_EQ(input.type().tensor_type().elem_type(), onnx::TensorProto::INT64);
    ASSERT_EQ(input.type().tensor_type().shape().dim_size(), 2);
    EXPECT_EQ(input.type().tensor_type().shape().dim(0).dim_param(), "batch");
    EXPECT_EQ(input.type().tensor_type().shape().dim(1).dim_param(), "sequence");
  }
  ASSERT_EQ(g.output_size(), 1);
  EXPECT_EQ(g.output(0).name(), "sentence_embedding");
  EXPECT_EQ(g.output(0).type().tensor_type().shape().dim(1).dim_value(), 32);

  // Standard ops only, none newer than opset 14 (LayerNormalization is 17), none from com.microsoft.
  std::set<std::string> ops;
  for (const auto& node : g.node()) {
    EXPECT_EQ(node.domain(), "") << node.name();
    ops.insert(node.op_type());
  }
  EXPECT_EQ(ops.count("LayerNormalization"), 0u);
  EXPECT_EQ(ops.count("Erf"), 1u);
  EXPECT_EQ(ops.count("Softmax"), 1u);

  // Every dense projection is a MatMul with an initializer B (what the quantizer rewrites): 6 per layer.
  std::set<std::string> initializers;
  for (const auto& t : g.initializer()) initializers.insert(t.name());
  std::size_t weight_matmuls = 0;
  for (const auto& node : g.node()) weight_matmuls += node.op_type() == "MatMul" && initializers.count(node.input(1));
  EXPECT_EQ(weight_matmuls, 6 * config_.num_hidden_layers);
}

TEST_F(TinyBert, ShapeInferenceGivesBatchByHidden) {
  onnx::ModelProto inferred = model_;
  onnx::shape_inference::InferShapes(inferred);
  const auto& shape = inferred.graph().output(0).type().tensor_type().shape();
  ASSERT_EQ(shape.dim_size(), 2);
  EXPECT_EQ(shape.dim(0).dim_param(), "batch");
  EXPECT_EQ(shape.dim(1).dim_value(), 32);
}

TEST_F(TinyBert, OnnxRuntimeMatchesPlainForwardPass) {
  const std::vector<std::vector<std::int32_t>> sentences{
      {1, 5, 17, 99, 3, 2}, {1, 2}, {127, 0, 64, 64, 64, 12, 8, 33, 90, 4, 6}};
  const SentenceEncoder encoder(as_bytes(serialize_model(model_)));
  ASSERT_EQ(encoder.dimension(), 32u);
  const auto vectors = encoder.encode(sentences);
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const auto expected = reference_forward(config_, weights_, sentences[i]);
    for (std::size_t j = 0; j < 32; ++j) EXPECT_NEAR(vectors[i * 32 + j], expected[j], 2e-5) << "sentence " << i << " dim " << j;
  }
}

TEST_F(TinyBert, RowsAreUnitNormAndDistinct) {
  const SentenceEncoder encoder(as_bytes(serialize_model(model_)));
  const std::vector<std::vector<std::int32_t>> sentences{{1, 10, 20, 2}, {1, 11, 21, 2}, {1, 90, 2}, {1, 2}};
  const auto v = encoder.encode(sentences);
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    EXPECT_NEAR(dot(&v[i * 32], &v[i * 32], 32), 1.0, 1e-5);
    for (std::size_t j = 0; j < i; ++j) EXPECT_LT(dot(&v[i * 32], &v[j * 32], 32), 0.9999) << i << " vs " << j;
  }
}

TEST_F(TinyBert, PaddingDoesNotChangeEmbeddings) {
  // Alone, a sentence runs unpadded; batched with a longer one it is padded with masked [PAD] tokens.
  const std::vector<std::int32_t> short_sentence{1, 40, 41, 2};
  const std::vector<std::int32_t> long_sentence{1, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 2};
  SentenceEncoder::Options one_by_one;
  one_by_one.batch_size = 1;
  const SentenceEncoder single(as_bytes(serialize_model(model_)), one_by_one);
  const SentenceEncoder batched(as_bytes(serialize_model(model_)));
  const auto alone = single.encode({short_sentence});
  const auto padded = batched.encode({short_sentence, long_sentence});
  for (std::size_t j = 0; j < 32; ++j) EXPECT_NEAR(padded[j], alone[j], 1e-5);

  // The padding really is there and really is masked: unmasked pad tokens would move the vector.
  std::vector<std::int32_t> with_visible_pads = short_sentence;
  with_visible_pads.resize(long_sentence.size(), 0);
  const auto unmasked = single.encode({with_visible_pads});
  EXPECT_LT(dot(unmasked.data(), alone.data(), 32), 0.999);
}

TEST_F(TinyBert, WeightsFromSafetensorsGiveTheSameModel) {
  // Write the random weights as a transformers checkpoint ("bert." prefix) and read them back.
  std::vector<std::pair<std::string, std::vector<std::int64_t>>> tensors;
  const auto i64 = [](std::size_t v) { return static_cast<std::int64_t>(v); };
  const std::size_t h = config_.hidden_size;
  tensors.push_back({"embeddings.word_embeddings.weight", {i64(config_.vocab_size), i64(h)}});
  tensors.push_back({"embeddings.position_embeddings.weight", {i64(config_.max_position_embeddings), i64(h)}});
  tensors.push_back({"embeddings.token_type_embeddings.weight", {i64(config_.type_vocab_size), i64(h)}});
  tensors.push_back({"embeddings.LayerNorm.weight", {i64(h)}});
  tensors.push_back({"embeddings.LayerNorm.bias", {i64(h)}});
  for (std::size_t l = 0; l < config_.num_hidden_layers; ++l) {
    const std::string p = "encoder.layer." + std::to_string(l);
    for (const char* name : {".attention.self.query", ".attention.self.key", ".attention.self.value", ".attention.output.dense"}) {
      tensors.push_back({p + name + ".weight", {i64(h), i64(h)}});
      tensors.push_back({p + name + ".bias", {i64(h)}});
    }
    tensors.push_back({p + ".intermediate.dense.weight", {i64(config_.intermediate_size), i64(h)}});
    tensors.push_back({p + ".intermediate.dense.bias", {i64(config_.intermediate_size)}});
    tensors.push_back({p + ".output.dense.weight", {i64(h), i64(config_.intermediate_size)}});
    tensors.push_back({p + ".output.dense.bias", {i64(h)}});
    for (const char* name : {".attention.output.LayerNorm", ".output.LayerNorm"}) {
      tensors.push_back({p + name + ".weight", {i64(h)}});
      tensors.push_back({p + name + ".bias", {i64(h)}});
    }
  }
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  std::vector<std::uint8_t> data;
  for (const auto& [name, shape] : tensors) {
    const auto values = weights_(name, shape);
    const std::size_t begin = data.size();
    data.resize(begin + values.size() * sizeof(float));
    std::memcpy(data.data() + begin, values.data(), values.size() * sizeof(float));
    header["bert." + name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {begin, data.size()}}};
  }
  const std::string text = header.dump();
  std::vector<std::uint8_t> file;
  for (int i = 0; i < 8; ++i) file.push_back(static_cast<std::uint8_t>(std::uint64_t(text.size()) >> (8 * i)));
  file.insert(file.end(), text.begin(), text.end());
  file.insert(file.end(), data.begin(), data.end());

  const SafetensorsReader reader(std::move(file), "tiny.safetensors");
  const auto from_file = build_bert_graph(config_, safetensors_weights(reader));
  EXPECT_EQ(serialize_model(from_file), serialize_model(model_));
}

TEST(BertGraphBuilder, MissingWeightNamesTheTensor) {
  const SafetensorsReader empty(std::vector<std::uint8_t>{2, 0, 0, 0, 0, 0, 0, 0, '{', '}'}, "empty.safetensors");
  try {
    build_bert_graph(tiny_bert_config(), safetensors_weights(empty));
    FAIL() << "expected ArtifactError";
  } catch (const ArtifactError& e) {
    EXPECT_NE(std::string(e.what()).find("empty.safetensors: tensor \"embeddings.word_embeddings.weight\" not found"),
              std::string::npos)
        << e.what();
  }
}

// all-MiniLM-L6-v2's config files, as published.
const char* kMiniLMConfig = R"({"architectures": ["BertModel"], "attention_probs_dropout_prob": 0.1,
  "hidden_act": "gelu", "hidden_dropout_prob": 0.1, "hidden_size": 384, "initializer_range": 0.02,
  "intermediate_size": 1536, "layer_norm_eps": 1e-12, "max_position_embeddings": 512, "model_type": "bert",
  "num_attention_heads": 12, "num_hidden_layers": 6, "pad_token_id": 0, "position_embedding_type": "absolute",
  "type_vocab_size": 2, "vocab_size": 30522})";
const char* kMiniLMSentenceBert = R"({"max_seq_length": 256, "do_lower_case": false})";
const char* kMiniLMTokenizer = R"({"do_lower_case": true, "unk_token": "[UNK]", "model_max_length": 512})";
const char* kMiniLMPooling = R"({"word_embedding_dimension": 384, "pooling_mode_cls_token": false,
  "pooling_mode_mean_tokens": true, "pooling_mode_max_tokens": false, "pooling_mode_mean_sqrt_len_tokens": false})";

TEST(BertConfig, ParsesMiniLM) {
  const BertConfig c = parse_bert_config(kMiniLMConfig, kMiniLMSentenceBert, kMiniLMTokenizer, kMiniLMPooling, "minilm");
  EXPECT_EQ(c.vocab_size, 30522u);
  EXPECT_EQ(c.hidden_size, 384u);
  EXPECT_EQ(c.num_hidden_layers, 6u);
  EXPECT_EQ(c.num_attention_heads, 12u);
  EXPECT_EQ(c.head_size(), 32u);
  EXPECT_EQ(c.intermediate_size, 1536u);
  EXPECT_EQ(c.max_position_embeddings, 512u);
  EXPECT_EQ(c.type_vocab_size, 2u);
  EXPECT_FLOAT_EQ(c.layer_norm_eps, 1e-12f);
  EXPECT_EQ(c.max_seq_length, 256u);
  EXPECT_TRUE(c.do_lower_case);  // the tokenizer lower-cases even though sentence_bert_config says false
}

TEST(BertConfig, RejectsWhatTheGraphCannotExpress) {
  auto expect_error = [](const std::string& config, const std::string& pooling, const std::string& fragment) {
    try {
      parse_bert_config(config, "", "", pooling, "model");
      FAIL() << "expected ArtifactError containing " << fragment;
    } catch (const ArtifactError& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  auto with = [](const std::string& key, nlohmann::json value) {
    nlohmann::json c = nlohmann::json::parse(kMiniLMConfig);
    if (value.is_null()) {
      c.erase(key);
    } else {
      c[key] = value;
    }
    return c.dump();
  };
  expect_error(with("hidden_act", "relu"), "", "model/config.json: hidden_act \"relu\" is not supported");
  expect_error(with("num_attention_heads", 7), "", "hidden_size 384 is not a multiple of num_attention_heads 7");
  expect_error(with("vocab_size", nullptr), "", "model/config.json: missing field \"vocab_size\"");
  expect_error(with("hidden_size", -3), "", "field \"hidden_size\" must be an integer");
  expect_error(with("position_embedding_type", "relative_key"), "", "position_embedding_type");
  expect_error("{not json", "", "model/config.json: invalid JSON");
  expect_error(kMiniLMConfig, R"({"pooling_mode_cls_token": true})", "1_Pooling/config.json: pooling_mode_cls_token");
}

TEST(BertGraphBuilder, BuildsMiniLMFromCheckpoint) {
  const char* dir = std::getenv("MOVIEREC_MODEL_DIR");
  if (dir == nullptr) GTEST_SKIP() << "MOVIEREC_MODEL_DIR not set (pipeline/model/fetch_model.sh DIR)";
  const onnx::ModelProto model = build_bert_graph_from_dir(dir);
  EXPECT_NO_THROW(onnx::checker::check_model(model));
  EXPECT_EQ(model.graph().output(0).type().tensor_type().shape().dim(1).dim_value(), 384);
}

}  // namespace
}  // namespace movierec
