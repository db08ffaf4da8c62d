#pragma once
// The shape of a BERT sentence encoder, read from a Hugging Face / sentence-transformers model folder:
// config.json (the transformer), sentence_bert_config.json (max_seq_length), tokenizer_config.json
// (lower-casing) and 1_Pooling/config.json (only mean pooling is supported: that is what the graph does).
#include <cstddef>
#include <filesystem>
#include <string_view>

namespace movierec {

struct BertConfig {
  std::size_t vocab_size = 0;
  std::size_t hidden_size = 0;
  std::size_t num_hidden_layers = 0;
  std::size_t num_attention_heads = 0;
  std::size_t intermediate_size = 0;
  std::size_t max_position_embeddings = 0;
  std::size_t type_vocab_size = 0;
  float layer_norm_eps = 1e-12f;
  // Longest token sequence the sentence encoder is used with ([CLS] and [SEP] included).
  std::size_t max_seq_length = 0;
  bool do_lower_case = true;

  std::size_t head_size() const { return hidden_size / num_attention_heads; }
};

// Parses the JSON texts; `source` names the folder in errors. Empty views mean "file absent" for the
// optional files (sentence_bert_config, tokenizer_config, pooling_config). Throws ArtifactError on
// malformed JSON, missing or out-of-range fields and unsupported variants (activation, pooling).
BertConfig parse_bert_config(std::string_view config_json, std::string_view sentence_bert_config_json,
                             std::string_view tokenizer_config_json, std::string_view pooling_config_json,
                             std::string_view source);

// Reads the files above from a model folder.
BertConfig read_bert_config(const std::filesystem::path& model_dir);

// A small configuration with the same structure as MiniLM (2 layers, hidden 32, 4 heads, vocab 128),
// for unit tests that build and run a real graph in milliseconds.
BertConfig tiny_bert_config();

}  // namespace movierec
