#pragma once
// The text side of the engine, natively: an artifact folder's WordPiece tokenizer and int8 sentence
// model (model.int8.onnx), the pair the browser runs in ONNX Runtime Web for "Describe a movie". The
// CLI's search, embed and validate and the relevance benchmarks all embed text through this one class,
// so what they measure is what the site computes.
#include <cstddef>
#include <string>
#include <vector>

#include "artifacts/artifact_loader.hpp"
#include "model/sentence_encoder.hpp"
#include "movierec/wordpiece_tokenizer.hpp"

namespace movierec {

class TextEncoder {
 public:
  // Reads and verifies model.int8.onnx of the loaded folder (size and SHA-256 from the manifest).
  explicit TextEncoder(const LoadedArtifacts& loaded);

  // The text's sentence embedding (dimension() floats). Throws InputError for a blank text.
  std::vector<float> embed(const std::string& text) const;
  std::size_t dimension() const { return encoder_.dimension(); }

 private:
  WordPieceTokenizer tokenizer_;
  SentenceEncoder encoder_;
};

}  // namespace movierec
