#include "relevance/relevance_report.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <optional>
#include <sstream>

namespace movierec {
namespace {

double rounded(double value) { return std::round(value * 10000.0) / 10000.0; }

nlohmann::ordered_json rounded_or_null(const std::optional<double>& value) {
  return value ? nlohmann::ordered_json(rounded(*value)) : nlohmann::ordered_json(nullptr);
}

std::string fixed(const std::optional<double>& value) {
  if (!value) return "—";
  std::ostringstream out;
  out << std::fixed << std::setprecision(4) << rounded(*value);
  return out.str();
}

nlohmann::ordered_json ranked_json(const std::vector<RankedMovie>& ranked) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& movie : ranked) out.push_back({{"movie_id", movie.movie_id}, {"title", movie.title}});
  return out;
}

// The titles the benchmark file gives for `ids`, a subset of `all_ids` (titles[i] names all_ids[i]).
std::vector<std::string> titles_of(const std::vector<std::uint32_t>& ids, const std::vector<std::uint32_t>& all_ids,
                                   const std::vector<std::string>& titles) {
  std::vector<std::string> out;
  for (const auto id : ids) {
    const auto at = static_cast<std::size_t>(std::find(all_ids.begin(), all_ids.end(), id) - all_ids.begin());
    out.push_back(at < titles.size() ? titles[at] : std::string());
  }
  return out;
}

nlohmann::ordered_json describe_json(const DescribeOutcome& outcome) {
  nlohmann::ordered_json out{{"line", outcome.row.line},
                             {"kind", describe_kind_name(outcome.row.kind)},
                             {"query", outcome.row.query},
                             {"movie_ids", outcome.scored_ids},
                             {"titles", titles_of(outcome.scored_ids, outcome.row.movie_ids, outcome.row.titles)},
                             {"rank", outcome.rank ? nlohmann::ordered_json(*outcome.rank) : nlohmann::ordered_json(nullptr)},
                             {"hit", outcome.hit()},
                             {"reciprocal_rank", rounded(outcome.reciprocal_rank())}};
  if (outcome.row.kind == DescribeKind::mood) {
    out["precision"] = rounded(outcome.precision);
    out["recall"] = rounded(outcome.recall);
  }
  out["top_10"] = ranked_json(outcome.top);
  return out;
}

nlohmann::ordered_json similar_json(const SimilarOutcome& outcome) {
  return {{"line", outcome.row.line},
          {"movie_id", outcome.row.movie_id},
          {"title", outcome.row.title},
          {"expected_ids", outcome.scored_ids},
          {"found_ids", outcome.found},
          {"recall", rounded(outcome.recall)},
          {"top_10", ranked_json(outcome.top)}};
}

std::string skipped_sentence(const RelevanceScores& scores) {
  const std::size_t rows = scores.skipped_describe_rows + scores.skipped_similar_rows;
  std::string out;
  if (rows > 0) {
    out += "skipped " + std::to_string(rows) + " rows whose films are not in this catalog (" +
           std::to_string(scores.skipped_describe_rows) + " describe, " + std::to_string(scores.skipped_similar_rows) + " similar)";
  }
  if (scores.left_out_ids > 0) {
    out += std::string(out.empty() ? "" : "; ") + std::to_string(scores.left_out_ids) +
           " listed films not in this catalog were left out of the rows scored";
  }
  return out;
}

std::string scored_sentence(const RelevanceScores& scores) {
  return std::to_string(scores.describe.size()) + " describe queries and " + std::to_string(scores.similar.size()) +
         " similar films scored on the top " + std::to_string(kRelevanceCutoff);
}

// Rank beyond the search depth first, then the deepest ranks; ties in file order.
std::vector<const DescribeOutcome*> missed_film_queries(const RelevanceScores& scores) {
  std::vector<const DescribeOutcome*> missed;
  for (const auto& outcome : scores.describe) {
    if (outcome.row.kind == DescribeKind::film && !outcome.hit()) missed.push_back(&outcome);
  }
  const auto depth = [](const DescribeOutcome* o) { return o->rank.value_or(kRankSearchDepth + 1); };
  std::stable_sort(missed.begin(), missed.end(), [&](const auto* a, const auto* b) { return depth(a) > depth(b); });
  return missed;
}

}  // namespace

nlohmann::ordered_json relevance_json(const RelevanceScores& scores) {
  nlohmann::ordered_json metrics = nlohmann::ordered_json::object();
  for (const auto& metric : scores.metrics) metrics[metric.key] = {{"value", rounded_or_null(metric.value)}, {"count", metric.count}};
  nlohmann::ordered_json describe = nlohmann::ordered_json::array();
  for (const auto& outcome : scores.describe) describe.push_back(describe_json(outcome));
  nlohmann::ordered_json similar = nlohmann::ordered_json::array();
  for (const auto& outcome : scores.similar) similar.push_back(similar_json(outcome));
  return {{"cutoff", kRelevanceCutoff},
          {"rank_search_depth", kRankSearchDepth},
          {"metrics", std::move(metrics)},
          {"scored", {{"describe_rows", scores.describe.size()}, {"similar_rows", scores.similar.size()}}},
          {"skipped", {{"describe_rows", scores.skipped_describe_rows},
                       {"similar_rows", scores.skipped_similar_rows},
                       {"left_out_ids", scores.left_out_ids}}},
          {"describe", std::move(describe)},
          {"similar", std::move(similar)}};
}

std::string relevance_text(const RelevanceScores& scores) {
  std::ostringstream out;
  out << "Relevance benchmarks: " << scored_sentence(scores) << "\n\n";
  out << std::left << std::setw(30) << "metric" << std::right << std::setw(8) << "value" << std::setw(8) << "count" << "\n";
  for (const auto& metric : scores.metrics) {
    // "—" is one column wide but three bytes, which setw counts.
    out << std::left << std::setw(30) << metric.label << std::right << std::setw(metric.value ? 8 : 10) << fixed(metric.value)
        << std::setw(8) << metric.count << "\n";
  }
  if (const auto skipped = skipped_sentence(scores); !skipped.empty()) out << "\n" << skipped << "\n";
  const auto missed = missed_film_queries(scores);
  if (!missed.empty()) {
    out << "\nFilm queries whose film is not in the top " << kRelevanceCutoff << " (" << missed.size() << "), worst first:\n";
    for (const auto* outcome : missed) {
      const std::string rank = outcome->rank ? "rank " + std::to_string(*outcome->rank) : "rank > " + std::to_string(kRankSearchDepth);
      out << "  " << std::left << std::setw(10) << rank << std::right << " line " << std::setw(3) << outcome->row.line << "  "
          << outcome->row.titles.front() << ": \"" << outcome->row.query << "\"\n";
    }
  }
  return out.str();
}

std::string relevance_markdown(const RelevanceScores& scores, const std::string& artifacts) {
  std::ostringstream out;
  out << "## Relevance benchmarks\n\n"
      << "`movierec relevance` on `" << artifacts << "`: " << scored_sentence(scores) << ".\n\n"
      << "| metric | value | count |\n|---|---:|---:|\n";
  for (const auto& metric : scores.metrics) out << "| " << metric.label << " | " << fixed(metric.value) << " | " << metric.count << " |\n";
  if (const auto skipped = skipped_sentence(scores); !skipped.empty()) out << "\n" << skipped << ".\n";
  return out.str();
}

}  // namespace movierec
