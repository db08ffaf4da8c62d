#include "model/content_projection.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <Eigen/Eigenvalues>

#include "movierec/errors.hpp"

namespace movierec {
namespace {
constexpr const char* kOutput = "sentence_embedding";

onnx::NodeProto& add_node(onnx::GraphProto& graph, const std::string& op, std::initializer_list<std::string> inputs,
                          const std::string& output) {
  onnx::NodeProto& node = *graph.add_node();
  node.set_op_type(op);
  node.set_name("projection/" + op);
  for (const auto& input : inputs) node.add_input(input);
  node.add_output(output);
  return node;
}

void add_floats(onnx::GraphProto& graph, const std::string& name, std::initializer_list<std::int64_t> shape,
                std::span<const float> values) {
  onnx::TensorProto& tensor = *graph.add_initializer();
  tensor.set_name(name);
  tensor.set_data_type(onnx::TensorProto::FLOAT);
  for (const auto d : shape) tensor.add_dims(d);
  tensor.set_raw_data(values.data(), values.size_bytes());
}
}  // namespace

ContentProjection fit_content_projection(std::span<const float> rows, std::size_t from, std::size_t to) {
  if (from == 0 || rows.size() % from != 0) throw InputError("content projection: rows are not whole vectors");
  if (to == 0 || to > from) {
    throw InputError("content projection: the kept dimension must be 1 to " + std::to_string(from) + ", got " +
                     std::to_string(to));
  }
  const std::size_t n = rows.size() / from;
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(from), static_cast<Eigen::Index>(from));
  for (std::size_t r = 0; r < n; ++r) {
    const Eigen::Map<const Eigen::VectorXf> row(rows.data() + r * from, static_cast<Eigen::Index>(from));
    gram.selfadjointView<Eigen::Lower>().rankUpdate(row.cast<double>());
  }
  gram = gram.selfadjointView<Eigen::Lower>();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
  if (solver.info() != Eigen::Success) throw Error("content projection: the eigen decomposition failed");
  // Eigen sorts eigenvalues ascending: the strongest directions are the last columns.
  const auto& values = solver.eigenvalues();
  const auto& vectors = solver.eigenvectors();
  ContentProjection projection;
  projection.from = from;
  projection.to = to;
  projection.basis.assign(from * to, 0.0f);
  const double total = std::max(values.sum(), 1e-30);
  double kept = 0.0;
  for (std::size_t j = 0; j < to; ++j) {
    const auto column = static_cast<Eigen::Index>(from - 1 - j);
    kept += std::max(values(column), 0.0);
    Eigen::Index strongest = 0;
    vectors.col(column).cwiseAbs().maxCoeff(&strongest);
    const double sign = vectors(strongest, column) < 0 ? -1.0 : 1.0;
    for (std::size_t i = 0; i < from; ++i) {
      projection.basis[i * to + j] = static_cast<float>(sign * vectors(static_cast<Eigen::Index>(i), column));
    }
  }
  projection.retained_energy = kept / total;
  return projection;
}

std::vector<float> project_rows(const ContentProjection& projection, std::span<const float> rows) {
  const std::size_t from = projection.from, to = projection.to;
  if (from == 0 || rows.size() % from != 0) throw InputError("content projection: rows are not whole vectors");
  const std::size_t n = rows.size() / from;
  std::vector<float> out(n * to, 0.0f);
  for (std::size_t r = 0; r < n; ++r) {
    float* target = out.data() + r * to;
    for (std::size_t i = 0; i < from; ++i) {
      const float x = rows[r * from + i];
      const float* basis_row = projection.basis.data() + i * to;
      for (std::size_t j = 0; j < to; ++j) target[j] += x * basis_row[j];
    }
    double norm = 0.0;
    for (std::size_t j = 0; j < to; ++j) norm += static_cast<double>(target[j]) * target[j];
    const float scale = norm > 1e-24 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
    for (std::size_t j = 0; j < to; ++j) target[j] *= scale;
  }
  return out;
}

onnx::ModelProto append_projection(onnx::ModelProto model, const ContentProjection& projection) {
  onnx::GraphProto& graph = *model.mutable_graph();
  onnx::NodeProto* producer = nullptr;
  for (auto& node : *graph.mutable_node()) {
    for (auto& output : *node.mutable_output()) {
      if (output == kOutput) producer = &node;
    }
  }
  if (producer == nullptr || graph.output_size() != 1 || graph.output(0).name() != kOutput) {
    throw InputError("content projection: the model has no single sentence_embedding output to project");
  }
  for (auto& output : *producer->mutable_output()) {
    if (output == kOutput) output = "projection/full_embedding";
  }
  const auto from = static_cast<std::int64_t>(projection.from);
  const auto to = static_cast<std::int64_t>(projection.to);
  add_floats(graph, "projection/basis", {from, to}, projection.basis);
  const float norm_min = 1e-12f;
  add_floats(graph, "projection/norm_min", {}, std::span<const float>(&norm_min, 1));
  add_node(graph, "MatMul", {"projection/full_embedding", "projection/basis"}, "projection/projected");
  onnx::NodeProto& norm = add_node(graph, "ReduceL2", {"projection/projected"}, "projection/norm");
  auto* axes = norm.add_attribute();
  axes->set_name("axes");
  axes->set_type(onnx::AttributeProto::INTS);
  axes->add_ints(1);
  auto* keepdims = norm.add_attribute();
  keepdims->set_name("keepdims");
  keepdims->set_type(onnx::AttributeProto::INT);
  keepdims->set_i(1);
  add_node(graph, "Max", {"projection/norm", "projection/norm_min"}, "projection/norm_clamped");
  add_node(graph, "Div", {"projection/projected", "projection/norm_clamped"}, kOutput);
  auto* shape = graph.mutable_output(0)->mutable_type()->mutable_tensor_type()->mutable_shape();
  if (shape->dim_size() == 2) shape->mutable_dim(1)->set_dim_value(to);
  auto& meta = *model.add_metadata_props();
  meta.set_key("content_projection");
  meta.set_value(std::to_string(from) + " -> " + std::to_string(to) + " principal directions (uncentred)");
  return model;
}

}  // namespace movierec
