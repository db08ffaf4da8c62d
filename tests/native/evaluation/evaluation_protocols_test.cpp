// The visitor and cold-items protocols on hand-made splits whose folds and kept ratings were worked out
// with an independent Python splitmix64, and the counts and popularity scores on ml-latest-small
// (cross-checked with an independent Python implementation of the protocols).
#include "evaluation/evaluation_protocols.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <sstream>

#include "artifacts/catalog_builder.hpp"
#include "evaluation/evaluation_report.hpp"

namespace movierec {
namespace {

using Items = std::vector<std::uint32_t>;

std::filesystem::path movielens_dir() {
  if (const char* dir = std::getenv("MOVIELENS_DIR")) return dir;
  return std::filesystem::path(MOVIEREC_SOURCE_DIR) / ".." / "shared" / "data" / "ml-latest-small";
}

// The item rows a user rated in `log`, ascending.
Items rated(const InteractionLog& log, std::uint32_t user) {
  Items out;
  for (const Interaction& r : log.of_user(user)) out.push_back(r.item);
  return out;
}

// Users 1-5 on rows 0-4, movies 1-20 on rows 0-19. Folds (splitmix64(id ^ kVisitorFoldSalt) % 5):
// users 1, 4, 5 -> 3, user 2 -> 1, user 3 -> 0; nobody in folds 2 and 4.
EvaluationSplit hand_made_split() {
  std::vector<Interaction> train;
  // User 1: positives on movies 1-8, dislikes on 9-12, a 3.0 (neither) on 13; holds out movie 20.
  // Keep order of the positives: 2, 1, 5, 6, 4, 8, 3, 7; of the dislikes: 9, 11, 12, 10.
  const float user1[] = {4.0F, 5.0F, 3.5F, 4.5F, 4.0F, 5.0F, 4.0F, 3.5F, 1.0F, 2.5F, 2.0F, 0.5F, 3.0F};
  for (std::uint32_t item = 0; item < 13; ++item) train.push_back({0, item, user1[item], 0});
  // User 2: positives on movies 1-6 (keep order 3, 1, 6, 4, 2, 5); holds out movie 20.
  for (std::uint32_t item = 0; item < 6; ++item) train.push_back({1, item, 4.0F, 0});
  // User 3: positives on movies 7-10 (keep order 8, 9, 10, 7), a dislike on 11; holds out 15 and 16.
  for (std::uint32_t item = 6; item < 10; ++item) train.push_back({2, item, 4.0F, 0});
  train.push_back({2, 10, 1.0F, 0});
  // User 4: only two positives, movies 3 and 19 (keep order 19, 3), a dislike on 14; holds out 18.
  train.push_back({3, 2, 4.5F, 0});
  train.push_back({3, 18, 3.5F, 0});
  train.push_back({3, 13, 2.0F, 0});
  // User 5: in fold 3 but not evaluated (nothing held out): always keeps everything.
  for (std::uint32_t item = 0; item < 4; ++item) train.push_back({4, item, 4.0F, 0});
  Items movies(20);
  for (std::uint32_t m = 0; m < 20; ++m) movies[m] = m + 1;
  EvaluationSplit split;
  split.train = make_interaction_log({1, 2, 3, 4, 5}, movies, std::move(train));
  split.held_out = {{19}, {19}, {14, 15}, {17}, {}};
  split.evaluated_users = {0, 1, 2, 3};
  return split;
}

TEST(VisitorFold, HashesTheUserIdWithItsOwnSalt) {
  EXPECT_EQ(visitor_fold(1), 3U);
  EXPECT_EQ(visitor_fold(2), 1U);
  EXPECT_EQ(visitor_fold(3), 0U);
  EXPECT_EQ(visitor_fold(7), 2U);
  EXPECT_EQ(visitor_fold(11), 4U);
  EXPECT_EQ(visitor_keep_order(7, 3), 0x9FEEAC2FFAB5135DULL);  // splitmix64(((7 << 32) | 3) ^ kVisitorKeepSalt)
  std::vector<std::string> names;
  for (const VisitorProtocol& p : visitor_protocols()) names.push_back(p.name());
  EXPECT_EQ(names, (std::vector<std::string>{"visitor-1", "visitor-3", "visitor-5", "visitor-10", "visitor-1-dislikes",
                                             "visitor-3-dislikes", "visitor-5-dislikes", "visitor-10-dislikes"}));
}

TEST(VisitorSplit, FoldUsersKeepTheFirstNPositivesByHashAndEveryoneElseKeepsAll) {
  const EvaluationSplit split = hand_made_split();
  const EvaluationSplit three = visitor_split(split, {3, false}, 3);
  EXPECT_EQ(three.evaluated_users, (Items{0, 3}));
  EXPECT_EQ(rated(three.train, 0), (Items{0, 1, 4}));  // movies 1, 2, 5; no dislike, not the 3.0
  EXPECT_EQ(three.train.of_user(0)[1].rating, 5.0F);   // ratings kept as they were
  EXPECT_EQ(rated(three.train, 3), (Items{2, 18}));    // fewer than 3 positives: both
  EXPECT_EQ(rated(three.train, 4), (Items{0, 1, 2, 3}));  // in the fold but not evaluated
  EXPECT_EQ(rated(three.train, 1), rated(split.train, 1));  // other folds: everything
  EXPECT_EQ(rated(three.train, 2), rated(split.train, 2));
  EXPECT_EQ(three.held_out, split.held_out);
  EXPECT_EQ(three.train.user_ids, split.train.user_ids);
  EXPECT_EQ(three.train.movie_ids, split.train.movie_ids);

  const EvaluationSplit one = visitor_split(split, {1, false}, 3);
  EXPECT_EQ(rated(one.train, 0), (Items{1}));   // movie 2
  EXPECT_EQ(rated(one.train, 3), (Items{18}));  // movie 19
  const EvaluationSplit ten = visitor_split(split, {10, false}, 3);
  EXPECT_EQ(rated(ten.train, 0), (Items{0, 1, 2, 3, 4, 5, 6, 7}));  // all eight positives, still no dislike

  const EvaluationSplit fold1 = visitor_split(split, {3, false}, 1);
  EXPECT_EQ(fold1.evaluated_users, (Items{1}));
  EXPECT_EQ(rated(fold1.train, 1), (Items{0, 2, 5}));  // movies 3, 1, 6
  EXPECT_EQ(rated(fold1.train, 0).size(), 13U);
  const EvaluationSplit fold2 = visitor_split(split, {3, false}, 2);
  EXPECT_TRUE(fold2.evaluated_users.empty());
  EXPECT_EQ(fold2.train.interactions.size(), split.train.interactions.size());
}

TEST(VisitorSplit, TheDislikeVariantAlsoKeepsUpToNRatingsBelowThree) {
  const EvaluationSplit split = hand_made_split();
  const EvaluationSplit three = visitor_split(split, {3, true}, 3);
  EXPECT_EQ(rated(three.train, 0), (Items{0, 1, 4, 8, 10, 11}));  // + movies 9, 11, 12; never the 3.0 on 13
  EXPECT_EQ(rated(three.train, 3), (Items{2, 13, 18}));           // + its one dislike
  const EvaluationSplit one = visitor_split(split, {1, true}, 3);
  EXPECT_EQ(rated(one.train, 0), (Items{1, 8}));  // movie 2 and movie 9
  const EvaluationSplit fold0 = visitor_split(split, {3, true}, 0);
  EXPECT_EQ(rated(fold0.train, 2), (Items{7, 8, 9, 10}));  // movies 8, 9, 10 and the dislike on 11
}

// The top lists of a fold exclude only what its visitors kept: the ratings they dropped may be
// recommended back (and count as misses, as they are not held out).
TEST(VisitorSplit, RankingsExcludeOnlyTheKeptRatings) {
  const EvaluationSplit fold = visitor_split(hand_made_split(), {3, false}, 3);
  ScoreMatrix lowest_row_first(2, 20);
  for (Eigen::Index j = 0; j < 20; ++j) lowest_row_first.col(j).setConstant(-static_cast<float>(j));
  const auto lists = top_lists(fold.train, fold.evaluated_users, lowest_row_first);
  EXPECT_EQ(lists[0], (Items{2, 3, 5, 6, 7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(lists[1], (Items{0, 1, 3, 4, 5, 6, 7, 8, 9, 10}));
}

TEST(ColdItemTargets, KeepHeldOutPositivesOfMoviesWithFewTrainRatings) {
  // Movie row 0 has 5 train ratings (cold: at most 5), row 1 has 6, row 2 none. User row 0 holds out
  // rows 0, 1, 2; user row 6 only row 1, so it does not count for cold items.
  std::vector<Interaction> train;
  for (std::uint32_t user = 1; user <= 5; ++user) {
    train.push_back({user, 0, user % 2 == 0 ? 2.0F : 4.0F, 0});
    train.push_back({user, 1, 4.0F, 0});
  }
  train.push_back({7, 1, 1.0F, 0});
  train.push_back({0, 3, 4.0F, 0});
  train.push_back({6, 4, 4.0F, 0});
  EvaluationSplit split;
  split.train = make_interaction_log({1, 2, 3, 4, 5, 6, 7, 8}, {101, 102, 103, 104, 105, 106, 107, 108, 109, 110},
                                     std::move(train));
  split.held_out = {{0, 1, 2}, {}, {}, {}, {}, {}, {1}, {}};
  split.evaluated_users = {0, 6};
  const auto targets = cold_item_targets(split);
  EXPECT_EQ(targets[0], (Items{0, 2}));
  EXPECT_TRUE(targets[6].empty());

  // The rankings stay as they are; only the cold targets are relevant and only user row 0 counts.
  const std::vector<Items> lists{{2, 1, 5, 6, 7, 8, 9, 3, 4, 0}, {1, 0, 2, 3, 5, 6, 7, 8, 9, 4}};
  const Items ranks(10, 1);
  const RankingMetrics cold = evaluate_lists(lists, split.evaluated_users, targets, ranks);
  EXPECT_EQ(cold.users, 1U);
  EXPECT_DOUBLE_EQ(cold.recall, 1.0);  // rows 2 (first) and 0 (tenth)
  EXPECT_NEAR(cold.ndcg, (1.0 + 1.0 / std::log2(11.0)) / (1.0 + 1.0 / std::log2(3.0)), 1e-12);
  const RankingMetrics full = evaluate_lists(lists, split.evaluated_users, split.held_out, ranks);
  EXPECT_EQ(full.users, 2U);
  EXPECT_DOUBLE_EQ(full.recall, 1.0);
}

// What a method saw in one call: the users it scored and how many ratings each of them had.
struct Seen {
  Items users;
  std::vector<std::size_t> ratings_per_user;
};

TEST(VisitorProtocol, FitsEachFoldOnItsOwnDataAndAveragesOverAllUsers) {
  const EvaluationSplit split = hand_made_split();
  std::mutex mutex;
  std::vector<Seen> seen;
  bool full_profile_method_called = false;
  const std::vector<ComparedMethod> methods{
      {"highest_row_first",
       [&](MethodInputs& in) {
         {
           const std::lock_guard lock(mutex);
           Seen s{Items(in.users().begin(), in.users().end()), {}};
           for (std::uint32_t u = 0; u < in.train().user_count(); ++u) s.ratings_per_user.push_back(in.train().of_user(u).size());
           seen.push_back(s);
         }
         ScoreMatrix scores(static_cast<Eigen::Index>(in.users().size()), 20);
         for (Eigen::Index j = 0; j < 20; ++j) scores.col(j).setConstant(static_cast<float>(j));
         return scores;
       }},
      {"full_profiles_only",
       [&](MethodInputs& in) {
         full_profile_method_called = true;
         return ScoreMatrix(ScoreMatrix::Zero(static_cast<Eigen::Index>(in.users().size()), 20));
       },
       MethodScope::full_profiles},
  };
  const Items ranks(20, 1);
  std::ostringstream log;
  const ProtocolResult result = run_visitor_protocol(split, {3, false}, methods, ranks, nullptr, 1, log);
  EXPECT_FALSE(full_profile_method_called);
  EXPECT_EQ(result.protocol, "visitor-3");
  EXPECT_EQ(result.users, 4U);
  EXPECT_EQ(result.held_out, 5U);
  EXPECT_EQ(result.details.at("users_with_fewer_positives"), 1);  // user 4
  ASSERT_EQ(result.methods.size(), 1U);
  EXPECT_EQ(result.methods[0].name, "highest_row_first");
  // User 1: movie 20 first; user 4: movie 20 first, then 19 is kept, so its movie 18 comes second;
  // user 2: movie 20 first; user 3: movies 16 and 15 fifth and sixth.
  const double user3 = (1.0 / std::log2(6.0) + 1.0 / std::log2(7.0)) / (1.0 + 1.0 / std::log2(3.0));
  EXPECT_NEAR(result.methods[0].metrics.ndcg, (1.0 + 1.0 / std::log2(3.0) + 1.0 + user3) / 4.0, 1e-12);  // 0.77163...
  EXPECT_DOUBLE_EQ(result.methods[0].metrics.recall, 1.0);

  // One fit per fold with users (folds 0, 1, 3), each on that fold's data.
  ASSERT_EQ(seen.size(), 3U);
  std::sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) { return a.users < b.users; });
  EXPECT_EQ(seen[0].users, (Items{0, 3}));
  EXPECT_EQ(seen[0].ratings_per_user, (std::vector<std::size_t>{3, 6, 5, 2, 4}));
  EXPECT_EQ(seen[1].users, (Items{1}));
  EXPECT_EQ(seen[1].ratings_per_user, (std::vector<std::size_t>{13, 3, 5, 3, 4}));
  EXPECT_EQ(seen[2].users, (Items{2}));
  EXPECT_EQ(seen[2].ratings_per_user, (std::vector<std::size_t>{13, 6, 3, 3, 4}));

  // Folds on two threads: the same numbers.
  const ProtocolResult parallel = run_visitor_protocol(split, {3, false}, methods, ranks, nullptr, 2, log);
  EXPECT_EQ(parallel.methods[0].metrics.ndcg, result.methods[0].metrics.ndcg);
  EXPECT_EQ(parallel.users, result.users);
}

TEST(VisitorProtocol, WithoutHeldOutPositivesNothingIsMeasuredOrShownAsZero) {
  EvaluationSplit split = hand_made_split();
  split.held_out.assign(split.held_out.size(), {});
  split.evaluated_users.clear();
  bool called = false;
  const std::vector<ComparedMethod> methods{{"any", [&](MethodInputs& in) {
                                               called = true;
                                               return ScoreMatrix(ScoreMatrix::Zero(static_cast<Eigen::Index>(in.users().size()), 20));
                                             }}};
  std::ostringstream log;
  const ProtocolResult result = run_visitor_protocol(split, {3, false}, methods, Items(20, 1), nullptr, 2, log);
  EXPECT_FALSE(called);
  EXPECT_EQ(result.held_out, 0U);
  EXPECT_TRUE(result.methods.empty());
  EXPECT_NE(log.str().find("visitor-3: no held-out positives under this split"), std::string::npos) << log.str();
  for (const auto& targets : cold_item_targets(split)) EXPECT_TRUE(targets.empty());

  const nlohmann::ordered_json json = protocol_json(result);
  EXPECT_EQ(json.at("protocol"), "visitor-3");
  EXPECT_EQ(json.at("heldout"), 0);
  EXPECT_TRUE(json.at("methods").empty());
  EXPECT_EQ(json.at("note"), "no held-out positives under this split");

  EvalReport report;
  ProtocolResult full;
  full.protocol = "ml-small-holdout-v1";
  report.protocols = {full, result};
  const std::string markdown = protocols_markdown(report);
  EXPECT_NE(markdown.find("visitor-3: no held-out positives under this split."), std::string::npos) << markdown;
  EXPECT_EQ(markdown.find("0.0000"), std::string::npos) << markdown;
}

TEST(ProtocolJson, CarriesTheListQualityMetricsThatWereMeasured) {
  ProtocolResult p;
  p.protocol = "cold-items";
  p.users = 2;
  p.held_out = 3;
  p.details = {{"max_train_ratings", 5}};
  RankingMetrics with_series;
  with_series.ndcg = 0.123456;
  with_series.intra_list_diversity = 0.5;
  with_series.max_per_series = 1.25;
  with_series.share_over_2_per_series = 0.1;
  RankingMetrics without_series;
  without_series.intra_list_diversity = 0.25;
  p.methods = {{"a", with_series}, {"b", without_series}};
  const nlohmann::ordered_json json = protocol_json(p);
  EXPECT_EQ(json.at("max_train_ratings"), 5);
  EXPECT_FALSE(json.contains("note"));
  const auto& a = json.at("methods").at(0);
  EXPECT_EQ(a.at("ndcg_at_10"), 0.1235);
  EXPECT_EQ(a.at("intra_list_diversity"), 0.5);
  EXPECT_EQ(a.at("max_per_series"), 1.25);
  EXPECT_EQ(a.at("share_over_2_per_series"), 0.1);
  const auto& b = json.at("methods").at(1);
  EXPECT_EQ(b.at("intra_list_diversity"), 0.25);
  EXPECT_FALSE(b.contains("max_per_series"));  // not measured: absent, not 0
  EXPECT_FALSE(b.contains("share_over_2_per_series"));
}

// Cross-checked with an independent Python implementation (fold sizes, cold items, and popularity by
// each fold's train positives with ties to the lower catalog row).
TEST(MovieLensProtocols, FoldsColdItemsAndVisitorPopularityOnMlLatestSmall) {
  const auto dir = movielens_dir();
  ASSERT_TRUE(std::filesystem::exists(dir / "ratings.csv")) << dir << " is missing: set MOVIELENS_DIR";
  const Dataset dataset = load_dataset(dir);
  const InteractionLog log = interaction_log(dataset, build_catalog(dataset).catalog);
  const EvaluationSplit test = holdout_split(log, kTestSalt);

  std::vector<std::size_t> fold_sizes(kVisitorFolds, 0);
  for (const std::uint32_t user : test.evaluated_users) ++fold_sizes[visitor_fold(test.train.user_ids[user])];
  EXPECT_EQ(fold_sizes, (std::vector<std::size_t>{127, 108, 115, 119, 130}));

  std::size_t cold_users = 0, cold_positives = 0;
  for (const auto& targets : cold_item_targets(test)) {
    cold_users += targets.empty() ? 0 : 1;
    cold_positives += targets.size();
  }
  EXPECT_EQ(cold_users, 258U);
  EXPECT_EQ(cold_positives, 1634U);

  const std::vector<ComparedMethod> popularity{
      {"popularity", [](MethodInputs& in) { return popularity_scores(in.train(), in.users()); }}};
  const Items ranks = popularity_ranks(positive_counts(test.train));
  std::ostringstream progress;
  const double expected[] = {0.0916932, 0.0925736, 0.0970121};  // visitor-1, 3, 10
  const std::size_t sizes[] = {1, 3, 10};
  for (std::size_t i = 0; i < 3; ++i) {
    const ProtocolResult result = run_visitor_protocol(test, {sizes[i], false}, popularity, ranks, nullptr, 2, progress);
    EXPECT_EQ(result.users, 599U);
    EXPECT_EQ(result.held_out, 12284U);
    EXPECT_NEAR(result.methods.at(0).metrics.ndcg, expected[i], 1e-6) << result.protocol;
  }
}

}  // namespace
}  // namespace movierec
