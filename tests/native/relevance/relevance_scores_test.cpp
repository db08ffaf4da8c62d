// The relevance metrics on hand-made rankings, and the whole benchmark through the engine of a tiny
// artifact folder, so the numbers `movierec relevance` prints mean what docs/evaluation.md says.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "relevance/relevance_report.hpp"
#include "relevance/relevance_scores.hpp"

namespace movierec {
namespace {

std::vector<RankedMovie> ranking(std::initializer_list<std::uint32_t> ids) {
  std::vector<RankedMovie> out;
  for (const auto id : ids) out.push_back({id, "Movie " + std::to_string(id)});
  return out;
}

const RelevanceMetric& metric(const RelevanceScores& scores, const std::string& key) {
  for (const auto& m : scores.metrics) {
    if (m.key == key) return m;
  }
  throw std::runtime_error("no metric " + key);
}

TEST(RelevanceMetrics, RankHitPrecisionRecallAndReciprocalRank) {
  const auto ranked = ranking({5, 7, 9, 11});
  const std::vector<std::uint32_t> relevant{9, 11, 40};
  EXPECT_EQ(first_relevant_rank(ranked, relevant), 3U);
  EXPECT_EQ(first_relevant_rank(ranked, std::vector<std::uint32_t>{40}), std::nullopt);
  EXPECT_EQ(hits_in_top(ranked, relevant, 3), 1U);
  EXPECT_DOUBLE_EQ(precision_at(ranked, relevant, 10), 0.2);
  EXPECT_DOUBLE_EQ(recall_at(ranked, relevant, 10), 2.0 / 3.0);
  // Recall divides by what a top k can hold, so twelve relevant films can still reach 1 in a top 10.
  std::vector<std::uint32_t> twelve;
  for (std::uint32_t id = 1; id <= 12; ++id) twelve.push_back(id);
  EXPECT_DOUBLE_EQ(recall_at(ranking({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), twelve, 10), 1.0);
  EXPECT_DOUBLE_EQ(reciprocal_rank_at(3, 10), 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(reciprocal_rank_at(11, 10), 0.0);
  EXPECT_DOUBLE_EQ(reciprocal_rank_at(std::nullopt, 10), 0.0);
}

TEST(RelevanceMetrics, AveragesRowsAndSkipsFilmsTheCatalogLacks) {
  RelevanceBenchmarks benchmarks;
  benchmarks.describe.push_back({2, DescribeKind::film, "a toy cowboy", {1}, {"Toy"}});
  benchmarks.describe.push_back({3, DescribeKind::film, "a missing film", {99}, {"Gone"}});
  benchmarks.describe.push_back({4, DescribeKind::film, "a far film", {4}, {"Far"}});
  benchmarks.describe.push_back({5, DescribeKind::mood, "cosy", {1, 2, 3, 99}, {"A", "B", "C", "Gone"}});
  benchmarks.similar.push_back({6, 1, "Toy", {2, 3, 99}, {"B", "C", "Gone"}, "series"});
  benchmarks.similar.push_back({7, 99, "Gone", {1, 2, 3}, {"A", "B", "C"}, "missing film"});

  const std::map<std::string, std::vector<RankedMovie>> answers{
      {"a toy cowboy", ranking({2, 1, 3})},
      {"a far film", ranking({1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 4})},  // rank 12: found, but not a hit
      {"cosy", ranking({3, 5, 1})},
  };
  RelevanceRankers rankers;
  rankers.in_catalog = [](std::uint32_t id) { return id != 99; };
  rankers.describe = [&](const std::string& text) { return answers.at(text); };
  rankers.similar = [](std::uint32_t) { return ranking({3, 5, 6}); };
  const RelevanceScores scores = score_relevance(benchmarks, rankers);

  EXPECT_EQ(scores.skipped_describe_rows, 1U);
  EXPECT_EQ(scores.skipped_similar_rows, 1U);
  EXPECT_EQ(scores.left_out_ids, 2U);  // 99 in the mood row and in the similar row that was still scored
  ASSERT_EQ(scores.describe.size(), 3U);
  EXPECT_EQ(scores.describe[1].rank, 12U);
  EXPECT_FALSE(scores.describe[1].hit());
  EXPECT_EQ(scores.describe[1].top.size(), kRelevanceCutoff);
  EXPECT_DOUBLE_EQ(*metric(scores, "describe_film_hit_at_10").value, 0.5);
  EXPECT_DOUBLE_EQ(*metric(scores, "describe_film_mrr_at_10").value, 0.25);  // (1/2 + 0) / 2
  EXPECT_EQ(metric(scores, "describe_film_hit_at_10").count, 2U);
  EXPECT_DOUBLE_EQ(*metric(scores, "describe_mood_precision_at_10").value, 0.2);
  EXPECT_DOUBLE_EQ(*metric(scores, "describe_mood_recall_at_10").value, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*metric(scores, "describe_all_hit_at_10").value, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(*metric(scores, "similar_recall_at_10").value, 0.5);
  EXPECT_EQ(scores.similar[0].found, std::vector<std::uint32_t>{3});

  const auto json = relevance_json(scores);
  EXPECT_EQ(json["metrics"]["describe_film_hit_at_10"]["value"], 0.5);
  EXPECT_EQ(json["metrics"]["describe_film_hit_at_10"]["count"], 2);
  EXPECT_EQ(json["skipped"]["left_out_ids"], 2);
  const std::string text = relevance_text(scores);
  EXPECT_NE(text.find("describe film hit@10"), std::string::npos);
  EXPECT_NE(text.find("a far film"), std::string::npos);  // a missed film query is listed
  EXPECT_NE(relevance_markdown(scores, "public/artifacts").find("## Relevance benchmarks"), std::string::npos);
}

TEST(RelevanceMetrics, AnEmptyBenchmarkHasNoValues) {
  RelevanceRankers rankers;
  rankers.in_catalog = [](std::uint32_t) { return true; };
  const RelevanceScores scores = score_relevance({}, rankers);
  for (const auto& m : scores.metrics) EXPECT_FALSE(m.value.has_value()) << m.key;
}

}  // namespace
}  // namespace movierec
