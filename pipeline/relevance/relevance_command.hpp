#pragma once
// `movierec relevance`: scores benchmarks/relevance/ (describe.tsv, similar.tsv) through the engine of an
// artifact folder, the way the browser asks it (relevance_scores.hpp), and prints the metrics.
#include <filesystem>
#include <ostream>

#include "relevance/relevance_benchmark.hpp"

namespace movierec {

struct RelevanceOptions {
  std::filesystem::path artifacts = "public/artifacts";
  std::filesystem::path benchmarks = "benchmarks/relevance";
  bool json = false;               // one JSON object on stdout instead of the table
  std::filesystem::path report;    // when set, also write the Markdown section there
};

// describe.tsv and similar.tsv of `dir`. Throws Error when a file cannot be read, InputError naming the
// file and line when one does not parse.
RelevanceBenchmarks read_relevance_benchmarks(const std::filesystem::path& dir);

// Returns the exit code.
int run_relevance(const RelevanceOptions& options, std::ostream& out);

}  // namespace movierec
