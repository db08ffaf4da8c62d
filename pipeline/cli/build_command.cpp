#include "cli/build_command.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <optional>

#include "artifacts/artifact_writer.hpp"
#include "artifacts/catalog_builder.hpp"
#include "artifacts/index_builder.hpp"
#include "cli/hybrid_build.hpp"
#include "evaluation/evaluation_split.hpp"
#include "ingest/builder_files.hpp"
#include "ingest/movielens_dataset.hpp"
#include "ingest/progress_bar.hpp"
#include "ingest/sha256.hpp"
#include "model/bert_config.hpp"
#include "model/bert_graph_builder.hpp"
#include "model/content_projection.hpp"
#include "model/int8_quantizer.hpp"
#include "model/sentence_encoder.hpp"
#include "movierec/errors.hpp"
#include "movierec/recommender.hpp"
#include "movierec/wordpiece_tokenizer.hpp"

namespace movierec {
namespace {

class StepTimer {
 public:
  explicit StepTimer(std::ostream& log) : log_(log) {}
  template <typename Step>
  auto run(const char* name, Step&& step) {
    const auto start = std::chrono::steady_clock::now();
    log_ << "==> " << name << "\n" << std::flush;
    auto result = step();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    total_ += seconds;
    char line[128];
    std::snprintf(line, sizeof line, "    %-13s %7.2f s\n", name, seconds);
    timings_ += line;
    log_ << "    done in " << seconds << " s\n" << std::flush;
    return result;
  }
  void print_summary() const {
    log_ << "\nStep timings:\n" << timings_;
    char line[64];
    std::snprintf(line, sizeof line, "    %-13s %7.2f s\n", "total", total_);
    log_ << line;
  }

 private:
  std::ostream& log_;
  std::string timings_;
  double total_ = 0;
};

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::vector<std::uint8_t> bytes_of(const std::string& text) { return {text.begin(), text.end()}; }

// The MovieLens folder with the builder's overviews joined, as `build` and `texts` both read it.
Dataset load_with_overviews(const BuildOptions& options, std::ostream& log) {
  auto loaded = load_dataset(options.data_dir);
  print_ingest_report(loaded, log);
  if (!options.overviews.empty()) {
    const auto bytes = read_file_bytes(options.overviews);
    const OverviewJoin joined =
        join_overviews(loaded, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                       options.overviews.string());
    log << "    overviews: " << joined.joined << " movies from " << joined.rows << " rows of "
        << options.overviews.string() << " (by " << joined.key << ")\n";
  }
  return loaded;
}

std::vector<std::uint32_t> movie_ids(const Catalog& catalog) {
  std::vector<std::uint32_t> ids;
  ids.reserve(catalog.size());
  for (const Movie& movie : catalog.movies()) ids.push_back(movie.id);
  return ids;
}

// Embeddings made elsewhere must come from this build's encoder, or the page's text queries would
// search a different space: a spread sample of the catalog is embedded here and compared.
constexpr std::size_t kImportSample = 32;
constexpr double kImportAgreement = 0.99;  // the int8 model against fp32 MiniLM: lowest cosine 0.998

std::vector<float> import_embeddings(const BuildOptions& options, const Catalog& catalog,
                                     const std::vector<std::vector<std::int32_t>>& token_ids,
                                     const SentenceEncoder& encoder, std::ostream& log) {
  const auto bytes = read_file_bytes(options.embeddings);
  const std::size_t dimension = encoder.dimension();
  const auto ids = movie_ids(catalog);
  auto rows = read_embeddings_csv(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                                  options.embeddings.string(), ids, dimension);
  std::vector<std::vector<std::int32_t>> sample_ids;
  std::vector<std::size_t> sample;
  const std::size_t step = std::max<std::size_t>(1, ids.size() / kImportSample);
  for (std::size_t i = 0; i < ids.size() && sample.size() < kImportSample; i += step) {
    sample.push_back(i);
    sample_ids.push_back(token_ids[i]);
  }
  const auto own = encoder.encode(sample_ids);
  double lowest = 1.0;
  for (std::size_t s = 0; s < sample.size(); ++s) {
    double cosine = 0.0;  // both unit vectors
    for (std::size_t d = 0; d < dimension; ++d) {
      cosine += static_cast<double>(own[s * dimension + d]) * rows[sample[s] * dimension + d];
    }
    if (cosine < kImportAgreement) {
      throw InputError(options.embeddings.string() + ": the embedding of movieId " + std::to_string(ids[sample[s]]) +
                       " has cosine " + std::to_string(cosine) + " with this build's model (at least " +
                       std::to_string(kImportAgreement) + " needed): embed the texts of `movierec texts` with " +
                       options.model_name);
    }
    lowest = std::min(lowest, cosine);
  }
  log << "    " << ids.size() << " embeddings read from " << options.embeddings.string()
      << "; this build's model agrees on " << sample.size() << " of them (lowest cosine " << lowest << ")\n";
  return rows;
}

}  // namespace

int run_texts(const BuildOptions& options, std::ostream& out, std::ostream& log) {
  const auto built = build_catalog(load_with_overviews(options, log));
  std::string csv = "movieId,text\n";
  for (std::size_t i = 0; i < built.catalog.size(); ++i) {
    csv += std::to_string(built.catalog.movie(i).id);
    csv += ",\"";
    for (const char c : built.embedding_texts[i]) {
      if (c == '"') csv += '"';  // RFC 4180: a quote inside a quoted field is doubled
      csv += c;
    }
    csv += "\"\n";
  }
  out << csv;
  return 0;
}

int run_build(const BuildOptions& options, std::ostream& log) {
  StepTimer timer(log);
  const auto dataset = timer.run("ingest", [&] { return load_with_overviews(options, log); });
  auto built = timer.run("catalog", [&] { return build_catalog(dataset); });
  if (built.catalog.size() == 0) throw InputError("the dataset has no usable movies after cleaning");

  const auto config = read_bert_config(options.model_dir);
  const auto vocab = read_file_bytes(options.model_dir / "vocab.txt");
  const std::string vocab_text(vocab.begin(), vocab.end());
  const auto token_ids = timer.run("tokenize", [&] {
    const WordPieceTokenizer tokenizer(vocab_text, config.do_lower_case, config.max_seq_length);
    std::vector<std::vector<std::int32_t>> ids;
    ids.reserve(built.embedding_texts.size());
    for (const auto& text : built.embedding_texts) ids.push_back(tokenizer.encode(text));
    return ids;
  });

  Int8QuantizeSummary quantized;
  auto int8_model = timer.run("model", [&] {
    const auto fp32 = build_bert_graph_from_dir(options.model_dir.string());
    // SmoothQuant calibration on a spread sample of the catalog's own texts (int8_quantizer.hpp):
    // without it the int8 model's top-10 neighbours drift below the 0.9 overlap bar.
    const auto calibration = calibration_sample(token_ids);
    Int8QuantizeOptions quantize_options;
    if (!calibration.empty()) quantize_options.peaks = measure_activation_peaks(fp32, calibration);
    auto int8 = quantize_int8(fp32, quantize_options, &quantized);
    log << "    int8 model: " << int8.ByteSizeLong() << " bytes (" << quantized.matmuls << " MatMuls, "
        << quantized.smoothed_activations << " activations smoothed on " << calibration.size() << " catalog texts, "
        << quantized.gathers << " embedding tables quantized)\n";
    return int8;
  });
  auto model_bytes = serialize_model(int8_model);

  SentenceEncoder::Options encoder_options;
  encoder_options.batch_size = options.batch_size;
  const SentenceEncoder encoder(as_bytes(model_bytes), encoder_options);
  auto vectors = timer.run("embed", [&] {
    if (!options.embeddings.empty()) return import_embeddings(options, built.catalog, token_ids, encoder, log);
    ProgressBar bar("    embedding", ProgressBar::Unit::items);
    return encoder.encode(token_ids, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
  });
  auto content_dimension = encoder.dimension();
  std::optional<ContentProjection> projection;
  // A dimension above the model's is refused by fit_content_projection, naming the range.
  if (options.content_dimension != 0 && options.content_dimension != content_dimension) {
    content_dimension = timer.run("project", [&] {
      projection = fit_content_projection(vectors, content_dimension, options.content_dimension);
      vectors = project_rows(*projection, vectors);
      model_bytes = serialize_model(append_projection(std::move(int8_model), *projection));
      log << "    " << content_dimension << " -> " << projection->to << " content dimensions, "
          << projection->retained_energy * 100.0 << " % of the embeddings' energy kept\n";
      return projection->to;
    });
  }

  const HybridBuild hybrid = timer.run("collaborative", [&] {
    HybridBuildOptions hybrid_options;
    hybrid_options.tune = options.tune;
    hybrid_options.threads = options.threads;
    hybrid_options.catalog = &built.catalog;
    return build_hybrid(interaction_log(dataset, built.catalog), vectors, content_dimension, hybrid_options, log);
  });
  const auto dim = hybrid.vectors.dimension();

  auto choice = timer.run("index", [&] {
    auto chosen = choose_index(hybrid.vectors.rows, dim);
    log << "    " << dim << " dimensions (" << content_dimension << " content + "
        << hybrid.vectors.collaborative_dimension << " collaborative + " << hybrid.vectors.linear_dimension
        << " linear + " << hybrid.vectors.prior_dimension << " prior)\n";
    log << "    candidate     recall@10      bytes   gzipped\n";
    for (const auto& c : chosen.measured) {
      char line[128];
      std::snprintf(line, sizeof line, "    %-10s %10.4f %10zu %9zu%s\n", c.name.c_str(), c.recall_at_10, c.bytes,
                    c.gzip_bytes, c.name == chosen.chosen.name ? "  <- chosen" : "");
      log << line;
    }
    return chosen;
  });

  // The index as it ships: encoded once, read back here and written as it is.
  auto index_bytes = timer.run("series", [&] {
    // The series the engine would derive from what ships (the decoded index, the manifest's blocks),
    // derived here once so that no visitor's device spends its start-up on them (catalog.bin carries them).
    auto bytes = choice.index.encode();
    const Recommender engine(Catalog(built.catalog), RatingsMatrix{}, VectorIndex::decode(bytes, built.catalog.size()),
                             hybrid_space_from_json(hybrid.hybrid.dump(), dim));
    built.catalog.set_series(engine.series().series());
    log << "    " << engine.series().series_count() << " series\n";
    return bytes;
  });

  timer.run("write", [&] {
    nlohmann::json manifest = {
        {"format_version", kArtifactFormatVersion},
        {"dataset",
         {{"name", dataset.name},
          {"movies", built.catalog.size()},
          {"users", built.ratings.user_count()},
          {"ratings", built.ratings.rating_count()},
          {"genres", built.catalog.genre_names()}}},
        {"model",
         {{"name", options.model_name},
          {"file", "model.int8.onnx"},
          {"dimension", content_dimension},
          {"max_seq_length", config.max_seq_length},
          {"do_lower_case", config.do_lower_case},
          {"layers", config.num_hidden_layers},
          {"quantization", "int8: MatMul weights per output column, activations per token with SmoothQuant "
                           "calibrated on catalog texts, word embeddings per row"},
          {"inputs", {"input_ids", "attention_mask"}},
          {"output", "sentence_embedding"}}},
        {"index",
         {{"type", choice.chosen.name},
          {"faiss_factory", choice.chosen.faiss_factory},
          {"metric", "inner_product"},
          {"dimension", dim},
          {"recall_at_10", choice.chosen.recall_at_10}}},
        {"hybrid", hybrid.hybrid},
        {"evaluation", hybrid.evaluation},
        {"embedding_text", kEmbeddingTextTemplate},
        {"similarity", "cosine clamped to [0, 1]"},
        {"build_time", utc_now_iso8601()},
    };
    if (projection) {
      manifest["model"]["projection"] = {{"from", projection->from},
                                         {"to", projection->to},
                                         {"retained_energy", projection->retained_energy},
                                         {"method", "uncentred principal directions of the catalog's embeddings, "
                                                    "appended to the model and re-normalised"}};
    }
    auto ratings_files = built.ratings.encode(sha256_digest);
    const std::vector<ArtifactFile> files = {
        {"catalog.bin", built.catalog.encode()},
        {"users.bin", std::move(ratings_files.users)},
        {"ratings.bin", std::move(ratings_files.ratings)},
        {"index.faiss", std::move(index_bytes)},
        {"model.int8.onnx", bytes_of(model_bytes)},
        {"vocab.txt", vocab},
    };
    write_artifacts(options.out_dir, files, manifest);
    log << "    wrote " << options.out_dir.string() << "\n";
    return 0;
  });
  timer.print_summary();
  return 0;
}

}  // namespace movierec
