#pragma once
// int8 quantization of an ONNX model, done on the ModelProto itself:
//  * every MatMul whose B is a float 2-D initializer [K, N] becomes
//      quantize(A) → MatMulInteger(A u8, B s8, a_zp, b_zp) → Cast(float) → Mul(b_scale) (· a_scale)
//    with B symmetric per output column (zero point 0, scale = max|B[:, n]| / 127). Activations are
//    quantized on every call (see ActivationQuantization). One activation quantization is shared by
//    all MatMuls reading the same activation (Q, K and V).
//  * optionally, SmoothQuant: with per-channel activation peaks measured on calibration inputs, each
//    activation channel k is divided by s_k = peak_k^α / max|B[k, :]|^(1-α) (one Mul before the
//    quantization) and row k of B multiplied by it. The product is unchanged; the activation outlier
//    channels that make int8 steps coarse move into the weights, which quantize per column anyway.
//  * optionally, every Gather from a float 2-D initializer (the word-embedding table) becomes
//      Gather(table s8), Gather(row scales [V, 1]) → Cast(float) → Mul
//    with one symmetric scale per row; that table is where most of MiniLM's bytes are.
// Only standard ONNX ops (opset ≥ 11), so ONNX Runtime and ONNX Runtime Web both run the result.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace movierec {

enum class ActivationQuantization {
  // DynamicQuantizeLinear: one uint8 scale and zero point for the whole activation tensor. Fewest ops
  // and fused by ONNX Runtime, but one outlier token or channel coarsens every other value's steps.
  per_tensor,
  // One symmetric scale per token (row of the activation), in standard ops:
  // s = max|x_row| / 127, q = round(x / s) + 128 as uint8 with zero point 128.
  per_token,
};

// Per activation (value name) the largest |x| seen in each channel (last dimension).
using ActivationPeaks = std::map<std::string, std::vector<float>>;

struct Int8QuantizeOptions {
  ActivationQuantization activations = ActivationQuantization::per_token;
  // Peaks from measure_activation_peaks(); empty means no smoothing.
  ActivationPeaks peaks;
  // How much of the activation range moves into the weights. On all-MiniLM-L6-v2 over the MovieLens
  // catalog, top-10 neighbour overlap with fp32 was 0.911 / 0.932 / 0.941 / 0.930 at 0.35 / 0.5 / 0.65 / 0.8.
  float smoothing_alpha = 0.65f;
  bool quantize_embedding_tables = true;
  // 127 uses the full int8 range; 63 ("reduce range") keeps u8×s8 pair sums inside int16 for CPUs
  // whose integer dot-product instructions saturate (x86 AVX2 without VNNI).
  int weight_max = 127;
  // Weights to leave in float: initializer names containing any of these strings.
  std::vector<std::string> keep_float;
};

struct Int8QuantizeSummary {
  std::size_t matmuls = 0;
  std::size_t smoothed_activations = 0;
  std::size_t gathers = 0;
  std::size_t float_bytes_before = 0;  // bytes of the float initializers replaced
  std::size_t int8_bytes_after = 0;    // bytes of the int8 tables and scales replacing them
};

onnx::ModelProto quantize_int8(const onnx::ModelProto& model, const Int8QuantizeOptions& options = {},
                               Int8QuantizeSummary* summary = nullptr);

// Runs the float sentence-encoder `model` (inputs input_ids, attention_mask) with ONNX Runtime over
// calibration sequences and records the per-channel peaks of every activation that feeds a MatMul
// with an initializer B. Padding positions are ignored.
ActivationPeaks measure_activation_peaks(const onnx::ModelProto& model,
                                         const std::vector<std::vector<std::int32_t>>& token_ids,
                                         std::size_t batch_size = 32);

// Up to `count` sequences spread evenly over `token_ids` (all of them when there are fewer): a
// calibration set that sees every part of a catalog ordered by id without encoding all of it.
std::vector<std::vector<std::int32_t>> calibration_sample(const std::vector<std::vector<std::int32_t>>& token_ids,
                                                         std::size_t count = 500);

}  // namespace movierec
