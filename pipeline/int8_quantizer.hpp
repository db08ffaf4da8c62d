#pragma once
// Dynamic int8 quantization of an ONNX model, done on the ModelProto itself:
//  * every MatMul whose B is a float 2-D initializer [K, N] becomes
//      DynamicQuantizeLinear(A) → MatMulInteger(A u8, B s8, a_zp, b_zp) → Cast(float) → Mul(a_scale · b_scale)
//    with B symmetric per output column (zero point 0, scale = max|B[:, n]| / 127). Activations are
//    quantized per call (uint8, asymmetric) so no calibration data is needed. One
//    DynamicQuantizeLinear is shared by all MatMuls reading the same activation (Q, K and V).
//  * optionally, every Gather from a float 2-D initializer (the word-embedding table) becomes
//      Gather(table s8) , Gather(row scales) → Cast(float) → Mul
//    with one symmetric scale per row, which is where most of MiniLM's bytes are.
// The pattern is the one ONNX Runtime fuses into its integer MatMul kernels; only standard ops.
#include <cstddef>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

namespace movierec {

struct Int8QuantizeOptions {
  bool quantize_embedding_tables = true;
  // 127 uses the full int8 range; 63 ("reduce range") keeps u8×s8 pair sums inside int16 for
  // CPUs whose integer dot product instructions saturate (AVX2 without VNNI).
  int weight_max = 127;
  // MatMul weights / tables to leave in float (initializer names containing any of these strings).
  std::vector<std::string> keep_float;
};

struct Int8QuantizeSummary {
  std::size_t matmuls = 0;
  std::size_t gathers = 0;
  std::size_t float_bytes_before = 0;  // bytes of float initializers replaced
  std::size_t int8_bytes_after = 0;    // bytes of the int8 tables and scales replacing them
};

onnx::ModelProto quantize_int8(const onnx::ModelProto& model, const Int8QuantizeOptions& options = {},
                               Int8QuantizeSummary* summary = nullptr);

}  // namespace movierec
