#pragma once
// Runs a sentence-encoder ONNX model (inputs input_ids / attention_mask, output sentence_embedding)
// with ONNX Runtime over batches of token-id sequences. Sequences are sorted by length so each batch
// pads to a similar length (padding costs attention time quadratically), and results come back in the
// caller's order as one row-major float matrix [n, dimension].
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace movierec {

class SentenceEncoder {
 public:
  struct Options {
    std::size_t batch_size = 32;
    int intra_op_threads = 2;
    // Spinning threads win a few percent of throughput but burn CPU shared with everything else.
    bool allow_spinning = false;
  };
  using Progress = std::function<void(std::size_t done, std::size_t total)>;

  // `model_bytes` is a serialised ONNX model; it is copied by ONNX Runtime and may be dropped after.
  // Throws Error if ONNX Runtime rejects the model or it lacks the expected inputs and output.
  explicit SentenceEncoder(std::span<const std::uint8_t> model_bytes, Options options);
  explicit SentenceEncoder(std::span<const std::uint8_t> model_bytes);
  ~SentenceEncoder();
  SentenceEncoder(SentenceEncoder&&) noexcept;
  SentenceEncoder& operator=(SentenceEncoder&&) noexcept;

  std::size_t dimension() const;
  // Longest sequence the model's position table covers (0 when the model does not say).
  std::size_t max_sequence_length() const;

  // One embedding row per sequence. Every sequence needs at least one token and at most
  // max_sequence_length(); ids must be inside the vocabulary. Throws InputError otherwise.
  std::vector<float> encode(const std::vector<std::vector<std::int32_t>>& token_ids,
                            const Progress& progress = {}) const;

 private:
  struct Session;
  std::unique_ptr<Session> session_;
  Options options_;
};

// Convenience for byte strings (serialised ModelProto, file contents).
inline std::span<const std::uint8_t> as_bytes(const std::string& bytes) {
  return {reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()};
}

}  // namespace movierec
