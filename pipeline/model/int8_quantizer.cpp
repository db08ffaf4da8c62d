#include "model/int8_quantizer.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <onnxruntime_cxx_api.h>
#include <set>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

struct FloatMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<float> values;
};

// A float 2-D initializer's values; false when the tensor is anything else.
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

void add_tensor(onnx::GraphProto& g, const std::string& name, int type, const std::vector<std::int64_t>& dims,
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

void set_int(onnx::NodeProto& n, const char* name, std::int64_t value) {
  auto& a = *n.add_attribute();
  a.set_name(name);
  a.set_type(onnx::AttributeProto::INT);
  a.set_i(value);
}

std::int64_t gather_axis(const onnx::NodeProto& n) {
  for (const auto& a : n.attribute()) {
    if (a.name() == "axis") return a.i();
  }
  return 0;
}

bool kept_float(const Int8QuantizeOptions& options, const std::string& name) {
  return std::any_of(options.keep_float.begin(), options.keep_float.end(),
                     [&](const std::string& pattern) { return name.find(pattern) != std::string::npos; });
}

// The MatMuls the quantizer rewrites: B a float 2-D initializer not kept in float.
struct WeightMatMul {
  const onnx::NodeProto* node;
  const onnx::TensorProto* weight;
};

std::vector<WeightMatMul> weight_matmuls(const onnx::ModelProto& model, const Int8QuantizeOptions& options) {
  std::map<std::string, const onnx::TensorProto*> initializers;
  for (const auto& t : model.graph().initializer()) initializers[t.name()] = &t;
  std::vector<WeightMatMul> result;
  for (const auto& node : model.graph().node()) {
    if (node.op_type() != "MatMul" || !node.domain().empty() || node.input_size() != 2) continue;
    const auto found = initializers.find(node.input(1));
    if (found == initializers.end() || kept_float(options, found->first)) continue;
    const onnx::TensorProto& t = *found->second;
    if (t.data_type() != onnx::TensorProto::FLOAT || t.dims_size() != 2) continue;
    result.push_back({&node, &t});
  }
  return result;
}

// Writes the per-token quantization of `activation` (see ActivationQuantization::per_token).
void add_per_token_quantization(onnx::GraphProto& graph, const std::string& activation, const std::string& aq) {
  const std::string abs = aq + "/Abs";
  const std::string peak = aq + "/ReduceMax";
  const std::string raw_scale = aq + "/raw_scale";
  const std::string divided = aq + "/Div";
  const std::string rounded = aq + "/Round";
  const std::string shifted = aq + "/shifted";
  add_node(graph, "Abs", abs, {activation}, {abs});
  auto& reduce = add_node(graph, "ReduceMax", peak, {abs}, {peak});
  auto& axes = *reduce.add_attribute();
  axes.set_name("axes");
  axes.set_type(onnx::AttributeProto::INTS);
  axes.add_ints(-1);
  set_int(reduce, "keepdims", 1);
  add_node(graph, "Mul", raw_scale, {peak, "int8/inverse_127"}, {raw_scale});
  add_node(graph, "Max", aq + "_scale", {raw_scale, "int8/smallest_scale"}, {aq + "_scale"});
  add_node(graph, "Div", divided, {activation, aq + "_scale"}, {divided});
  add_node(graph, "Round", rounded, {divided}, {rounded});
  // |x / s| ≤ 127, so x / s + 128 lies in [1, 255]: no clipping needed before the uint8 Cast.
  add_node(graph, "Add", shifted, {rounded, "int8/offset_128"}, {shifted});
  set_int(add_node(graph, "Cast", aq + "/Cast", {shifted}, {aq}), "to", onnx::TensorProto::UINT8);
}

Ort::Env& calibration_env() {
  static Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "movierec-calibration");
  return env;
}

}  // namespace

onnx::ModelProto quantize_int8(const onnx::ModelProto& model, const Int8QuantizeOptions& options,
                               Int8QuantizeSummary* summary) {
  if (options.weight_max < 1 || options.weight_max > 127) {
    throw InputError("int8 quantization: weight_max must be in 1..127, got " + std::to_string(options.weight_max));
  }
  if (!(options.smoothing_alpha >= 0.0f && options.smoothing_alpha <= 1.0f)) {
    throw InputError("int8 quantization: smoothing_alpha must be in [0, 1]");
  }
  for (const auto& opset : model.opset_import()) {
    // DynamicQuantizeLinear, MatMulInteger and Round exist from opset 11.
    if (opset.domain().empty() && opset.version() < 11) {
      throw InputError("int8 quantization needs ONNX opset 11 or newer, the model uses " + std::to_string(opset.version()));
    }
  }
  const onnx::GraphProto& source = model.graph();
  std::map<std::string, const onnx::TensorProto*> initializers;
  for (const auto& t : source.initializer()) initializers[t.name()] = &t;

  // Smoothing factors per activation, shared by every weight that activation multiplies. An activation
  // is smoothed only when all its weights are read by nothing else (scaling a shared weight's rows
  // would be wrong for its other inputs).
  std::map<std::string, std::vector<std::string>> weights_of;  // activation → weights
  std::map<std::string, std::set<std::string>> activations_of;  // weight → activations
  for (const auto& m : weight_matmuls(model, options)) {
    weights_of[m.node->input(0)].push_back(m.weight->name());
    activations_of[m.weight->name()].insert(m.node->input(0));
  }
  std::map<std::string, std::vector<float>> smoothing;  // activation → s_k
  FloatMatrix matrix;
  if (!options.peaks.empty() && options.activations == ActivationQuantization::per_token) {
    for (const auto& [activation, weights] : weights_of) {
      const auto peaks = options.peaks.find(activation);
      if (peaks == options.peaks.end()) continue;
      const bool exclusive = std::all_of(weights.begin(), weights.end(),
                                         [&](const std::string& w) { return activations_of[w].size() == 1; });
      if (!exclusive) continue;
      std::vector<float> weight_peaks(peaks->second.size(), 0.0f);
      bool shapes_match = true;
      for (const auto& w : weights) {
        if (!read_float_matrix(*initializers.at(w), matrix) || matrix.rows != weight_peaks.size()) {
          shapes_match = false;
          break;
        }
        for (std::size_t r = 0; r < matrix.rows; ++r) {
          for (std::size_t c = 0; c < matrix.cols; ++c) {
            weight_peaks[r] = std::max(weight_peaks[r], std::fabs(matrix.values[r * matrix.cols + c]));
          }
        }
      }
      if (!shapes_match) {
        throw InputError("int8 quantization: activation peaks for \"" + activation + "\" have " +
                         std::to_string(peaks->second.size()) + " channels, its weights do not");
      }
      std::vector<float> s(weight_peaks.size());
      for (std::size_t k = 0; k < s.size(); ++k) {
        const double a = peaks->second[k];
        const double w = weight_peaks[k];
        const double factor = a > 0 && w > 0 ? std::pow(a, options.smoothing_alpha) / std::pow(w, 1.0 - options.smoothing_alpha) : 1.0;
        s[k] = static_cast<float>(std::clamp(factor, 1e-5, 1e5));
      }
      smoothing[activation] = std::move(s);
    }
  }

  onnx::ModelProto result = model;
  onnx::GraphProto& graph = *result.mutable_graph();
  graph.clear_node();
  if (options.activations == ActivationQuantization::per_token && !weights_of.empty()) {
    const float inv127 = 1.0f / 127.0f;
    const float tiny = 1e-30f;  // an all-zero row quantizes to zeros instead of dividing by zero
    const float offset = 128.0f;
    const std::uint8_t zero_point = 128;
    add_tensor(graph, "int8/inverse_127", onnx::TensorProto::FLOAT, {}, &inv127, sizeof inv127);
    add_tensor(graph, "int8/smallest_scale", onnx::TensorProto::FLOAT, {}, &tiny, sizeof tiny);
    add_tensor(graph, "int8/offset_128", onnx::TensorProto::FLOAT, {}, &offset, sizeof offset);
    add_tensor(graph, "int8/zero_point_128", onnx::TensorProto::UINT8, {}, &zero_point, 1);
  }

  Int8QuantizeSummary counts;
  std::set<std::string> quantized_activations;
  std::set<std::string> quantized_weights;

  for (const onnx::NodeProto& node : source.node()) {
    const bool is_matmul = node.op_type() == "MatMul" && node.domain().empty() && node.input_size() == 2 &&
                           weights_of.count(node.input(0)) &&
                           std::count(weights_of[node.input(0)].begin(), weights_of[node.input(0)].end(), node.input(1));
    const bool is_gather = options.quantize_embedding_tables && node.op_type() == "Gather" && node.domain().empty() &&
                           node.input_size() == 2 && gather_axis(node) == 0 && initializers.count(node.input(0)) &&
                           !kept_float(options, node.input(0));
    if ((!is_matmul && !is_gather) || !read_float_matrix(*initializers.at(node.input(is_matmul ? 1 : 0)), matrix)) {
      *graph.add_node() = node;
      continue;
    }
    const std::string& weight_name = node.input(is_matmul ? 1 : 0);
    const std::string q_name = weight_name + "_quantized";
    const std::string scale_name = weight_name + "_scale";
    const bool first_use = quantized_weights.insert(weight_name).second;
    const std::string base = node.name().empty() ? node.output(0) : node.name();
    const std::string as_float = base + "/Cast";

    if (is_matmul) {
      const std::string& activation = node.input(0);
      const auto smooth = smoothing.find(activation);
      const std::size_t k = matrix.rows;
      const std::size_t n = matrix.cols;
      const std::string zp_name = weight_name + "_zero_point";
      if (first_use) {
        if (smooth != smoothing.end()) {
          for (std::size_t r = 0; r < k; ++r) {
            for (std::size_t c = 0; c < n; ++c) matrix.values[r * n + c] *= smooth->second[r];
          }
        }
        // B [K, N]: one symmetric scale per output column.
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

      const std::string aq = activation + "_quantized";
      const std::string product = base + "/MatMulInteger";
      if (options.activations == ActivationQuantization::per_tensor) {
        if (quantized_activations.insert(activation).second) {
          add_node(graph, "DynamicQuantizeLinear", aq + "/DynamicQuantizeLinear", {activation},
                   {aq, aq + "_scale", aq + "_zero_point"});
        }
        const std::string scale = base + "/scale";
        add_node(graph, "MatMulInteger", product, {aq, q_name, aq + "_zero_point", zp_name}, {product});
        set_int(add_node(graph, "Cast", as_float, {product}, {as_float}), "to", onnx::TensorProto::FLOAT);
        add_node(graph, "Mul", scale, {aq + "_scale", scale_name}, {scale});
        add_node(graph, "Mul", base + "/dequantized", {as_float, scale}, {node.output(0)});
      } else {
        if (quantized_activations.insert(activation).second) {
          std::string input = activation;
          if (smooth != smoothing.end()) {
            std::vector<float> inverse(smooth->second.size());
            for (std::size_t i = 0; i < inverse.size(); ++i) inverse[i] = 1.0f / smooth->second[i];
            const std::string inverse_name = activation + "_smoothing";
            add_tensor(graph, inverse_name, onnx::TensorProto::FLOAT, {static_cast<std::int64_t>(inverse.size())},
                       inverse.data(), inverse.size() * sizeof(float));
            input = activation + "_smoothed";
            add_node(graph, "Mul", input, {activation, inverse_name}, {input});
            ++counts.smoothed_activations;
          }
          add_per_token_quantization(graph, input, aq);
        }
        const std::string column_scaled = base + "/column_scaled";
        add_node(graph, "MatMulInteger", product, {aq, q_name, "int8/zero_point_128", zp_name}, {product});
        set_int(add_node(graph, "Cast", as_float, {product}, {as_float}), "to", onnx::TensorProto::FLOAT);
        add_node(graph, "Mul", column_scaled, {as_float, scale_name}, {column_scaled});
        add_node(graph, "Mul", base + "/dequantized", {column_scaled, aq + "_scale"}, {node.output(0)});
      }
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
      const std::string rows_q = base + "/rows_quantized";
      const std::string rows_scale = base + "/rows_scale";
      add_node(graph, "Gather", rows_q, {q_name, node.input(1)}, {rows_q});
      add_node(graph, "Gather", rows_scale, {scale_name, node.input(1)}, {rows_scale});
      set_int(add_node(graph, "Cast", as_float, {rows_q}, {as_float}), "to", onnx::TensorProto::FLOAT);
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

  std::string description = "int8: MatMul weights symmetric per column (max " + std::to_string(options.weight_max) + ")";
  description += options.activations == ActivationQuantization::per_token ? ", activations symmetric per token"
                                                                          : ", activations per tensor";
  if (counts.smoothed_activations) description += ", SmoothQuant alpha " + std::to_string(options.smoothing_alpha).substr(0, 4);
  if (counts.gathers) description += ", embedding tables symmetric per row";
  auto& prop = *result.add_metadata_props();
  prop.set_key("quantization");
  prop.set_value(description);
  if (summary != nullptr) *summary = counts;
  return result;
}

ActivationPeaks measure_activation_peaks(const onnx::ModelProto& model,
                                         const std::vector<std::vector<std::int32_t>>& token_ids, std::size_t batch_size) {
  if (batch_size == 0) throw InputError("activation calibration: batch size must be at least 1");
  // Expose every activation a weight MatMul reads as an extra graph output.
  onnx::ModelProto probe = model;
  std::vector<std::string> names;
  for (const auto& m : weight_matmuls(model, Int8QuantizeOptions{})) {
    if (std::find(names.begin(), names.end(), m.node->input(0)) == names.end()) names.push_back(m.node->input(0));
  }
  for (const auto& name : names) {
    auto& output = *probe.mutable_graph()->add_output();
    output.set_name(name);
    output.mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  }
  std::string bytes;
  if (!probe.SerializeToString(&bytes)) throw ArtifactError("activation calibration: cannot serialise the model");

  ActivationPeaks peaks;
  try {
    Ort::SessionOptions so;
    so.SetIntraOpNumThreads(2);
    so.AddConfigEntry("session.intra_op.allow_spinning", "0");
    Ort::Session session(calibration_env(), bytes.data(), bytes.size(), so);
    std::vector<const char*> output_names;
    for (const auto& name : names) output_names.push_back(name.c_str());
    const char* input_names[] = {"input_ids", "attention_mask"};
    const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);

    std::vector<std::size_t> order(token_ids.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return token_ids[a].size() > token_ids[b].size(); });
    std::vector<std::int64_t> ids, mask;
    for (std::size_t start = 0; start < order.size(); start += batch_size) {
      const std::size_t batch = std::min(batch_size, order.size() - start);
      const std::size_t length = token_ids[order[start]].size();
      if (length == 0) throw InputError("activation calibration: a sequence has no tokens");
      ids.assign(batch * length, 0);
      mask.assign(batch * length, 0);
      for (std::size_t b = 0; b < batch; ++b) {
        const auto& row = token_ids[order[start + b]];
        if (row.empty()) throw InputError("activation calibration: a sequence has no tokens");
        std::copy(row.begin(), row.end(), ids.begin() + static_cast<std::ptrdiff_t>(b * length));
        std::fill_n(mask.begin() + static_cast<std::ptrdiff_t>(b * length), row.size(), 1);
      }
      const std::int64_t shape[] = {static_cast<std::int64_t>(batch), static_cast<std::int64_t>(length)};
      Ort::Value inputs[] = {Ort::Value::CreateTensor<std::int64_t>(memory, ids.data(), ids.size(), shape, 2),
                             Ort::Value::CreateTensor<std::int64_t>(memory, mask.data(), mask.size(), shape, 2)};
      auto outputs = session.Run(Ort::RunOptions{nullptr}, input_names, inputs, 2, output_names.data(), output_names.size());
      for (std::size_t o = 0; o < names.size(); ++o) {
        const auto out_shape = outputs[o].GetTensorTypeAndShapeInfo().GetShape();
        if (out_shape.empty() || out_shape.back() <= 0) continue;
        const auto channels = static_cast<std::size_t>(out_shape.back());
        const std::size_t total = outputs[o].GetTensorTypeAndShapeInfo().GetElementCount();
        const std::size_t rows = total / channels;
        // [batch, sequence, channels] rows line up with the mask; any other layout counts every row.
        const bool aligned = rows == batch * length;
        auto& peak = peaks[names[o]];
        peak.resize(channels, 0.0f);
        const float* values = outputs[o].GetTensorData<float>();
        for (std::size_t r = 0; r < rows; ++r) {
          if (aligned && mask[r] == 0) continue;
          for (std::size_t c = 0; c < channels; ++c) peak[c] = std::max(peak[c], std::fabs(values[r * channels + c]));
        }
      }
    }
  } catch (const Ort::Exception& e) {
    throw InputError(std::string("activation calibration: ONNX Runtime: ") + e.what());
  }
  return peaks;
}

std::vector<std::vector<std::int32_t>> calibration_sample(const std::vector<std::vector<std::int32_t>>& token_ids,
                                                         std::size_t count) {
  if (count == 0 || token_ids.size() <= count) return token_ids;
  std::vector<std::vector<std::int32_t>> sample;
  sample.reserve(count);
  for (std::size_t i = 0; i < count; ++i) sample.push_back(token_ids[i * token_ids.size() / count]);
  return sample;
}

}  // namespace movierec
