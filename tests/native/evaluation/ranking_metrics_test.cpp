// Ranking metrics on hand-made rankings whose answers were worked out by hand (DCG with 1 / log2(p + 1)).
#include "evaluation/ranking_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

using Items = std::vector<std::uint32_t>;

TEST(RecallAtK, CountsHitsOverTheSmallerOfKAndRelevant) {
  const Items ranked{5, 3, 8, 1, 9};
  const Items relevant{1, 3, 7};
  EXPECT_DOUBLE_EQ(recall_at_k(ranked, relevant, 5), 2.0 / 3.0);   // hits 3 and 1
  EXPECT_DOUBLE_EQ(recall_at_k(ranked, relevant, 2), 1.0 / 2.0);   // only item 3 in the first two
  EXPECT_DOUBLE_EQ(recall_at_k(ranked, Items{2, 4}, 5), 0.0);
  // Twelve relevant items, four of them in the top ten: 4 / min(10, 12).
  Items many(12);
  std::iota(many.begin(), many.end(), 100U);
  EXPECT_DOUBLE_EQ(recall_at_k(Items{100, 1, 101, 2, 3, 4, 102, 5, 6, 103, 104}, many, 10), 0.4);
}

TEST(NdcgAtK, BinaryGainsOverTheIdealPrefix) {
  const Items ranked{5, 3, 8, 1, 9};
  const Items relevant{1, 3, 7};
  // (1/log2 3 + 1/log2 5) / (1 + 1/log2 3 + 1/log2 4)
  EXPECT_NEAR(ndcg_at_k(ranked, relevant, 5), 0.49818925746641285, 1e-12);
  // (1/log2 3) / (1 + 1/log2 3)
  EXPECT_NEAR(ndcg_at_k(ranked, relevant, 2), 0.38685280723454163, 1e-12);
  EXPECT_DOUBLE_EQ(ndcg_at_k(Items{7, 1, 3}, relevant, 10), 1.0);
  EXPECT_DOUBLE_EQ(ndcg_at_k(Items{2, 4}, relevant, 10), 0.0);
  // Hits at positions 1, 3 and 10 of ten relevant-eligible slots, twelve relevant items.
  Items many(12);
  std::iota(many.begin(), many.end(), 100U);
  EXPECT_NEAR(ndcg_at_k(Items{100, 1, 101, 2, 3, 4, 5, 6, 7, 102}, many, 10), 0.39375843764607193, 1e-12);
}

TEST(RankingMetrics, RejectEmptyRelevantSetsAndZeroK) {
  EXPECT_THROW((void)recall_at_k(Items{1}, Items{}, 10), InputError);
  EXPECT_THROW((void)ndcg_at_k(Items{1}, Items{1}, 0), InputError);
}

TEST(TopKItems, BestFirstSkippingExcludedWithTiesToTheLowerRow) {
  const std::vector<float> scores{0.1F, 0.5F, 0.5F, 0.9F, NAN, 0.3F};
  EXPECT_EQ(top_k_items(scores, Items{3}, 3), (Items{1, 2, 5}));
  EXPECT_EQ(top_k_items(scores, Items{}, 2), (Items{3, 1}));
  // More asked than available: every non-excluded item, NaN last.
  EXPECT_EQ(top_k_items(scores, Items{0, 3}, 10), (Items{1, 2, 5, 4}));
  EXPECT_TRUE(top_k_items(scores, Items{}, 0).empty());
}

TEST(PopularityRanks, RankOneIsTheMostCountedWithTiesToTheLowerRow) {
  EXPECT_EQ(popularity_ranks(std::vector<std::uint32_t>{3, 7, 7, 0, 5}), (Items{4, 1, 2, 5, 3}));
}

TEST(RankingEvaluator, AveragesOverUsersAndCountsDistinctItems) {
  RankingEvaluator evaluator(Items{4, 1, 2, 5, 3}, 2);  // ranks of items 0..4
  evaluator.add(Items{1, 2}, Items{2});     // recall 1, NDCG 1/log2 3, ranks 1 and 2
  evaluator.add(Items{4, 0}, Items{0, 3});  // recall 1/2, NDCG (1/log2 3)/(1 + 1/log2 3), ranks 3 and 4
  const RankingMetrics m = evaluator.metrics();
  EXPECT_EQ(m.users, 2U);
  EXPECT_DOUBLE_EQ(m.recall, 0.75);
  EXPECT_NEAR(m.ndcg, 0.5088912804029996, 1e-12);
  EXPECT_DOUBLE_EQ(m.coverage, 4.0 / 5.0);  // items 1, 2, 4, 0
  EXPECT_DOUBLE_EQ(m.mean_popularity_rank, (1.5 + 3.5) / 2.0);
  EXPECT_THROW(evaluator.add(Items{5}, Items{0}), InputError);
}

// Content rows in two dimensions: (1,0), (0,1), (2,2) (not unit: scaled on the way in), (0,0), (3,0).
ListAttributes plane_content() {
  const std::vector<float> content{1, 0, 0, 1, 2, 2, 0, 0, 3, 0};
  return list_attributes(content, 2, nullptr);
}

TEST(ListAttributes, ScalesContentRowsToUnitLengthAndReadsSeries) {
  const ListAttributes attributes = plane_content();
  EXPECT_EQ(attributes.content_dimension, 2U);
  ASSERT_EQ(attributes.unit_content.size(), 10U);
  EXPECT_FLOAT_EQ(attributes.unit_content[4], 1.0F / std::sqrt(2.0F));
  EXPECT_FLOAT_EQ(attributes.unit_content[6], 0.0F);  // the zero row stays zero
  EXPECT_FLOAT_EQ(attributes.unit_content[8], 1.0F);
  EXPECT_TRUE(attributes.series.empty());  // no series given
  const SeriesIndex no_series;             // every film on its own
  EXPECT_EQ(list_attributes(std::vector<float>{1, 0, 0, 1}, 2, &no_series).series, (Items{kNoSeries, kNoSeries}));
  EXPECT_THROW((void)list_attributes(std::vector<float>{1, 0, 0}, 2, nullptr), InputError);
}

TEST(RankingEvaluator, IntraListDiversityIsTheMeanPairDistance) {
  const ListAttributes attributes = plane_content();
  RankingEvaluator evaluator(Items{1, 2, 3, 4, 5}, 10, &attributes);
  // Pairs (0,1): 1 - 0; (0,2) and (1,2): 1 - 1/sqrt 2; mean (3 - sqrt 2) / 3.
  evaluator.add(Items{0, 1, 2}, Items{0});
  evaluator.add(Items{0, 3}, Items{0});  // a zero vector: cosine 0, distance 1
  evaluator.add(Items{0, 4}, Items{0});  // the same direction: distance 0
  evaluator.add(Items{1}, Items{1});     // one film has no pairs: not part of the diversity mean
  const RankingMetrics m = evaluator.metrics();
  EXPECT_EQ(m.users, 4U);
  ASSERT_TRUE(m.intra_list_diversity.has_value());
  EXPECT_NEAR(*m.intra_list_diversity, ((3.0 - std::sqrt(2.0)) / 3.0 + 1.0 + 0.0) / 3.0, 1e-7);  // 0.50953...
  EXPECT_FALSE(m.max_per_series.has_value());  // no series: absent, not zero
  EXPECT_FALSE(m.share_over_2_per_series.has_value());
}

TEST(RankingEvaluator, SeriesMetricsCountTheLargestSeriesOfEachList) {
  ListAttributes attributes;  // series only: rows 1-3 are series 7, rows 4-5 series 9, rows 0 and 6 alone
  attributes.series = {kNoSeries, 7, 7, 7, 9, 9, kNoSeries};
  RankingEvaluator evaluator(Items{1, 2, 3, 4, 5, 6, 7}, 10, &attributes);
  evaluator.add(Items{1, 2, 3, 0}, Items{0});  // three of series 7
  evaluator.add(Items{4, 5, 0, 6}, Items{0});  // two of series 9
  evaluator.add(Items{0, 6}, Items{0});        // films on their own: 1
  const RankingMetrics m = evaluator.metrics();
  ASSERT_TRUE(m.max_per_series.has_value());
  EXPECT_DOUBLE_EQ(*m.max_per_series, 2.0);            // (3 + 2 + 1) / 3
  EXPECT_DOUBLE_EQ(*m.share_over_2_per_series, 1.0 / 3.0);
  EXPECT_FALSE(m.intra_list_diversity.has_value());    // no content
  // Only the top k counts: at k = 2 the first list has two of series 7.
  RankingEvaluator top_two(Items{1, 2, 3, 4, 5, 6, 7}, 2, &attributes);
  top_two.add(Items{1, 2, 3, 0}, Items{0});
  EXPECT_DOUBLE_EQ(*top_two.metrics().max_per_series, 2.0);
  EXPECT_DOUBLE_EQ(*top_two.metrics().share_over_2_per_series, 0.0);
}

TEST(RankingEvaluator, HasNoListQualityWithoutAttributesAndRejectsThoseOfAnotherCatalog) {
  RankingEvaluator evaluator(Items{1, 2}, 10);
  evaluator.add(Items{0, 1}, Items{0});
  EXPECT_FALSE(evaluator.metrics().intra_list_diversity.has_value());
  EXPECT_FALSE(evaluator.metrics().max_per_series.has_value());
  const ListAttributes five_rows = plane_content();
  EXPECT_THROW(RankingEvaluator(Items{1, 2}, 10, &five_rows), InputError);
  ListAttributes series_of_three;
  series_of_three.series = {kNoSeries, kNoSeries, kNoSeries};
  EXPECT_THROW(RankingEvaluator(Items{1, 2}, 10, &series_of_three), InputError);
}

}  // namespace
}  // namespace movierec
