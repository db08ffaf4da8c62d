#include "model/bert_config.hpp"

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

using nlohmann::json;

json parse_json(std::string_view text, std::string_view file) {
  try {
    json doc = json::parse(text);
    if (!doc.is_object()) throw ArtifactError(std::string(file) + ": expected a JSON object");
    return doc;
  } catch (const json::exception& e) {
    throw ArtifactError(std::string(file) + ": invalid JSON: " + e.what());
  }
}

std::size_t size_field(const json& doc, const char* field, std::string_view file, std::size_t max_value) {
  const auto it = doc.find(field);
  if (it == doc.end()) throw ArtifactError(std::string(file) + ": missing field \"" + field + "\"");
  if (!it->is_number_unsigned() || it->get<std::uint64_t>() == 0 || it->get<std::uint64_t>() > max_value) {
    throw ArtifactError(std::string(file) + ": field \"" + field + "\" must be an integer in 1.." +
                        std::to_string(max_value) + ", found " + it->dump());
  }
  return static_cast<std::size_t>(it->get<std::uint64_t>());
}

std::string string_field(const json& doc, const char* field, std::string_view fallback) {
  const auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) return std::string(fallback);
  if (!it->is_string()) return "";
  return it->get<std::string>();
}

std::string read_text(const std::filesystem::path& path, bool required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (required) throw ArtifactError(path.string() + ": cannot open file");
    return {};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

BertConfig parse_bert_config(std::string_view config_json, std::string_view sentence_bert_config_json,
                             std::string_view tokenizer_config_json, std::string_view pooling_config_json,
                             std::string_view source) {
  const std::string dir(source);
  const std::string config_file = dir + "/config.json";
  const json config = parse_json(config_json, config_file);

  // Bounds keep every derived tensor size far below what int64 shapes and 2 GB protobufs allow.
  constexpr std::size_t kMaxDim = 1u << 20;
  BertConfig c;
  c.vocab_size = size_field(config, "vocab_size", config_file, 1u << 22);
  c.hidden_size = size_field(config, "hidden_size", config_file, 1u << 14);
  c.num_hidden_layers = size_field(config, "num_hidden_layers", config_file, 256);
  c.num_attention_heads = size_field(config, "num_attention_heads", config_file, 1024);
  c.intermediate_size = size_field(config, "intermediate_size", config_file, 1u << 16);
  c.max_position_embeddings = size_field(config, "max_position_embeddings", config_file, kMaxDim);
  c.type_vocab_size = size_field(config, "type_vocab_size", config_file, 1024);
  if (c.hidden_size % c.num_attention_heads != 0) {
    throw ArtifactError(config_file + ": hidden_size " + std::to_string(c.hidden_size) +
                        " is not a multiple of num_attention_heads " + std::to_string(c.num_attention_heads));
  }
  if (const auto eps = config.find("layer_norm_eps"); eps != config.end()) {
    if (!eps->is_number() || !(eps->get<double>() > 0.0) || eps->get<double>() > 1.0) {
      throw ArtifactError(config_file + ": field \"layer_norm_eps\" must be a number in (0, 1], found " + eps->dump());
    }
    c.layer_norm_eps = static_cast<float>(eps->get<double>());
  }
  // The graph implements exactly GELU with erf and absolute position embeddings.
  const std::string activation = string_field(config, "hidden_act", "gelu");
  if (activation != "gelu") {
    throw ArtifactError(config_file + ": hidden_act \"" + activation + "\" is not supported (only \"gelu\")");
  }
  const std::string positions = string_field(config, "position_embedding_type", "absolute");
  if (positions != "absolute") {
    throw ArtifactError(config_file + ": position_embedding_type \"" + positions +
                        "\" is not supported (only \"absolute\")");
  }

  c.max_seq_length = c.max_position_embeddings;
  if (!sentence_bert_config_json.empty()) {
    const std::string file = dir + "/sentence_bert_config.json";
    const json sbert = parse_json(sentence_bert_config_json, file);
    c.max_seq_length = size_field(sbert, "max_seq_length", file, c.max_position_embeddings);
  }

  // sentence_bert_config's own do_lower_case is an extra lower-casing step before the tokenizer; the
  // tokenizer's flag is the one that decides what BERT saw in training. Either one lower-cases.
  bool lower = false;
  bool seen = false;
  auto read_lower = [&](std::string_view text, const std::string& file) {
    if (text.empty()) return;
    const json doc = parse_json(text, file);
    if (const auto it = doc.find("do_lower_case"); it != doc.end()) {
      if (!it->is_boolean()) throw ArtifactError(file + ": field \"do_lower_case\" must be true or false");
      lower = lower || it->get<bool>();
      seen = true;
    }
  };
  read_lower(tokenizer_config_json, dir + "/tokenizer_config.json");
  read_lower(sentence_bert_config_json, dir + "/sentence_bert_config.json");
  c.do_lower_case = seen ? lower : true;  // uncased BERT is the default of the BERT tokenizer

  if (!pooling_config_json.empty()) {
    const std::string file = dir + "/1_Pooling/config.json";
    const json pooling = parse_json(pooling_config_json, file);
    for (const char* mode : {"pooling_mode_cls_token", "pooling_mode_max_tokens", "pooling_mode_mean_sqrt_len_tokens",
                             "pooling_mode_weightedmean_tokens", "pooling_mode_lasttoken"}) {
      if (pooling.value(mode, false)) {
        throw ArtifactError(file + ": " + mode + " is not supported (the graph does mean pooling only)");
      }
    }
    if (!pooling.value("pooling_mode_mean_tokens", true)) {
      throw ArtifactError(file + ": pooling_mode_mean_tokens must be true (the graph does mean pooling)");
    }
    if (const auto dim = pooling.find("word_embedding_dimension");
        dim != pooling.end() && (!dim->is_number_unsigned() || dim->get<std::uint64_t>() != c.hidden_size)) {
      throw ArtifactError(file + ": word_embedding_dimension " + dim->dump() + " differs from hidden_size " +
                          std::to_string(c.hidden_size));
    }
  }
  return c;
}

BertConfig read_bert_config(const std::filesystem::path& model_dir) {
  return parse_bert_config(read_text(model_dir / "config.json", true),
                           read_text(model_dir / "sentence_bert_config.json", false),
                           read_text(model_dir / "tokenizer_config.json", false),
                           read_text(model_dir / "1_Pooling" / "config.json", false), model_dir.string());
}

BertConfig tiny_bert_config() {
  BertConfig c;
  c.vocab_size = 128;
  c.hidden_size = 32;
  c.num_hidden_layers = 2;
  c.num_attention_heads = 4;
  c.intermediate_size = 64;
  c.max_position_embeddings = 64;
  c.type_vocab_size = 2;
  c.layer_norm_eps = 1e-12f;
  c.max_seq_length = 64;
  c.do_lower_case = true;
  return c;
}

}  // namespace movierec
