#pragma once
// The build's collaborative step: compares the methods on ml-small-holdout-v1 with the content vectors
// the embed step just produced (method_comparison.hpp), then fits implicit ALS on every kept rating
// with the chosen settings and joins each movie's content vector and collaborative factors into the
// one vector the index ships (hybrid_vectors.hpp). The manifest records both.
#include <cstddef>
#include <ostream>
#include <span>

#include <nlohmann/json.hpp>

#include "collaborative/hybrid_vectors.hpp"
#include "movierec/catalog.hpp"
#include "evaluation/evaluation_report.hpp"
#include "evaluation/evaluation_split.hpp"

namespace movierec {

struct HybridBuildOptions {
  bool tune = false;  // run the validation search instead of using validated_defaults()
  unsigned threads = 2;
  // The catalog the ratings' rows belong to; with it the comparison derives the engine's series (for
  // the served re-rank's cap and the series metrics), without it there are none.
  const Catalog* catalog = nullptr;
};

struct HybridBuild {
  HybridVectors vectors;              // movies x (content + collaborative): what the index is built from
  nlohmann::ordered_json hybrid;      // the manifest's "hybrid" (docs/pipeline.md)
  nlohmann::ordered_json evaluation;  // the manifest's "evaluation"
  EvalReport report;
};

// ratings: every kept rating over the catalog's rows; content: catalog movies x content_dimension,
// unit rows, row-major. The comparison table goes to `log`.
[[nodiscard]] HybridBuild build_hybrid(const InteractionLog& ratings, std::span<const float> content,
                                       std::size_t content_dimension, const HybridBuildOptions& options,
                                       std::ostream& log);

}  // namespace movierec
