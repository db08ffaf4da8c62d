// SentenceEncoder: batching, ordering, progress and input checks on the tiny model; on the real
// all-MiniLM-L6-v2 (MOVIEREC_MODEL_DIR) the fp32 graph must reproduce sentence-transformers' vectors
// from the reference fixture and the int8 graph must stay close to them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "model/bert_config.hpp"
#include "model/bert_graph_builder.hpp"
#include "model/int8_quantizer.hpp"
#include "model/sentence_encoder.hpp"
#include "movierec/errors.hpp"
#include "movierec/wordpiece_tokenizer.hpp"

namespace movierec {
namespace {

double cosine(const float* a, const float* b, std::size_t n) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  return dot / std::sqrt(na * nb);
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class TinyEncoder : public ::testing::Test {
 protected:
  TinyEncoder() : model_bytes_(serialize_model(build_bert_graph(tiny_bert_config(), random_weights(3)))) {}
  std::string model_bytes_;
};

TEST_F(TinyEncoder, ReturnsRowsInCallerOrderWhateverTheBatching) {
  // Lengths deliberately unsorted, so the encoder's length sort must be undone.
  std::vector<std::vector<std::int32_t>> sentences;
  for (std::int32_t i = 0; i < 23; ++i) {
    std::vector<std::int32_t> ids{1};
    for (std::int32_t t = 0; t < (i * 7) % 13; ++t) ids.push_back(3 + (i * 5 + t) % 120);
    ids.push_back(2);
    sentences.push_back(ids);
  }
  SentenceEncoder::Options one;
  one.batch_size = 1;
  const SentenceEncoder single(as_bytes(model_bytes_), one);
  SentenceEncoder::Options five;
  five.batch_size = 5;
  const SentenceEncoder batched(as_bytes(model_bytes_), five);
  const auto expected = single.encode(sentences);
  const auto actual = batched.encode(sentences);
  ASSERT_EQ(actual.size(), sentences.size() * 32);
  for (std::size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-5) << "value " << i;
}

TEST_F(TinyEncoder, ReportsProgressPerBatch) {
  SentenceEncoder::Options options;
  options.batch_size = 4;
  const SentenceEncoder encoder(as_bytes(model_bytes_), options);
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  const std::vector<std::vector<std::int32_t>> sentences(10, std::vector<std::int32_t>{1, 5, 2});
  encoder.encode(sentences, [&](std::size_t done, std::size_t total) { calls.emplace_back(done, total); });
  EXPECT_EQ(calls, (std::vector<std::pair<std::size_t, std::size_t>>{{4, 10}, {8, 10}, {10, 10}}));
  EXPECT_TRUE(encoder.encode({}).empty());
}

TEST_F(TinyEncoder, RejectsSequencesTheModelCannotTake) {
  const SentenceEncoder encoder(as_bytes(model_bytes_));
  EXPECT_EQ(encoder.max_sequence_length(), 64u);
  EXPECT_THROW(encoder.encode({{1, 2}, {}}), InputError);
  EXPECT_THROW(encoder.encode({std::vector<std::int32_t>(65, 5)}), InputError);
  EXPECT_THROW(encoder.encode({{1, -4, 2}}), InputError);
  EXPECT_THROW(encoder.encode({{1, 128, 2}}), InputError);  // vocabulary is 0..127
  EXPECT_NO_THROW(encoder.encode({std::vector<std::int32_t>(64, 5)}));
}

TEST(SentenceEncoder, RejectsBytesThatAreNotAModel) {
  const std::string garbage = "definitely not an ONNX model";
  EXPECT_THROW(SentenceEncoder(as_bytes(garbage)), ArtifactError);
}

// The reference fixture: sentence-transformers' own output (scripts/make_reference_embeddings.py).
struct Reference {
  std::vector<std::string> texts;
  std::vector<std::vector<std::int32_t>> input_ids;
  std::vector<std::vector<float>> embeddings;
};

Reference load_reference() {
  const auto doc = nlohmann::json::parse(read_file(std::filesystem::path(MOVIEREC_SOURCE_DIR) / "tests/fixtures/reference_embeddings.json"));
  Reference r;
  for (const auto& s : doc.at("sentences")) {
    r.texts.push_back(s.at("text").get<std::string>());
    r.input_ids.push_back(s.at("input_ids").get<std::vector<std::int32_t>>());
    r.embeddings.push_back(s.at("embedding").get<std::vector<float>>());
  }
  return r;
}

class MiniLM : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* dir = std::getenv("MOVIEREC_MODEL_DIR");
    if (dir == nullptr) return;
    model_dir_ = dir;
    const onnx::ModelProto fp32 = build_bert_graph_from_dir(model_dir_);
    fp32_bytes_ = new std::string(serialize_model(fp32));
    // Calibrated on the reference sentences themselves: the artifact build calibrates on its catalog.
    Int8QuantizeOptions options;
    options.peaks = measure_activation_peaks(fp32, load_reference().input_ids);
    int8_bytes_ = new std::string(serialize_model(quantize_int8(fp32, options)));
  }
  static void TearDownTestSuite() {
    delete fp32_bytes_;
    delete int8_bytes_;
  }
  void SetUp() override {
    if (fp32_bytes_ == nullptr) GTEST_SKIP() << "MOVIEREC_MODEL_DIR not set (pipeline/model/fetch_model.sh DIR)";
  }
  static inline std::string model_dir_;
  static inline std::string* fp32_bytes_ = nullptr;
  static inline std::string* int8_bytes_ = nullptr;
};

TEST_F(MiniLM, Fp32GraphReproducesSentenceTransformers) {
  const Reference ref = load_reference();
  ASSERT_GE(ref.texts.size(), 20u);
  const SentenceEncoder encoder(as_bytes(*fp32_bytes_));
  ASSERT_EQ(encoder.dimension(), 384u);
  const auto vectors = encoder.encode(ref.input_ids);
  for (std::size_t i = 0; i < ref.texts.size(); ++i) {
    EXPECT_GE(cosine(&vectors[i * 384], ref.embeddings[i].data(), 384), 0.9999) << ref.texts[i];
    for (std::size_t j = 0; j < 384; ++j) ASSERT_NEAR(vectors[i * 384 + j], ref.embeddings[i][j], 2e-4) << ref.texts[i];
  }
}

TEST_F(MiniLM, Int8GraphStaysCloseAndIsSmall) {
  EXPECT_LE(int8_bytes_->size(), 24'000'000u);
  const Reference ref = load_reference();
  const SentenceEncoder encoder(as_bytes(*int8_bytes_));
  const auto vectors = encoder.encode(ref.input_ids);
  double sum = 0;
  for (std::size_t i = 0; i < ref.texts.size(); ++i) {
    const double c = cosine(&vectors[i * 384], ref.embeddings[i].data(), 384);
    EXPECT_GE(c, 0.99) << ref.texts[i];
    sum += c;
  }
  EXPECT_GE(sum / double(ref.texts.size()), 0.995);
}

TEST_F(MiniLM, OurTokenizerFeedsTheGraphLikeTheReference) {
  const Reference ref = load_reference();
  const BertConfig config = read_bert_config(model_dir_);
  const WordPieceTokenizer tokenizer(read_file(std::filesystem::path(model_dir_) / "vocab.txt"), config.do_lower_case,
                                     config.max_seq_length);
  std::vector<std::vector<std::int32_t>> ids;
  for (const auto& text : ref.texts) ids.push_back(tokenizer.encode(text));
  const SentenceEncoder encoder(as_bytes(*fp32_bytes_));
  const auto vectors = encoder.encode(ids);
  for (std::size_t i = 0; i < ref.texts.size(); ++i) {
    EXPECT_EQ(ids[i], ref.input_ids[i]) << ref.texts[i];
    EXPECT_GE(cosine(&vectors[i * 384], ref.embeddings[i].data(), 384), 0.9999) << ref.texts[i];
  }
}

}  // namespace
}  // namespace movierec
