// The re-rank's dislike term on hand-made candidates whose content cosines make the answer obvious.
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "movierec/result_diversity.hpp"
#include "movierec/series_index.hpp"

namespace movierec {
namespace {

// Movie 9 is the disliked film: 1 is a near copy of it, 2 shares a little with it, 3 nothing.
RerankContext context_with_dislike() {
  RerankContext context;
  const std::map<std::pair<std::uint32_t, std::uint32_t>, float> cosine{{{1, 9}, 0.95f}, {{2, 9}, 0.45f}, {{3, 9}, 0.1f}};
  context.content_cosine = [cosine](std::uint32_t a, std::uint32_t b) {
    if (a == b) return 1.0f;
    const auto it = cosine.find({std::min(a, b), std::max(a, b)});
    return it == cosine.end() ? 0.0f : it->second;
  };
  context.disliked = {9};
  return context;
}

std::vector<std::uint32_t> order(const std::vector<ScoredMovie>& picked) {
  std::vector<std::uint32_t> movies;
  for (const auto& p : picked) movies.push_back(p.movie);
  return movies;
}

const std::vector<ScoredMovie> kCandidates{{1, 1.0f}, {2, 0.9f}, {3, 0.85f}, {4, 0.0f}};

TEST(Rerank, ANearCopyOfADislikedFilmStepsBack) {
  RerankSettings settings;
  settings.disliked_neighbours = 0.5f;
  // Movie 1 loses 0.5 * (0.95 - 0.6) / 0.4 = 0.44 of its relevance 1: below 2 (0.9) and 3 (0.85).
  EXPECT_EQ(order(rerank(kCandidates, 4, settings, context_with_dislike())), (std::vector<std::uint32_t>{2, 3, 1, 4}));
}

TEST(Rerank, FilmsBeyondTheDislikesReachKeepTheirPlace) {
  RerankSettings settings;
  settings.disliked_neighbours = 0.5f;
  auto context = context_with_dislike();
  context.disliked = {8};  // a disliked film close to nothing here
  EXPECT_EQ(order(rerank(kCandidates, 4, settings, context)), (std::vector<std::uint32_t>{1, 2, 3, 4}));
  // Movie 2's cosine 0.45 is short of kDislikeReach: it keeps all of its lead of 0.05 over movie 3.
  context.disliked = {9};
  EXPECT_EQ(order(rerank(kCandidates, 4, settings, context)), (std::vector<std::uint32_t>{2, 3, 1, 4}));
}

TEST(Rerank, TheRestOfADislikedFilmsSeriesStepsBackHowEverItReads) {
  // Rows 3 and 9 are one series (named by row 3); row 3 reads unlike the disliked row 9 (cosine 0.1).
  std::vector<std::uint32_t> series_of_row(10, kNoSeries);
  series_of_row[3] = series_of_row[9] = 3;
  const SeriesIndex series = SeriesIndex::from_series(series_of_row);
  auto context = context_with_dislike();
  context.series = &series;
  context.disliked_series = {3};
  RerankSettings settings;
  settings.disliked_neighbours = 0.3f;
  // Movie 1 loses 0.3 * 0.875 = 0.26 (to 0.74), movie 3 the whole 0.3 (to 0.55): both end behind movie 2.
  EXPECT_EQ(order(rerank(kCandidates, 4, settings, context)), (std::vector<std::uint32_t>{2, 1, 3, 4}));
  // A penalty, not a ban: the series' film is still picked when the list needs it.
  EXPECT_EQ(order(rerank(kCandidates, 3, settings, context)).back(), 3u);
}

TEST(Rerank, WithTheKnobAtZeroDislikesChangeNothing) {
  EXPECT_EQ(order(rerank(kCandidates, 4, RerankSettings{}, context_with_dislike())), (std::vector<std::uint32_t>{1, 2, 3, 4}));
}

TEST(Rerank, PickingWidensThePoolWhenDislikesCount) {
  RerankSettings settings;
  settings.disliked_neighbours = 0.5f;
  std::vector<std::size_t> asked;
  const auto picked = pick_recommendations(2, settings, context_with_dislike(), [&](std::size_t count) {
    asked.push_back(count);
    return std::vector<ScoredMovie>(kCandidates.begin(), kCandidates.begin() + std::min(count, kCandidates.size()));
  });
  ASSERT_FALSE(asked.empty());
  EXPECT_GT(asked.front(), 2u);  // the near copy needs candidates behind it to step back behind
  EXPECT_EQ(order(picked), (std::vector<std::uint32_t>{2, 3}));
}

}  // namespace
}  // namespace movierec
