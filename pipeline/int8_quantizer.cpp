#include "int8_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

struct FloatMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<float> values;
};

// A float 2-D initializer's values, or nothing when the tensor is anything else.
bool read_float_matrix(const onnx::TensorProto& t, FloatMatrix& out) {
  if (t.data_type() != onnx::TensorProto::FLOAT || t.dims_size() != 2 || t.dims(0) <= 0 || t.dims(1) <= 0) return false;
  if (t.has_data_location() && t.data_location() == onnx::TensorProto::EXTERNAL) return false;
  out.rows = static_cast<std::size_t>(t.dims(0));
  out.cols = static_cast<std::size_t>(t.dims(1));
  const std::size_t count = out.rows * out.cols;
  out.values.resize(count);
  if (t.has_raw_data()) {
    if (t.raw_data().size() != count * sizeof(float)) {
      throw ArtifactError("ONNX initializer \"" + t.name() + "\": raw_data holds " + std::to_string(t.raw_data().size()) +
                          " bytes, its shape needs " + std::to_string(count * sizeof(float)));
    }
    std::memcpy(out.values.data(), t.raw_data().data(), count * sizeof(float));
  } else {
    if (static_cast<std::size_t>(t.float_data_size()) != count) {
      throw ArtifactError("ONNX initializer \"" + t.name() + "\": float_data holds " + std::to_string(t.float_data_size()) +
                          " values, its shape needs " + std::to_string(count));
    }
    std::copy(t.float_data().begin(), t.float_data().end(), out.values.begin());
  }
  return true;
}

void add_tensor(onnx::GraphProto& g, const std::string& name, int type, std::vector<std::int64_t> dims,
                const void* data, std::size_t bytes) {
  onnx::TensorProto& t = *g.add_initializer();
  t.set_name(name);
  t.set_data_type(type);
  for (auto d : dims) t.add_dims(d);
  t.set_raw_data(data, bytes);
}

std::int8_t quantize_value(float value, float scale, int weight_max) {
  const float q = std::nearbyint(value / scale);
  return static_cast<std::int8_t>(std::clamp(q, static_cast<float>(-weight_max), static_cast<float>(weight_max)));
}

onnx::NodeProto& add_node(onnx::GraphProto& g, const std::string& op, const std::string& name,
                          std::initializer_list<std::string> inputs, std::initializer_list<std::string> outputs) {
  onnx::NodeProto& n = *g.add_node();
  n.set_op_type(op);
  n.set_name(name);
  for (const auto& i : inputs) n.add_input(i);
  for (const auto& o : outputs) n.add_output(o);
  return n;
}

void set_cast_to_float(onnx::NodeProto& n) {
  auto& a = *n.add_attribute();
  a.set_name("to");
  a.set_type(onnx::AttributeProto::INT);
  a.set_i(onnx::TensorProto::FLOAT);
}

std::int64_t gather_axis(const onnx::NodeProto& n) {
  for (const auto& a : n.attribute()) {
    if (a.name() == "axis") return a.i();
  }
  return 0;
}

}  // namespace

onnx::ModelProto quantize_int8(const onnx::ModelProto& model, const Int8QuantizeOptions& options,
                               Int8QuantizeSummary* summary) {
  if (options.weight_max < 1 || options.weight_max > 127) {
    throw InputError("int8 quantization: weight_max must be in 1..127, got " + std::to_string(options.weight_max));
  }
  for (const auto& opset : model.opset_import()) {
    // DynamicQuantizeLinear and MatMulInteger exist from opset 11, Cast(int8→float) from 6.
    if (opset.domain().empty() && opset.version() < 11) {
      throw InputError("int8 quantization needs ONNX opset 11 or newer, the model uses " + std::to_string(opset.version()));
    }
  }
  const onnx::GraphProto& source = model.graph();
  std::map<std::string, const onnx::TensorProto*> initializers;
  for (const auto& t : source.initializer()) initializers[t.name()] = &t;

  onnx::ModelProto result = model;
  onnx::GraphProto& graph = *result.mutable_graph();
  graph.clear_node();

  Int8QuantizeSummary counts;
  std::map<std::string, std::string> quantized_activation;  // activation → its DynamicQuantizeLinear prefix
  std::set<std::string> quantized_weights;                   // initializers already turned into int8
  FloatMatrix matrix;

  for (const onnx::NodeProto& node : source.node()) {
    const bool is_matmul = node.op_type() == "MatMul" && node.domain().empty() && node.input_size() == 2;
    const bool is_gather = options.quantize_embedding_tables && node.op_type() == "Gather" && node.domain().empty() &&
                           node.input_size() == 2 && gather_axis(node) == 0;
    const std::string weight_name = is_matmul ? node.input(1) : is_gather ? node.input(0) : std::string();
    const auto found = initializers.find(weight_name);
    const bool kept = std::any_of(options.keep_float.begin(), options.keep_float.end(), [&](const std::string& pattern) {
      return weight_name.find(pattern) != std::string::npos;
    });
    if (weight_name.empty() || kept || found == initializers.end() || !read_float_matrix(*found->second, matrix)) {
      *graph.add_node() = node;
      continue;
    }
    const std::string q_name = weight_name + "_quantized";
    const std::string scale_name = weight_name + "_scale";
    const bool first_use = quantized_weights.insert(weight_name).second;

    if (is_matmul) {
      // B [K, N]: one symmetric scale per output column n.
      const std::size_t k = matrix.rows;
      const std::size_t n = matrix.cols;
      const std::string zp_name = weight_name + "_zero_point";
      if (first_use) {
        std::vector<float> scales(n, 0.0f);
        for (std::size_t r = 0; r < k; ++r) {
          for (std::size_t c = 0; c < n; ++c) scales[c] = std::max(scales[c], std::fabs(matrix.values[r * n + c]));
        }
        for (auto& s : scales) s = s > 0.0f ? s / static_cast<float>(options.weight_max) : 1.0f;
        std::vector<std::int8_t> q(k * n);
        for (std::size_t r = 0; r < k; ++r) {
          for (std::size_t c = 0; c < n; ++c) q[r * n + c] = quantize_value(matrix.values[r * n + c], scales[c], options.weight_max);
        }
        const std::vector<std::int8_t> zero_points(n, 0);
        const auto kk = static_cast<std::int64_t>(k);
        const auto nn = static_cast<std::int64_t>(n);
        add_tensor(graph, q_name, onnx::TensorProto::INT8, {kk, nn}, q.data(), q.size());
        add_tensor(graph, scale_name, onnx::TensorProto::FLOAT, {nn}, scales.data(), n * sizeof(float));
        add_tensor(graph, zp_name, onnx::TensorProto::INT8, {nn}, zero_points.data(), n);
        counts.float_bytes_before += k * n * sizeof(float);
        counts.int8_bytes_after += k * n + n * sizeof(float) + n;
      }
      const std::string& activation = node.input(0);
      auto [it, inserted] = quantized_activation.emplace(activation, activation + "_quantized");
      const std::string& aq = it->second;
      if (inserted) {
        add_node(graph, "DynamicQuantizeLinear", aq + "/DynamicQuantizeLinear", {activation},
                 {aq, aq + "_scale", aq + "_zero_point"});
      }
      const std::string base = node.name().empty() ? node.output(0) : node.name();
      const std::string product = base + "/MatMulInteger";
      const std::string as_float = base + "/Cast";
      const std::string scale = base + "/scale";
      add_node(graph, "MatMulInteger", product, {aq, q_name, aq + "_zero_point", zp_name}, {product});
      set_cast_to_float(add_node(graph, "Cast", as_float, {product}, {as_float}));
      add_node(graph, "Mul", scale, {aq + "_scale", scale_name}, {scale});
      add_node(graph, "Mul", base + "/dequantized", {as_float, scale}, {node.output(0)});
      ++counts.matmuls;
    } else {
      // Table [V, H]: one symmetric scale per row, stored [V, 1] so the gathered scales broadcast.
      const std::size_t rows = matrix.rows;
      const std::size_t cols = matrix.cols;
      if (first_use) {
        std::vector<float> scales(rows, 0.0f);
        std::vector<std::int8_t> q(rows * cols);
        for (std::size_t r = 0; r < rows; ++r) {
          float peak = 0.0f;
          for (std::size_t c = 0; c < cols; ++c) peak = std::max(peak, std::fabs(matrix.values[r * cols + c]));
          scales[r] = peak > 0.0f ? peak / 127.0f : 1.0f;
          for (std::size_t c = 0; c < cols; ++c) q[r * cols + c] = quantize_value(matrix.values[r * cols + c], scales[r], 127);
        }
        const auto vv = static_cast<std::int64_t>(rows);
        add_tensor(graph, q_name, onnx::TensorProto::INT8, {vv, static_cast<std::int64_t>(cols)}, q.data(), q.size());
        add_tensor(graph, scale_name, onnx::TensorProto::FLOAT, {vv, 1}, scales.data(), rows * sizeof(float));
        counts.float_bytes_before += rows * cols * sizeof(float);
        counts.int8_bytes_after += rows * cols + rows * sizeof(float);
      }
      const std::string base = node.name().empty() ? node.output(0) : node.name();
      const std::string rows_q = base + "/rows_quantized";
      const std::string rows_scale = base + "/rows_scale";
      const std::string as_float = base + "/Cast";
      add_node(graph, "Gather", rows_q, {q_name, node.input(1)}, {rows_q});
      add_node(graph, "Gather", rows_scale, {scale_name, node.input(1)}, {rows_scale});
      set_cast_to_float(add_node(graph, "Cast", as_float, {rows_q}, {as_float}));
      add_node(graph, "Mul", base + "/dequantized", {as_float, rows_scale}, {node.output(0)});
      ++counts.gathers;
    }
  }

  // Drop the float initializers nothing reads any more.
  std::set<std::string> used;
  for (const auto& n : graph.node()) {
    for (const auto& input : n.input()) used.insert(input);
  }
  for (const auto& output : graph.output()) used.insert(output.name());
  auto* inits = graph.mutable_initializer();
  inits->erase(std::remove_if(inits->begin(), inits->end(), [&](const onnx::TensorProto& t) { return !used.count(t.name()); }),
               inits->end());

  auto& prop = *result.add_metadata_props();
  prop.set_key("quantization");
  prop.set_value("int8 dynamic: MatMul weights symmetric per column (max " + std::to_string(options.weight_max) +
                 ")" + (counts.gathers ? ", embedding tables symmetric per row" : ""));
  if (summary != nullptr) *summary = counts;
  return result;
}

}  // namespace movierec
