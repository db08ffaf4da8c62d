#include "relevance/text_encoder.hpp"

#include "movierec/errors.hpp"

namespace movierec {

TextEncoder::TextEncoder(const LoadedArtifacts& loaded)
    : tokenizer_(loaded.vocab, loaded.do_lower_case, loaded.max_seq_length),
      encoder_(read_verified_artifact(loaded.dir, loaded.manifest, "model.int8.onnx")) {}

std::vector<float> TextEncoder::embed(const std::string& text) const {
  if (text.find_first_not_of(" \t\r") == std::string::npos) throw InputError("the text is empty: describe a movie");
  return encoder_.encode({tokenizer_.encode(text)});
}

}  // namespace movierec
