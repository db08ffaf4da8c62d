#pragma once
// The evaluation's results as one JSON object, a Markdown table and a hand-written SVG bar chart.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluation/evaluation_split.hpp"
#include "evaluation/ranking_metrics.hpp"

namespace movierec {

struct MethodResult {
  std::string name;  // "popularity", "content", "collaborative", "hybrid", "ease", ...
  RankingMetrics metrics;
};

// The served hybrid at one audience share (0 = content only, 1 = collaborative only, 0.5 = as tuned).
struct AudienceShareResult {
  float audience_share = 0.0F;
  RankingMetrics metrics;
};

// One protocol's rows (evaluation_protocols.hpp): the full-profile split, a visitor protocol or cold items.
struct ProtocolResult {
  std::string protocol;     // "ml-small-holdout-v1", "visitor-3", "visitor-3-dislikes", "cold-items", ...
  std::size_t users = 0;    // users measured
  std::size_t held_out = 0; // their relevant held-out positives
  std::vector<MethodResult> methods;  // empty when held_out == 0: nothing was measured, so no zeros are shown
  nlohmann::ordered_json details = nlohmann::ordered_json::object();  // the protocol's own settings
  double wall_seconds = 0.0;
  double cpu_seconds = 0.0;
};

struct EvalReport {
  SplitProtocol protocol = SplitProtocol::holdout;
  std::size_t users = 0;
  std::size_t held_out = 0;
  std::size_t catalog_size = 0;
  // What a large dataset's evaluation left out to fit the machine ("scored a seeded sample of 2000 of
  // 29686 users, ..."); empty at ml-latest-small size.
  std::vector<std::string> restrictions;
  std::vector<MethodResult> methods;
  std::vector<AudienceShareResult> audience_shares;
  nlohmann::ordered_json hybrid_config = nlohmann::ordered_json::object();
  nlohmann::ordered_json hyperparameters = nlohmann::ordered_json::object();  // validation-chosen settings per method
  // Every protocol with list-quality metrics, the full-profile one first (its rows are `methods` again).
  std::vector<ProtocolResult> protocols;
  double wall_seconds = 0.0;
  double cpu_seconds = 0.0;
};

// {"protocol":..., "users":..., "heldout":..., "methods":[{"name", "recall_at_10", "ndcg_at_10",
//  "coverage_at_10", "mean_popularity_rank"}], "audience_share":[{"audience_share", "recall_at_10",
//  "ndcg_at_10"}], "hybrid_config":{...}, "hyperparameters":{...}, "seconds":{...},
//  "protocols":[{"protocol", "users", "heldout", <details>, "methods":[{"name", "recall_at_10", "ndcg_at_10",
//  "coverage_at_10", "mean_popularity_rank", "intra_list_diversity", "max_per_series",
//  "share_over_2_per_series"}], "seconds":{"wall", "cpu"}}]}
// Keys keep this order; a list-quality metric that was not measured is absent.
[[nodiscard]] nlohmann::ordered_json report_json(const EvalReport& report);
// The manifest's "evaluation" object: the five methods (popularity, content, collaborative, hybrid,
// ease), the audience-share sweep, the hybrid / EASE NDCG@10 ratio, the run time and "protocols": the
// visitor and cold-items protocols as report_json writes them.
[[nodiscard]] nlohmann::ordered_json evaluation_manifest_json(const EvalReport& report);
// NDCG@10 of the named method; throws Error when the report has no such row.
[[nodiscard]] double method_ndcg(const EvalReport& report, const std::string& name);
// The methods and the sweep as Markdown tables, for reports and the build log.
[[nodiscard]] std::string methods_markdown(const EvalReport& report);
// One protocol as a JSON object (see report_json).
[[nodiscard]] nlohmann::ordered_json protocol_json(const ProtocolResult& protocol);
// The visitor protocols (NDCG@10 per method and protocol, then every metric), cold items and the run
// time per protocol; empty when the report has only the full-profile protocol.
[[nodiscard]] std::string protocols_markdown(const EvalReport& report);
[[nodiscard]] std::string results_markdown(const EvalReport& report);
// Grouped bars of Recall@10 and NDCG@10 per method.
[[nodiscard]] std::string results_svg(const EvalReport& report);

}  // namespace movierec
