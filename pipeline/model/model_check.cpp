#include "model/model_check.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <faiss/IndexFlat.h>
#include <iomanip>
#include <fstream>
#include <nlohmann/json.hpp>
#include <onnx/checker.h>
#include <set>
#include <sstream>

#include "model/bert_config.hpp"
#include "model/bert_graph_builder.hpp"
#include "model/int8_quantizer.hpp"
#include "model/safetensors_reader.hpp"
#include "model/sentence_encoder.hpp"
#include "movierec/errors.hpp"
#include "movierec/wordpiece_tokenizer.hpp"

namespace movierec {
namespace {

using FaissId = faiss::Index::idx_t;  // faiss::idx_t only from FAISS 1.7.4

struct ReferenceSentence {
  std::string text;
  std::vector<std::int32_t> input_ids;
  std::vector<float> embedding;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<ReferenceSentence> read_reference(const std::filesystem::path& path, std::size_t dimension) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(read_file(path));
    std::vector<ReferenceSentence> sentences;
    for (const auto& item : doc.at("sentences")) {
      ReferenceSentence s{item.at("text").get<std::string>(), item.at("input_ids").get<std::vector<std::int32_t>>(),
                          item.at("embedding").get<std::vector<float>>()};
      if (s.embedding.size() != dimension) {
        throw ArtifactError(path.string() + ": sentence \"" + s.text + "\" has a " + std::to_string(s.embedding.size()) +
                            "-dimensional embedding, the model gives " + std::to_string(dimension));
      }
      sentences.push_back(std::move(s));
    }
    if (sentences.empty()) throw ArtifactError(path.string() + ": no sentences");
    return sentences;
  } catch (const nlohmann::json::exception& e) {
    throw ArtifactError(path.string() + ": " + e.what());
  }
}

double cosine(const float* a, const float* b, std::size_t dim) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < dim; ++i) {
    dot += double(a[i]) * b[i];
    na += double(a[i]) * a[i];
    nb += double(b[i]) * b[i];
  }
  return dot / std::max(std::sqrt(na * nb), 1e-30);
}

// Exact top-k neighbours of every row among all rows (self excluded), by inner product.
std::vector<std::vector<FaissId>> neighbours(const std::vector<float>& vectors, std::size_t dim, std::size_t k) {
  const std::size_t n = vectors.size() / dim;
  faiss::IndexFlatIP index(static_cast<FaissId>(dim));
  index.add(static_cast<FaissId>(n), vectors.data());
  const std::size_t kk = std::min(k + 1, n);
  std::vector<float> scores(n * kk);
  std::vector<FaissId> labels(n * kk);
  index.search(static_cast<FaissId>(n), vectors.data(), static_cast<FaissId>(kk), scores.data(), labels.data());
  std::vector<std::vector<FaissId>> result(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < kk && result[i].size() < k; ++j) {
      if (labels[i * kk + j] != static_cast<FaissId>(i)) result[i].push_back(labels[i * kk + j]);
    }
  }
  return result;
}

std::string fixed(double value, int digits) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(digits) << value;
  return text.str();
}

std::string megabytes(std::size_t bytes) { return fixed(double(bytes) / 1e6, 1) + " MB (" + std::to_string(bytes) + " bytes)"; }

}  // namespace

int check_model(const ModelCheckInputs& inputs, std::ostream& out, const ModelCheckBars& bars) {
  using Clock = std::chrono::steady_clock;
  bool pass = true;
  auto verdict = [&](bool ok) {
    pass = pass && ok;
    return ok ? "ok" : "FAIL";
  };

  const BertConfig config = read_bert_config(inputs.model_dir);
  const WordPieceTokenizer tokenizer(read_file(inputs.model_dir / "vocab.txt"), config.do_lower_case, config.max_seq_length);

  // The catalog's token ids, also the calibration source for the int8 smoothing.
  std::vector<std::vector<std::int32_t>> catalog_ids;
  for (const auto& text : inputs.catalog_texts) catalog_ids.push_back(tokenizer.encode(text));

  // 1. Build, check, calibrate and quantize: the same steps as the artifact build.
  auto t0 = Clock::now();
  onnx::ModelProto fp32_model = build_bert_graph_from_dir(inputs.model_dir);
  onnx::checker::check_model(fp32_model);
  const std::string fp32_bytes = serialize_model(fp32_model);
  const double build_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  std::string int8_bytes;
  std::string int8_description = "from " + inputs.int8_model.string();
  if (inputs.int8_model.empty()) {
    t0 = Clock::now();
    const auto calibration = calibration_sample(catalog_ids);
    Int8QuantizeOptions options;
    if (!calibration.empty()) options.peaks = measure_activation_peaks(fp32_model, calibration);
    Int8QuantizeSummary summary;
    const onnx::ModelProto int8_model = quantize_int8(fp32_model, options, &summary);
    onnx::checker::check_model(int8_model);
    int8_bytes = serialize_model(int8_model);
    int8_description = std::to_string(summary.matmuls) + " MatMuls, " + std::to_string(summary.smoothed_activations) +
                       " smoothed activations (calibrated on " + std::to_string(calibration.size()) + " catalog texts), " +
                       std::to_string(summary.gathers) + " embedding table; quantized in " +
                       fixed(std::chrono::duration<double>(Clock::now() - t0).count(), 1) + " s";
  } else {
    int8_bytes = read_file(inputs.int8_model);
  }
  fp32_model.Clear();
  out << "model: " << config.num_hidden_layers << " layers, hidden " << config.hidden_size << ", "
      << config.num_attention_heads << " heads, vocab " << config.vocab_size << ", max_seq_length "
      << config.max_seq_length << ", lower case " << (config.do_lower_case ? "yes" : "no") << "\n"
      << "fp32 graph built and checked in " << fixed(build_seconds, 1) << " s: " << megabytes(fp32_bytes.size()) << "\n"
      << "int8 graph: " << megabytes(int8_bytes.size()) << ", " << int8_description << "\n";

  SentenceEncoder::Options options;
  options.batch_size = inputs.batch_size;
  const SentenceEncoder fp32(as_bytes(fp32_bytes), options);
  const SentenceEncoder int8(as_bytes(int8_bytes), options);
  const std::size_t dim = fp32.dimension();
  if (int8.dimension() != dim) throw ArtifactError("int8 model dimension differs from the fp32 graph");

  // 2. Reference fixture.
  const auto reference = read_reference(inputs.reference_fixture, dim);
  std::vector<std::vector<std::int32_t>> reference_ids;
  std::vector<std::vector<std::int32_t>> our_ids;
  for (const auto& s : reference) {
    reference_ids.push_back(s.input_ids);
    our_ids.push_back(tokenizer.encode(s.text));
  }
  const auto graph_vectors = fp32.encode(reference_ids);
  const auto e2e_vectors = fp32.encode(our_ids);
  const auto int8_reference_vectors = int8.encode(our_ids);
  out << "\nfp32 graph vs sentence-transformers (" << reference.size() << " sentences, bar: every cosine >= "
      << bars.reference_cosine_min << ")\n"
      << "  graph    end2end  int8     tokens  text\n";
  double graph_min = 1, e2e_min = 1, int8_ref_min = 1;
  std::size_t token_mismatches = 0;
  for (std::size_t i = 0; i < reference.size(); ++i) {
    const double g = cosine(graph_vectors.data() + i * dim, reference[i].embedding.data(), dim);
    const double e = cosine(e2e_vectors.data() + i * dim, reference[i].embedding.data(), dim);
    const double q = cosine(int8_reference_vectors.data() + i * dim, reference[i].embedding.data(), dim);
    const bool same_tokens = our_ids[i] == reference_ids[i];
    token_mismatches += same_tokens ? 0 : 1;
    graph_min = std::min(graph_min, g);
    e2e_min = std::min(e2e_min, e);
    int8_ref_min = std::min(int8_ref_min, q);
    out << "  " << fixed(g, 6) << " " << fixed(e, 6) << " " << fixed(q, 5) << "  " << std::setw(4) << our_ids[i].size()
        << (same_tokens ? " " : "*") << "  " << reference[i].text.substr(0, 60) << "\n";
  }
  out << "  min graph cosine      " << fixed(graph_min, 6) << "  " << verdict(graph_min >= bars.reference_cosine_min) << "\n"
      << "  min end-to-end cosine " << fixed(e2e_min, 6) << "  " << verdict(e2e_min >= bars.reference_cosine_min)
      << "  (our tokenizer differs from the reference on " << token_mismatches << " sentences, marked *)\n"
      << "  min int8 cosine       " << fixed(int8_ref_min, 5) << "  (information)\n";

  // 3. Catalog texts: int8 vs fp32, throughput, neighbours.
  if (catalog_ids.empty()) {
    out << "\nno catalog texts given: using the reference sentences\n";
    catalog_ids = our_ids;
  }
  std::size_t tokens = 0;
  for (const auto& ids : catalog_ids) tokens += ids.size();
  const std::size_t n = catalog_ids.size();

  t0 = Clock::now();
  const auto fp32_vectors = fp32.encode(catalog_ids);
  const double fp32_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  t0 = Clock::now();
  const auto int8_vectors = int8.encode(catalog_ids);
  const double int8_seconds = std::chrono::duration<double>(Clock::now() - t0).count();

  double sum = 0, worst = 1;
  std::size_t worst_index = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double c = cosine(int8_vectors.data() + i * dim, fp32_vectors.data() + i * dim, dim);
    sum += c;
    if (c < worst) worst = c, worst_index = i;
  }
  const double mean = sum / double(n);
  out << "\ncatalog: " << n << " texts, " << fixed(double(tokens) / double(n), 1) << " tokens on average, batch size "
      << inputs.batch_size << "\n"
      << "  encode fp32: " << fixed(fp32_seconds, 1) << " s, " << fixed(double(n) / fp32_seconds, 0) << " texts/s\n"
      << "  encode int8: " << fixed(int8_seconds, 1) << " s, " << fixed(double(n) / int8_seconds, 0) << " texts/s\n"
      << "  int8 vs fp32 cosine mean " << fixed(mean, 5) << " (bar " << bars.int8_cosine_mean << ")  "
      << verdict(mean >= bars.int8_cosine_mean) << "\n"
      << "  int8 vs fp32 cosine min  " << fixed(worst, 5) << " (bar " << bars.int8_cosine_min << ")  "
      << verdict(worst >= bars.int8_cosine_min) << "  worst: \""
      << (inputs.catalog_texts.empty() ? reference[worst_index].text : inputs.catalog_texts[worst_index]) << "\"\n";

  const auto fp32_neighbours = neighbours(fp32_vectors, dim, bars.neighbours);
  const auto int8_neighbours = neighbours(int8_vectors, dim, bars.neighbours);
  double overlap_sum = 0, overlap_min = 1;
  for (std::size_t i = 0; i < n; ++i) {
    const std::set<FaissId> expected(fp32_neighbours[i].begin(), fp32_neighbours[i].end());
    std::size_t shared = 0;
    for (auto j : int8_neighbours[i]) shared += expected.count(j);
    const double overlap = expected.empty() ? 1.0 : double(shared) / double(expected.size());
    overlap_sum += overlap;
    overlap_min = std::min(overlap_min, overlap);
  }
  const double overlap_mean = overlap_sum / double(n);
  out << "  top-" << bars.neighbours << " neighbour overlap int8 vs fp32: mean " << fixed(overlap_mean, 4) << " (bar "
      << bars.neighbour_overlap_mean << ")  " << verdict(overlap_mean >= bars.neighbour_overlap_mean) << ", min "
      << fixed(overlap_min, 2) << "\n"
      << (pass ? "\ncheck-model: all figures meet their bars\n" : "\ncheck-model: FAILED\n");
  return pass ? 0 : 1;
}

}  // namespace movierec
