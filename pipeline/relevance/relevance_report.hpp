#pragma once
// What `movierec relevance` prints: one JSON object (the metrics, what was skipped, and every row with
// the rank of its film and the top 10 shown instead), or a small table for people, and a Markdown
// section for a report file. Metric values are rounded to 4 decimals everywhere, so all three agree.
#include <string>

#include <nlohmann/json.hpp>

#include "relevance/relevance_scores.hpp"

namespace movierec {

nlohmann::ordered_json relevance_json(const RelevanceScores& scores);

// The metric table, what was skipped, and the film queries whose target missed the top 10, worst first.
std::string relevance_text(const RelevanceScores& scores);

// A "## Relevance benchmarks" section: the metric table and what was skipped; `artifacts` names the
// build scored.
std::string relevance_markdown(const RelevanceScores& scores, const std::string& artifacts);

}  // namespace movierec
