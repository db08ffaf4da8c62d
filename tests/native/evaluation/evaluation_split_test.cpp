// The ml-small evaluation splits: the hash rule on fixed pairs (expected values computed independently
// with Python's arbitrary-precision integers), hand-made logs, and the counts on the real dataset.
#include "evaluation/evaluation_split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "artifacts/catalog_builder.hpp"
#include "evaluation/method_scores.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

std::filesystem::path movielens_dir() {
  if (const char* dir = std::getenv("MOVIELENS_DIR")) return dir;
  return std::filesystem::path(MOVIEREC_SOURCE_DIR) / ".." / "shared" / "data" / "ml-latest-small";
}

TEST(Splitmix64, MatchesTheReferenceOutputs) {
  EXPECT_EQ(splitmix64(0), 0xE220A8397B1DCDAFULL);  // the first output of SplitMix64 seeded with 0
  EXPECT_EQ(splitmix64(1), 0x910A2DEC89025CC1ULL);
  EXPECT_EQ(splitmix64(0x9E3779B97F4A7C15ULL), 0x6E789E6AA1B965F4ULL);
}

TEST(HashHoldsOut, FixedPairsOfTheTestSplit) {
  // splitmix64((u << 32) | m) % 5: (1,1) -> 2, (1,3) -> 3, (1,50) -> 0, (2,318) -> 1, (610,168252) -> 1,
  // (1,9) -> 0, (2,3) -> 0, (3,2) -> 0
  EXPECT_FALSE(hash_holds_out(1, 1, kTestSalt));
  EXPECT_FALSE(hash_holds_out(1, 3, kTestSalt));
  EXPECT_TRUE(hash_holds_out(1, 50, kTestSalt));
  EXPECT_FALSE(hash_holds_out(2, 318, kTestSalt));
  EXPECT_FALSE(hash_holds_out(610, 168252, kTestSalt));
  EXPECT_TRUE(hash_holds_out(1, 9, kTestSalt));
  EXPECT_TRUE(hash_holds_out(2, 3, kTestSalt));
  EXPECT_TRUE(hash_holds_out(3, 2, kTestSalt));
}

TEST(HashHoldsOut, TheValidationSaltPicksOtherPairs) {
  // splitmix64(((u << 32) | m) ^ 0x7A11DA7E5A17) % 5: (1,7) -> 0, (1,9) -> 0, (1,50) -> 4, (2,3) -> 3
  EXPECT_TRUE(hash_holds_out(1, 7, kValidationSalt));
  EXPECT_TRUE(hash_holds_out(1, 9, kValidationSalt));
  EXPECT_FALSE(hash_holds_out(1, 50, kValidationSalt));
  EXPECT_FALSE(hash_holds_out(2, 3, kValidationSalt));
}

// Movies 1..16 on rows 0..15; users 1, 2, 3 on rows 0, 1, 2.
InteractionLog small_log(std::vector<Interaction> interactions) {
  std::vector<std::uint32_t> movie_ids;
  for (std::uint32_t m = 1; m <= 16; ++m) movie_ids.push_back(m);
  return make_interaction_log({1, 2, 3}, std::move(movie_ids), std::move(interactions));
}

TEST(HoldoutSplit, HoldsOutHashedPositivesOnly) {
  const InteractionLog log = small_log({
      {0, 8, 5.0F, 0},   // user 1, movie 9: positive, hash 0 -> held out
      {0, 12, 4.0F, 0},  // user 1, movie 13: positive, hash 0 -> held out
      {0, 0, 4.5F, 0},   // user 1, movie 1: hash 2 -> train positive
      {0, 14, 2.0F, 0},  // user 1, movie 15: hash 0 but not a positive -> train
      {0, 2, 3.5F, 0},   // user 1, movie 3: hash 3 -> train positive (3.5 counts)
      {1, 2, 4.0F, 0},   // user 2, movie 3: hash 0 -> held out
      {1, 6, 1.0F, 0},   // user 2, movie 7: hash 0, not a positive -> train
      {2, 0, 5.0F, 0},   // user 3, movie 1: hash 2 -> train
  });
  const EvaluationSplit s = holdout_split(log, kTestSalt);
  EXPECT_EQ(s.held_out[0], (std::vector<std::uint32_t>{8, 12}));
  EXPECT_EQ(s.held_out[1], (std::vector<std::uint32_t>{2}));
  EXPECT_TRUE(s.held_out[2].empty());
  // User 2 has a held-out positive but no train positive, user 3 nothing held out.
  EXPECT_EQ(s.evaluated_users, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(s.held_out_count(), 2U);
  ASSERT_EQ(s.train.interactions.size(), 5U);
  EXPECT_EQ(s.train.of_user(0).size(), 3U);
  EXPECT_EQ(s.train.of_user(1).size(), 1U);
  EXPECT_EQ(s.train.of_user(1)[0].rating, 1.0F);
}

TEST(TemporalSplit, HoldsOutTheLatestFifthOfPositives) {
  std::vector<Interaction> ratings;
  // User 1: ten positives at times 100..109 (movie m at 100 + m), plus a late non-positive.
  for (std::uint32_t item = 0; item < 10; ++item) ratings.push_back({0, item, 4.0F, 100 + item});
  ratings.push_back({0, 10, 1.0F, 500});
  // User 2: four positives -> floor(0.8) = 0 held out. User 3: five positives, the two latest share a
  // timestamp; the higher movie id counts as later.
  for (std::uint32_t item = 0; item < 4; ++item) ratings.push_back({1, item, 5.0F, 10});
  ratings.push_back({2, 0, 4.0F, 1});
  ratings.push_back({2, 1, 4.0F, 2});
  ratings.push_back({2, 2, 4.0F, 3});
  ratings.push_back({2, 3, 4.0F, 9});
  ratings.push_back({2, 4, 4.0F, 9});
  const EvaluationSplit s = temporal_split(small_log(std::move(ratings)));
  EXPECT_EQ(s.held_out[0], (std::vector<std::uint32_t>{8, 9}));
  EXPECT_TRUE(s.held_out[1].empty());
  EXPECT_EQ(s.held_out[2], (std::vector<std::uint32_t>{4}));
  EXPECT_EQ(s.evaluated_users, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_EQ(s.train.of_user(0).size(), 9U);  // eight earlier positives and the late 1-star
}

TEST(SampleEvaluatedUsers, KeepsTheUsersWithTheSmallestSaltedHashInRowOrder) {
  EvaluationSplit split;
  for (std::uint32_t id = 1; id <= 40; ++id) split.train.user_ids.push_back(id * 7);
  for (std::uint32_t row = 0; row < 40; row += 2) split.evaluated_users.push_back(row);  // 20 users
  EvaluationSplit same = split;
  EXPECT_EQ(sample_evaluated_users(same, 20), 20U);  // not more than there are: untouched
  EXPECT_EQ(same.evaluated_users, split.evaluated_users);

  EXPECT_EQ(sample_evaluated_users(same, 5), 20U);
  ASSERT_EQ(same.evaluated_users.size(), 5U);
  EXPECT_TRUE(std::is_sorted(same.evaluated_users.begin(), same.evaluated_users.end()));
  // Exactly the five smallest splitmix64(user id ^ salt) among the twenty.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
  for (const std::uint32_t row : split.evaluated_users) {
    keyed.emplace_back(splitmix64(static_cast<std::uint64_t>(split.train.user_ids[row]) ^ kUserSampleSalt), row);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::uint32_t> expected;
  for (std::size_t i = 0; i < 5; ++i) expected.push_back(keyed[i].second);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(same.evaluated_users, expected);
}

TEST(InteractionLog, RejectsARepeatedPairAndRowsOutsideTheLog) {
  EXPECT_THROW((void)small_log({{0, 1, 4.0F, 0}, {0, 1, 3.0F, 0}}), InputError);
  EXPECT_THROW((void)small_log({{3, 1, 4.0F, 0}}), InputError);
  EXPECT_THROW((void)small_log({{0, 16, 4.0F, 0}}), InputError);
}

// Counts cross-checked with an independent Python implementation of both protocols.
TEST(MovieLensSplits, CountsOnMlLatestSmall) {
  const auto dir = movielens_dir();
  ASSERT_TRUE(std::filesystem::exists(dir / "ratings.csv")) << dir << " is missing: set MOVIELENS_DIR";
  const Dataset dataset = load_dataset(dir);
  const CatalogBuild built = build_catalog(dataset);
  const InteractionLog log = interaction_log(dataset, built.catalog);
  EXPECT_EQ(log.item_count(), 9708U);
  EXPECT_EQ(log.user_count(), 610U);

  const EvaluationSplit holdout = holdout_split(log, kTestSalt);
  EXPECT_EQ(holdout.evaluated_users.size(), 599U);
  // 12,288 on the raw files; cleaning drops 4 held-out positives of movies without genres.
  EXPECT_EQ(holdout.held_out_count(), 12284U);
  const EvaluationSplit validation = holdout_split(holdout.train, kValidationSalt);
  EXPECT_EQ(validation.evaluated_users.size(), 594U);
  EXPECT_EQ(validation.held_out_count(), 9677U);

  const EvaluationSplit temporal = temporal_split(log);
  EXPECT_EQ(temporal.evaluated_users.size(), 604U);
  EXPECT_EQ(temporal.held_out_count(), 12092U);
  const EvaluationSplit temporal_validation = temporal_split(temporal.train);
  EXPECT_EQ(temporal_validation.evaluated_users.size(), 603U);
  EXPECT_EQ(temporal_validation.held_out_count(), 9665U);

  // Popularity by train positives, ties to the lower catalog row (Python: 0.17776, 0.17599).
  const RankingMetrics popularity = evaluate_scores(
      holdout, popularity_scores(holdout.train, holdout.evaluated_users), popularity_ranks(positive_counts(holdout.train)));
  EXPECT_NEAR(popularity.ndcg, 0.17776, 5e-5);
  EXPECT_NEAR(popularity.recall, 0.17599, 5e-5);
}

}  // namespace
}  // namespace movierec
