#pragma once
// Builds the BERT sentence-encoder ONNX graph (opset 14, IR version 7) from a BertConfig and weights:
//   inputs  input_ids, attention_mask   int64 [batch, sequence]
//   output  sentence_embedding          float [batch, hidden]
// embeddings (word + position + token type 0, LayerNorm) → N encoder layers (multi-head self-attention
// with an additive mask, GELU(erf) feed-forward, post-LayerNorms) → mean pooling over the attention
// mask → L2 normalisation, exactly as sentence-transformers computes it. Only standard ONNX ops
// (LayerNorm and GELU written out, in the patterns ONNX Runtime fuses), so the checker, ONNX Runtime
// and ONNX Runtime Web all accept it.
//
// Dense weights are stored transposed ([in, out]) under their Hugging Face names, so every projection
// is a MatMul whose B is an initializer: the shape the int8 quantizer looks for.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "model/bert_config.hpp"

namespace movierec {

class SafetensorsReader;

// Supplies a Hugging Face BERT tensor (e.g. "encoder.layer.0.attention.self.query.weight") as
// float32 with the given shape, or throws.
using BertWeightSource =
    std::function<std::vector<float>(const std::string& name, const std::vector<std::int64_t>& shape)>;

// Weights from a sentence-transformers / transformers safetensors file ("bert." prefixes accepted).
// The reader must outlive the source.
BertWeightSource safetensors_weights(const SafetensorsReader& reader);

// Deterministic pseudo-random weights (same seed, same model on every platform), scaled so that a
// tiny model still produces distinct, well-conditioned embeddings. For tests.
BertWeightSource random_weights(std::uint32_t seed);

onnx::ModelProto build_bert_graph(const BertConfig& config, const BertWeightSource& weights);

// Convenience: config + safetensors of a model folder → fp32 graph.
onnx::ModelProto build_bert_graph_from_dir(const std::filesystem::path& model_dir);

// Serialises a model; throws if protobuf refuses (e.g. beyond 2 GB).
std::string serialize_model(const onnx::ModelProto& model);

}  // namespace movierec
