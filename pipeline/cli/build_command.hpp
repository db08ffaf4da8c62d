#pragma once
// `movierec build`: the whole pipeline, MovieLens folder + model folder → artifact folder, with a
// timing per step.
#include <filesystem>
#include <ostream>
#include <string>

namespace movierec {

struct BuildOptions {
  std::filesystem::path data_dir;
  std::filesystem::path overviews;  // optional: plot descriptions to join (ingest/builder_files.hpp)
  std::filesystem::path model_dir;
  // optional: the catalog's embeddings made elsewhere from `movierec texts` (ingest/builder_files.hpp),
  // read instead of embedding every text here
  std::filesystem::path embeddings;
  std::filesystem::path out_dir;
  std::string model_name = "all-MiniLM-L6-v2";
  std::size_t batch_size = 32;
  bool tune = false;     // the collaborative step re-runs the validation search (movierec eval's)
  unsigned threads = 2;  // ALS solves
  // The content dimensions the index and the shipped text model keep (model/content_projection.hpp);
  // 0 keeps the model's own. The default is where the benchmarks measured no loss (docs/pipeline.md).
  std::size_t content_dimension = 0;
};

// Returns the process exit code. Throws movierec::Error on bad input; nothing is written then.
int run_build(const BuildOptions& options, std::ostream& log);

// `movierec texts`: the text the build embeds for every catalog movie, as CSV (movieId,text), for an
// embedding job that runs somewhere else (data_dir and overviews are read; the rest is unused).
int run_texts(const BuildOptions& options, std::ostream& out, std::ostream& log);

}  // namespace movierec
