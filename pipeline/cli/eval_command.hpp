#pragma once
// `movierec eval`: the offline evaluation of docs/evaluation.md. Splits the MovieLens ratings, tunes
// every method on a validation split carved from train, and scores popularity, content, collaborative
// (implicit ALS), the served hybrid and EASE on the held-out positives (method_comparison.hpp); on
// ml-small-holdout-v1 also on cold items and in the visitor protocols (evaluation_protocols.hpp). The
// content vectors come from the shipped index's content block, the series from the engine.
#include <filesystem>
#include <ostream>

#include "evaluation/evaluation_report.hpp"
#include "evaluation/evaluation_split.hpp"

namespace movierec {

struct EvalOptions {
  std::filesystem::path data_dir;
  std::filesystem::path artifacts_dir = "public/artifacts";
  std::filesystem::path reports_dir = "reports";
  SplitProtocol protocol = SplitProtocol::holdout;
  bool json = false;
  unsigned threads = 2;
};

[[nodiscard]] EvalReport evaluate_methods(const EvalOptions& options, std::ostream& log);

// --json: one JSON object on `out`; otherwise writes <reports>/<protocol>/results.{md,svg} and prints the
// table. Progress and the validation trials go to `log`. Returns the exit code.
int run_eval(const EvalOptions& options, std::ostream& out, std::ostream& log);

}  // namespace movierec
