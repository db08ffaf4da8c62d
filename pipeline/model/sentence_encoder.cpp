#include "model/sentence_encoder.hpp"

#include <algorithm>
#include <numeric>
#include <onnxruntime_cxx_api.h>
#include <string_view>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

// One ONNX Runtime environment per process: it owns the global thread pools and logging.
Ort::Env& ort_env() {
  static Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "movierec");
  return env;
}

}  // namespace

struct SentenceEncoder::Session {
  Ort::Session session{nullptr};
  std::size_t dimension = 0;
  std::size_t max_sequence_length = 0;
  std::size_t vocab_size = 0;
};

SentenceEncoder::SentenceEncoder(std::span<const std::uint8_t> model_bytes) : SentenceEncoder(model_bytes, Options{}) {}

SentenceEncoder::SentenceEncoder(std::span<const std::uint8_t> model_bytes, Options options)
    : session_(std::make_unique<Session>()), options_(options) {
  if (options_.batch_size == 0) throw InputError("sentence encoder: batch size must be at least 1");
  try {
    Ort::SessionOptions so;
    so.SetIntraOpNumThreads(options_.intra_op_threads);
    so.SetInterOpNumThreads(1);
    so.SetGraphOptimizationLevel(GraphOptimizationLevel::ORT_ENABLE_ALL);
    so.AddConfigEntry("session.intra_op.allow_spinning", options_.allow_spinning ? "1" : "0");
    session_->session = Ort::Session(ort_env(), model_bytes.data(), model_bytes.size(), so);

    Ort::Session& s = session_->session;
    Ort::AllocatorWithDefaultOptions allocator;
    std::vector<std::string> inputs;
    for (std::size_t i = 0; i < s.GetInputCount(); ++i) inputs.emplace_back(s.GetInputNameAllocated(i, allocator).get());
    std::sort(inputs.begin(), inputs.end());
    if (inputs != std::vector<std::string>{"attention_mask", "input_ids"}) {
      throw ArtifactError("sentence encoder model: inputs must be exactly input_ids and attention_mask");
    }
    if (s.GetOutputCount() != 1 || std::string(s.GetOutputNameAllocated(0, allocator).get()) != "sentence_embedding") {
      throw ArtifactError("sentence encoder model: the only output must be sentence_embedding");
    }
    const auto shape = s.GetOutputTypeInfo(0).GetTensorTypeAndShapeInfo().GetShape();
    if (shape.size() != 2 || shape[1] <= 0) {
      throw ArtifactError("sentence encoder model: sentence_embedding must be [batch, dimension] with a fixed dimension");
    }
    session_->dimension = static_cast<std::size_t>(shape[1]);

    // The graph builder records the position table length; other models may not.
    const Ort::ModelMetadata metadata = s.GetModelMetadata();
    const auto positions = metadata.LookupCustomMetadataMapAllocated("max_position_embeddings", allocator);
    if (positions) {
      const std::string text = positions.get();
      if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
        throw ArtifactError("sentence encoder model: metadata max_position_embeddings \"" + text + "\" is not a count");
      }
      session_->max_sequence_length = static_cast<std::size_t>(std::stoul(text));
    }
  } catch (const Ort::Exception& e) {
    throw ArtifactError(std::string("sentence encoder model: ONNX Runtime: ") + e.what());
  }
}

SentenceEncoder::~SentenceEncoder() = default;
SentenceEncoder::SentenceEncoder(SentenceEncoder&&) noexcept = default;
SentenceEncoder& SentenceEncoder::operator=(SentenceEncoder&&) noexcept = default;

std::size_t SentenceEncoder::dimension() const { return session_->dimension; }
std::size_t SentenceEncoder::max_sequence_length() const { return session_->max_sequence_length; }

std::vector<float> SentenceEncoder::encode(const std::vector<std::vector<std::int32_t>>& token_ids,
                                           const Progress& progress) const {
  const std::size_t n = token_ids.size();
  const std::size_t dim = session_->dimension;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& ids = token_ids[i];
    if (ids.empty()) throw InputError("sentence encoder: sequence " + std::to_string(i) + " has no tokens");
    if (session_->max_sequence_length != 0 && ids.size() > session_->max_sequence_length) {
      throw InputError("sentence encoder: sequence " + std::to_string(i) + " has " + std::to_string(ids.size()) +
                       " tokens, the model takes at most " + std::to_string(session_->max_sequence_length));
    }
    if (std::any_of(ids.begin(), ids.end(), [](std::int32_t id) { return id < 0; })) {
      throw InputError("sentence encoder: sequence " + std::to_string(i) + " has a negative token id");
    }
  }

  // Longest first: the biggest batch allocates once, later ones reuse the buffers.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return token_ids[a].size() > token_ids[b].size(); });

  std::vector<float> result(n * dim);
  std::vector<std::int64_t> ids;
  std::vector<std::int64_t> mask;
  const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  const char* input_names[] = {"input_ids", "attention_mask"};
  const char* output_names[] = {"sentence_embedding"};
  Ort::RunOptions run_options;

  for (std::size_t start = 0; start < n; start += options_.batch_size) {
    const std::size_t end = std::min(n, start + options_.batch_size);
    const std::size_t batch = end - start;
    const std::size_t length = token_ids[order[start]].size();  // sorted: the first is the longest
    ids.assign(batch * length, 0);  // [PAD] is id 0 in BERT vocabularies; masked out anyway
    mask.assign(batch * length, 0);
    for (std::size_t b = 0; b < batch; ++b) {
      const auto& row = token_ids[order[start + b]];
      std::copy(row.begin(), row.end(), ids.begin() + static_cast<std::ptrdiff_t>(b * length));
      std::fill_n(mask.begin() + static_cast<std::ptrdiff_t>(b * length), row.size(), 1);
    }
    const std::int64_t shape[] = {static_cast<std::int64_t>(batch), static_cast<std::int64_t>(length)};
    Ort::Value inputs[] = {Ort::Value::CreateTensor<std::int64_t>(memory, ids.data(), ids.size(), shape, 2),
                           Ort::Value::CreateTensor<std::int64_t>(memory, mask.data(), mask.size(), shape, 2)};
    std::vector<Ort::Value> outputs;
    try {
      outputs = session_->session.Run(run_options, input_names, inputs, 2, output_names, 1);
    } catch (const Ort::Exception& e) {
      throw InputError(std::string("sentence encoder: ONNX Runtime failed on a batch of ") + std::to_string(batch) +
                       " sequences of " + std::to_string(length) + " tokens (token id outside the vocabulary?): " + e.what());
    }
    const auto out_shape = outputs[0].GetTensorTypeAndShapeInfo().GetShape();
    if (out_shape.size() != 2 || out_shape[0] != static_cast<std::int64_t>(batch) ||
        out_shape[1] != static_cast<std::int64_t>(dim)) {
      throw ArtifactError("sentence encoder model: sentence_embedding has an unexpected shape");
    }
    const float* values = outputs[0].GetTensorData<float>();
    for (std::size_t b = 0; b < batch; ++b) {
      std::copy_n(values + b * dim, dim, result.begin() + static_cast<std::ptrdiff_t>(order[start + b] * dim));
    }
    if (progress) progress(end, n);
  }
  return result;
}

}  // namespace movierec
