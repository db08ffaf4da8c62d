#include "cli/eval_command.hpp"

#include <fstream>
#include <vector>

#include "artifacts/artifact_loader.hpp"
#include "evaluation/method_comparison.hpp"
#include "ingest/movielens_dataset.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// The content vectors the shipped index was built from: each row's content block divided by the
// content weight (a content-only index is all content block, weight 1). They are the unit MiniLM
// vectors up to the index's quantization.
FactorMatrix content_vectors(const LoadedArtifacts& artifacts) {
  const Recommender& recommender = *artifacts.recommender;
  const HybridSpace& space = recommender.space();
  const VectorIndex& index = recommender.index();
  FactorMatrix content(static_cast<Eigen::Index>(recommender.catalog().size()),
                       static_cast<Eigen::Index>(space.content_dimension));
  std::vector<float> row(index.dimension());
  for (Eigen::Index i = 0; i < content.rows(); ++i) {
    index.vector_into(static_cast<std::uint32_t>(i), row);
    for (Eigen::Index d = 0; d < content.cols(); ++d) content(i, d) = row[static_cast<std::size_t>(d)] / space.content_weight;
  }
  return content;
}

}  // namespace

EvalReport evaluate_methods(const EvalOptions& options, std::ostream& log) {
  const Dataset dataset = load_dataset(options.data_dir);
  const LoadedArtifacts artifacts = load_artifacts(options.artifacts_dir);
  const InteractionLog ratings = interaction_log(dataset, artifacts.recommender->catalog());
  ComparisonOptions comparison;
  comparison.protocol = options.protocol;
  comparison.tune = true;
  comparison.compare_profile_rules = true;
  comparison.threads = options.threads;
  comparison.visitor_protocols = true;
  comparison.series = &artifacts.recommender->series();  // the series the engine serves "Similar" with
  const std::vector<std::uint32_t> genre_masks = artifacts.recommender->catalog().genre_masks();
  comparison.genre_masks = genre_masks;
  // Score the served hybrid through the encoding the shipped index uses, as the browser does.
  comparison.served_index_factory = artifacts.manifest.at("index").value("faiss_factory", std::string());
  return compare_methods(ratings, content_vectors(artifacts), comparison, log).report;
}

int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& log) {
  const EvalReport report = evaluate_methods(options, log);
  if (options.json) {
    out << report_json(report).dump() << "\n";
    return 0;
  }
  const std::filesystem::path dir = options.reports_dir / std::string(protocol_name(options.protocol));
  std::filesystem::create_directories(dir);
  const std::string markdown = results_markdown(report);
  const auto write = [](const std::filesystem::path& path, const std::string& text) {
    std::ofstream file(path, std::ios::binary);
    file << text;
    if (!file) throw Error("could not write " + path.string());
  };
  write(dir / "results.md", markdown);
  write(dir / "results.svg", results_svg(report));
  out << markdown << "\nWrote " << (dir / "results.md").string() << " and " << (dir / "results.svg").string() << "\n";
  return 0;
}

}  // namespace movierec
