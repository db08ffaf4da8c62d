#include "model/bert_graph_builder.hpp"

#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <utility>

#include "model/safetensors_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

using Shape = std::vector<std::int64_t>;

std::int64_t dim(std::size_t value) { return static_cast<std::int64_t>(value); }

void set_int(onnx::NodeProto& n, const char* name, std::int64_t value) {
  auto& a = *n.add_attribute();
  a.set_name(name);
  a.set_type(onnx::AttributeProto::INT);
  a.set_i(value);
}

void set_ints(onnx::NodeProto& n, const char* name, std::initializer_list<std::int64_t> values) {
  auto& a = *n.add_attribute();
  a.set_name(name);
  a.set_type(onnx::AttributeProto::INTS);
  for (auto v : values) a.add_ints(v);
}

// Appends nodes and initializers to a graph. Value names are "<scope>/<op>", scopes are unique.
class GraphWriter {
 public:
  explicit GraphWriter(onnx::GraphProto& graph) : graph_(graph) {}

  onnx::NodeProto& node(const std::string& op, std::initializer_list<std::string> inputs, const std::string& scope) {
    onnx::NodeProto& n = *graph_.add_node();
    n.set_op_type(op);
    n.set_name(scope + "/" + op);
    for (const auto& input : inputs) n.add_input(input);
    n.add_output(scope + "/" + op);
    return n;
  }

  std::string op(const std::string& type, std::initializer_list<std::string> inputs, const std::string& scope) {
    return node(type, inputs, scope).output(0);
  }

  std::string floats(const std::string& name, const Shape& shape, const std::vector<float>& values) {
    onnx::TensorProto& t = *graph_.add_initializer();
    t.set_name(name);
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (auto d : shape) t.add_dims(d);
    t.set_raw_data(values.data(), values.size() * sizeof(float));
    return name;
  }

  std::string int64s(const std::string& name, const Shape& shape, const std::vector<std::int64_t>& values) {
    onnx::TensorProto& t = *graph_.add_initializer();
    t.set_name(name);
    t.set_data_type(onnx::TensorProto::INT64);
    for (auto d : shape) t.add_dims(d);
    for (auto v : values) t.add_int64_data(v);
    return name;
  }

  std::string scalar(const std::string& name, float value) { return floats(name, {}, {value}); }

 private:
  onnx::GraphProto& graph_;
};

void describe_value(onnx::ValueInfoProto& v, const std::string& name, int elem_type,
                    std::initializer_list<std::pair<const char*, std::int64_t>> dims) {
  v.set_name(name);
  auto& tensor = *v.mutable_type()->mutable_tensor_type();
  tensor.set_elem_type(elem_type);
  for (const auto& [param, value] : dims) {
    auto& d = *tensor.mutable_shape()->add_dim();
    if (param != nullptr) {
      d.set_dim_param(param);
    } else {
      d.set_dim_value(value);
    }
  }
}

// Hugging Face Linear weights are [out, in]; MatMul wants [in, out].
std::vector<float> transpose(const std::vector<float>& w, std::size_t out, std::size_t in) {
  std::vector<float> t(w.size());
  for (std::size_t o = 0; o < out; ++o) {
    for (std::size_t i = 0; i < in; ++i) t[i * out + o] = w[o * in + i];
  }
  return t;
}

class BertGraph {
 public:
  BertGraph(const BertConfig& c, const BertWeightSource& w, onnx::GraphProto& g) : c_(c), w_(w), g_(g) {}

  std::string build() {
    const std::int64_t hidden = dim(c_.hidden_size);
    one_ = g_.scalar("const/one", 1.0f);
    half_ = g_.scalar("const/half", 0.5f);
    two_ = g_.scalar("const/two", 2.0f);
    sqrt2_ = g_.scalar("const/sqrt_two", std::sqrt(2.0f));
    eps_ = g_.scalar("const/layer_norm_eps", c_.layer_norm_eps);

    // Embeddings. The token type is always 0 for single sentences, so its row is folded into the
    // position table here instead of a Gather + Add on every call.
    const Shape word_shape{dim(c_.vocab_size), hidden};
    const std::string word_table =
        g_.floats("embeddings.word_embeddings.weight", word_shape, w_("embeddings.word_embeddings.weight", word_shape));
    std::vector<float> positions = w_("embeddings.position_embeddings.weight", {dim(c_.max_position_embeddings), hidden});
    const std::vector<float> token_type = w_("embeddings.token_type_embeddings.weight", {dim(c_.type_vocab_size), hidden});
    for (std::size_t p = 0; p < c_.max_position_embeddings; ++p) {
      for (std::size_t h = 0; h < c_.hidden_size; ++h) positions[p * c_.hidden_size + h] += token_type[h];
    }
    const std::string position_table = g_.floats("embeddings.position_embeddings.weight+token_type_0",
                                                 {dim(c_.max_position_embeddings), hidden}, positions);

    const std::string words = g_.op("Gather", {word_table, "input_ids"}, "embeddings/word");
    const std::string input_shape = g_.op("Shape", {"input_ids"}, "embeddings/input");
    const std::string seq_len =
        g_.op("Gather", {input_shape, g_.int64s("const/index_1", {1}, {1})}, "embeddings/sequence_length");
    const std::string zero = g_.int64s("const/zero", {1}, {0});
    // Rows 0..S-1 of the table, [S, H], broadcast over the batch by the Add.
    const std::string position_rows = g_.op("Slice", {position_table, zero, seq_len, zero}, "embeddings/position");
    const std::string summed = g_.op("Add", {words, position_rows}, "embeddings/sum");
    std::string hidden_states = layer_norm(summed, "embeddings.LayerNorm", "embeddings/LayerNorm");

    // Additive attention mask [B, 1, 1, S]: 0 for tokens, -10000 for padding (its exp underflows to 0).
    mask_float_ = cast_float("attention_mask", "mask/float");
    const std::string inverted = g_.op("Sub", {one_, mask_float_}, "mask/inverted");
    const std::string additive = g_.op("Mul", {inverted, g_.scalar("const/mask_value", -10000.0f)}, "mask/additive");
    additive_mask_ = g_.op("Unsqueeze", {additive, g_.int64s("const/axes_1_2", {2}, {1, 2})}, "mask/broadcast");

    head_shape_ = g_.int64s("const/head_shape", {4}, {0, 0, dim(c_.num_attention_heads), dim(c_.head_size())});
    merged_shape_ = g_.int64s("const/merged_shape", {3}, {0, 0, hidden});
    score_divisor_ = g_.scalar("const/sqrt_head_size", std::sqrt(static_cast<float>(c_.head_size())));

    for (std::size_t layer = 0; layer < c_.num_hidden_layers; ++layer) {
      hidden_states = encoder_layer(hidden_states, "encoder.layer." + std::to_string(layer));
    }
    return pool(hidden_states);
  }

 private:
  std::string cast_float(const std::string& input, const std::string& scope) {
    onnx::NodeProto& n = g_.node("Cast", {input}, scope);
    set_int(n, "to", onnx::TensorProto::FLOAT);
    return n.output(0);
  }

  std::string reduce_mean_last(const std::string& input, const std::string& scope) {
    onnx::NodeProto& n = g_.node("ReduceMean", {input}, scope);
    set_ints(n, "axes", {-1});
    set_int(n, "keepdims", 1);
    return n.output(0);
  }

  // LayerNorm from standard ops in the order ONNX Runtime's LayerNormFusion matches:
  // ReduceMean → Sub → Pow(2) → ReduceMean → Add(eps) → Sqrt → Div → Mul(γ) → Add(β).
  std::string layer_norm(const std::string& x, const std::string& weights, const std::string& scope) {
    const Shape shape{dim(c_.hidden_size)};
    const std::string gamma = g_.floats(weights + ".weight", shape, w_(weights + ".weight", shape));
    const std::string beta = g_.floats(weights + ".bias", shape, w_(weights + ".bias", shape));
    const std::string mean = reduce_mean_last(x, scope + "/mean");
    const std::string centered = g_.op("Sub", {x, mean}, scope + "/centered");
    const std::string squared = g_.op("Pow", {centered, two_}, scope + "/squared");
    const std::string variance = reduce_mean_last(squared, scope + "/variance");
    const std::string stabilised = g_.op("Add", {variance, eps_}, scope + "/variance_eps");
    const std::string deviation = g_.op("Sqrt", {stabilised}, scope + "/deviation");
    const std::string normalised = g_.op("Div", {centered, deviation}, scope + "/normalised");
    const std::string scaled = g_.op("Mul", {normalised, gamma}, scope + "/scaled");
    return g_.op("Add", {scaled, beta}, scope + "/output");
  }

  // x·Wᵀ + b for a Hugging Face Linear layer named `weights`.
  std::string linear(const std::string& x, const std::string& weights, std::size_t in, std::size_t out,
                     const std::string& scope) {
    const std::vector<float> w = w_(weights + ".weight", {dim(out), dim(in)});
    const std::string matrix = g_.floats(weights + ".weight", {dim(in), dim(out)}, transpose(w, out, in));
    const std::string bias = g_.floats(weights + ".bias", {dim(out)}, w_(weights + ".bias", {dim(out)}));
    const std::string product = g_.op("MatMul", {x, matrix}, scope + "/MatMul");
    return g_.op("Add", {product, bias}, scope + "/bias");
  }

  // [B, S, H] → [B, heads, S, head_size] (or [B, heads, head_size, S] for keys).
  std::string split_heads(const std::string& x, bool keys, const std::string& scope) {
    const std::string reshaped = g_.op("Reshape", {x, head_shape_}, scope + "/heads");
    onnx::NodeProto& n = g_.node("Transpose", {reshaped}, scope + "/heads");
    if (keys) {
      set_ints(n, "perm", {0, 2, 3, 1});
    } else {
      set_ints(n, "perm", {0, 2, 1, 3});
    }
    return n.output(0);
  }

  std::string encoder_layer(const std::string& input, const std::string& name) {
    const std::size_t hidden = c_.hidden_size;
    const std::string scope = name;
    const std::string q = linear(input, name + ".attention.self.query", hidden, hidden, scope + "/query");
    const std::string k = linear(input, name + ".attention.self.key", hidden, hidden, scope + "/key");
    const std::string v = linear(input, name + ".attention.self.value", hidden, hidden, scope + "/value");
    const std::string q_heads = split_heads(q, false, scope + "/query");
    const std::string k_heads = split_heads(k, true, scope + "/key");
    const std::string v_heads = split_heads(v, false, scope + "/value");

    const std::string scores = g_.op("MatMul", {q_heads, k_heads}, scope + "/scores");
    const std::string scaled = g_.op("Div", {scores, score_divisor_}, scope + "/scores_scaled");
    const std::string masked = g_.op("Add", {scaled, additive_mask_}, scope + "/scores_masked");
    onnx::NodeProto& softmax = g_.node("Softmax", {masked}, scope + "/probabilities");
    set_int(softmax, "axis", -1);
    const std::string context = g_.op("MatMul", {softmax.output(0), v_heads}, scope + "/context");
    onnx::NodeProto& merge = g_.node("Transpose", {context}, scope + "/context_merge");
    set_ints(merge, "perm", {0, 2, 1, 3});
    const std::string merged = g_.op("Reshape", {merge.output(0), merged_shape_}, scope + "/context_merge");

    const std::string attention_out = linear(merged, name + ".attention.output.dense", hidden, hidden, scope + "/attention_output");
    const std::string residual1 = g_.op("Add", {attention_out, input}, scope + "/attention_residual");
    const std::string attended = layer_norm(residual1, name + ".attention.output.LayerNorm", scope + "/attention_LayerNorm");

    const std::string intermediate =
        linear(attended, name + ".intermediate.dense", hidden, c_.intermediate_size, scope + "/intermediate");
    // GELU(x) = x · 0.5 · (1 + erf(x / √2)), in the order ONNX Runtime's GeluFusion matches.
    const std::string divided = g_.op("Div", {intermediate, sqrt2_}, scope + "/gelu");
    const std::string erf = g_.op("Erf", {divided}, scope + "/gelu");
    const std::string shifted = g_.op("Add", {erf, one_}, scope + "/gelu");
    const std::string gated = g_.op("Mul", {intermediate, shifted}, scope + "/gelu");
    const std::string gelu = g_.op("Mul", {gated, half_}, scope + "/gelu_half");

    const std::string output = linear(gelu, name + ".output.dense", c_.intermediate_size, hidden, scope + "/output");
    const std::string residual2 = g_.op("Add", {output, attended}, scope + "/output_residual");
    return layer_norm(residual2, name + ".output.LayerNorm", scope + "/output_LayerNorm");
  }

  // sentence-transformers: sum(token · mask) / clamp(sum(mask), 1e-9), then x / max(‖x‖, 1e-12).
  std::string pool(const std::string& tokens) {
    const std::string axis1 = g_.int64s("const/axis_1", {1}, {1});
    const std::string axis2 = g_.int64s("const/axis_2", {1}, {2});
    const std::string mask3 = g_.op("Unsqueeze", {mask_float_, axis2}, "pooling/mask");  // [B, S, 1]
    const std::string masked = g_.op("Mul", {tokens, mask3}, "pooling/masked");
    onnx::NodeProto& sum = g_.node("ReduceSum", {masked, axis1}, "pooling/sum");
    set_int(sum, "keepdims", 0);
    onnx::NodeProto& count = g_.node("ReduceSum", {mask3, axis1}, "pooling/count");
    set_int(count, "keepdims", 0);
    const std::string clamped = g_.op("Max", {count.output(0), g_.scalar("const/count_min", 1e-9f)}, "pooling/count_clamped");
    const std::string mean = g_.op("Div", {sum.output(0), clamped}, "pooling/mean");

    onnx::NodeProto& norm = g_.node("ReduceL2", {mean}, "normalize/norm");
    set_ints(norm, "axes", {1});
    set_int(norm, "keepdims", 1);
    const std::string norm_clamped = g_.op("Max", {norm.output(0), g_.scalar("const/norm_min", 1e-12f)}, "normalize/norm_clamped");
    onnx::NodeProto& out = g_.node("Div", {mean, norm_clamped}, "normalize/output");
    out.set_output(0, "sentence_embedding");
    return out.output(0);
  }

  const BertConfig& c_;
  const BertWeightSource& w_;
  GraphWriter g_;
  std::string one_, half_, two_, sqrt2_, eps_;
  std::string mask_float_, additive_mask_, head_shape_, merged_shape_, score_divisor_;
};

// 32-bit FNV-1a: a stable per-tensor seed, independent of the standard library.
std::uint32_t fnv1a(const std::string& text) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char ch : text) hash = (hash ^ ch) * 16777619u;
  return hash;
}

// xorshift32 → uniform in [-1, 1): std::uniform_real_distribution differs between libraries.
struct Xorshift {
  std::uint32_t state;
  float next() {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return static_cast<float>(state >> 8) * (2.0f / 16777216.0f) - 1.0f;
  }
};

bool ends_with(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

BertWeightSource safetensors_weights(const SafetensorsReader& reader) {
  return [&reader](const std::string& name, const std::vector<std::int64_t>& shape) {
    // transformers' BertForXxx checkpoints prefix the encoder with "bert."; sentence-transformers do not.
    if (!reader.contains(name) && reader.contains("bert." + name)) return reader.read_f32("bert." + name, shape);
    return reader.read_f32(name, shape);
  };
}

BertWeightSource random_weights(std::uint32_t seed) {
  return [seed](const std::string& name, const std::vector<std::int64_t>& shape) {
    std::size_t count = 1;
    for (auto d : shape) count *= static_cast<std::size_t>(d);
    Xorshift rng{(fnv1a(name) ^ seed) | 1u};
    // Embeddings spread widely so distinct tokens give distinct sentences; projections small so
    // activations stay in the range real BERT weights produce.
    float centre = 0.0f;
    float spread = 0.08f;
    if (name.rfind("embeddings.", 0) == 0 && ends_with(name, "embeddings.weight")) spread = 1.0f;
    if (ends_with(name, "LayerNorm.weight")) centre = 1.0f, spread = 0.1f;
    if (ends_with(name, ".bias")) spread = 0.05f;
    std::vector<float> values(count);
    for (auto& v : values) v = centre + spread * rng.next();
    return values;
  };
}

onnx::ModelProto build_bert_graph(const BertConfig& config, const BertWeightSource& weights) {
  if (config.hidden_size == 0 || config.num_attention_heads == 0 || config.hidden_size % config.num_attention_heads != 0) {
    throw InputError("BERT config: hidden_size must be a positive multiple of num_attention_heads");
  }
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.set_producer_name("movierec");
  model.set_producer_version("1");
  model.set_model_version(1);
  model.set_doc_string("BERT sentence encoder: mean pooling over the attention mask, L2-normalised output");
  auto& opset = *model.add_opset_import();
  opset.set_domain("");
  opset.set_version(14);
  auto add_meta = [&](const char* key, const std::string& value) {
    auto& prop = *model.add_metadata_props();
    prop.set_key(key);
    prop.set_value(value);
  };
  add_meta("hidden_size", std::to_string(config.hidden_size));
  add_meta("max_seq_length", std::to_string(config.max_seq_length));
  add_meta("max_position_embeddings", std::to_string(config.max_position_embeddings));
  add_meta("do_lower_case", config.do_lower_case ? "true" : "false");

  onnx::GraphProto& graph = *model.mutable_graph();
  graph.set_name("sentence_encoder");
  describe_value(*graph.add_input(), "input_ids", onnx::TensorProto::INT64, {{"batch", 0}, {"sequence", 0}});
  describe_value(*graph.add_input(), "attention_mask", onnx::TensorProto::INT64, {{"batch", 0}, {"sequence", 0}});
  describe_value(*graph.add_output(), "sentence_embedding", onnx::TensorProto::FLOAT,
                 {{"batch", 0}, {nullptr, dim(config.hidden_size)}});
  BertGraph(config, weights, graph).build();
  return model;
}

onnx::ModelProto build_bert_graph_from_dir(const std::filesystem::path& model_dir) {
  const BertConfig config = read_bert_config(model_dir);
  const SafetensorsReader reader = SafetensorsReader::open(model_dir / "model.safetensors");
  return build_bert_graph(config, safetensors_weights(reader));
}

std::string serialize_model(const onnx::ModelProto& model) {
  std::string bytes;
  if (!model.SerializeToString(&bytes)) {
    throw ArtifactError("ONNX model \"" + model.graph().name() + "\": protobuf serialisation failed (over 2 GB?)");
  }
  return bytes;
}

}  // namespace movierec
