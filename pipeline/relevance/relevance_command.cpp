#include "relevance/relevance_command.hpp"

#include <fstream>
#include <string>
#include <string_view>

#include "artifacts/artifact_loader.hpp"
#include "artifacts/artifact_writer.hpp"
#include "movierec/errors.hpp"
#include "relevance/relevance_report.hpp"
#include "relevance/relevance_scores.hpp"
#include "relevance/text_encoder.hpp"

namespace movierec {
namespace {

std::string read_text(const std::filesystem::path& path) {
  const auto bytes = read_file_bytes(path);
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

RelevanceBenchmarks read_relevance_benchmarks(const std::filesystem::path& dir) {
  const auto describe = dir / "describe.tsv";
  const auto similar = dir / "similar.tsv";
  return {parse_describe_benchmark(read_text(describe), describe.string()),
          parse_similar_benchmark(read_text(similar), similar.string())};
}

int run_relevance(const RelevanceOptions& options, std::ostream& out) {
  // The benchmarks first: a typo in a row should not wait for the model to load.
  const RelevanceBenchmarks benchmarks = read_relevance_benchmarks(options.benchmarks);
  const LoadedArtifacts loaded = load_artifacts(options.artifacts);
  const TextEncoder text_encoder(loaded);
  const auto rankers = engine_rankers(*loaded.recommender, [&](const std::string& text) { return text_encoder.embed(text); });
  const RelevanceScores scores = score_relevance(benchmarks, rankers);

  if (options.json) {
    out << relevance_json(scores).dump(2) << "\n";
  } else {
    out << relevance_text(scores);
  }
  if (!options.report.empty()) {
    std::ofstream file(options.report, std::ios::binary);
    file << relevance_markdown(scores, options.artifacts.string());
    if (!file) throw Error("could not write " + options.report.string());
    if (!options.json) out << "\nWrote " << options.report.string() << "\n";
  }
  return 0;
}

}  // namespace movierec
