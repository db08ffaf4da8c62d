// The series rules of series_index.hpp on the titles they are written for: strong title links join
// films by themselves, weak and loose ones only when the films are alike enough.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "movierec/catalog.hpp"
#include "movierec/errors.hpp"
#include "movierec/series_index.hpp"

namespace movierec {
namespace {

const std::vector<std::string> kTitles = {
    "Toy Story (1995)",                                      // 0
    "Toy Story 2 (1999)",                                    // 1
    "Star Wars: Episode IV - A New Hope (1977)",             // 2
    "Star Wars: Episode V - The Empire Strikes Back (1980)", // 3
    "Alien (1979)",                                          // 4
    "Alien: Resurrection (1997)",                            // 5
    "Mission, The (1986)",                                   // 6
    "Mission: Impossible (1996)",                            // 7
    "Big (1988)",                                            // 8
    "Big Fish (2003)",                                       // 9
    "Harry Potter and the Sorcerer's Stone (a.k.a. Harry Potter and the Philosopher's Stone) (2001)",  // 10
    "Harry Potter and the Chamber of Secrets (2002)",        // 11
    "Rocky (1976)",                                          // 12
    "Rocky IV (1985)",                                       // 13
    "Heat (1995)",                                           // 14
    "Lost World: Jurassic Park, The (1997)",                 // 15
    "Jurassic Park (1993)",                                  // 16
};

Catalog catalog() {
  std::vector<Movie> movies;
  for (std::uint32_t i = 0; i < kTitles.size(); ++i) movies.push_back({i + 1, kTitles[i], 2000, 1, 3.5f, 10});
  return Catalog({"Drama"}, movies);
}

// How alike two films are: Alien and its sequel, the Potter films and the Jurassic Park films are;
// Big and Big Fish somewhat (not enough for a one-word title); nothing else.
float alike(std::uint32_t a, std::uint32_t b) {
  const auto pair = [&](std::uint32_t x, std::uint32_t y) { return (a == x && b == y) || (a == y && b == x); };
  if (pair(4, 5) || pair(10, 11) || pair(15, 16)) return 0.6f;
  if (pair(8, 9)) return 0.5f;
  return 0.1f;
}

TEST(SeriesIndex, TitleRulesAndLikenessDecideTogether) {
  const SeriesIndex series(catalog(), alike);
  EXPECT_TRUE(series.same_series(0, 1));    // title + number
  EXPECT_TRUE(series.same_series(2, 3));    // same text before ":"
  EXPECT_TRUE(series.same_series(4, 5));    // title + ": subtitle", alike
  EXPECT_FALSE(series.same_series(6, 7));   // the same shape, not alike
  EXPECT_FALSE(series.same_series(8, 9));   // a one-word title needs very alike films
  EXPECT_TRUE(series.same_series(10, 11));  // two shared lead words, alike
  EXPECT_TRUE(series.same_series(12, 13));  // title + roman numeral
  EXPECT_TRUE(series.same_series(15, 16));  // "subtitle: title"
  EXPECT_EQ(series.series_of(14), kNoSeries);
  EXPECT_TRUE(series.others_in_series(14).empty());
  EXPECT_EQ(series.others_in_series(1), std::vector<std::uint32_t>{0});
  EXPECT_EQ(series.series_of(3), 2u);  // named by its smallest row
  EXPECT_EQ(series.series_count(), 6u);
}

TEST(SeriesIndex, NothingIsJoinedWhenNoFilmsAreAlikeButStrongLinksRemain) {
  const SeriesIndex series(catalog(), [](std::uint32_t, std::uint32_t) { return 0.0f; });
  EXPECT_TRUE(series.same_series(0, 1));
  EXPECT_TRUE(series.same_series(2, 3));
  EXPECT_TRUE(series.same_series(12, 13));
  EXPECT_FALSE(series.same_series(4, 5));
  EXPECT_FALSE(series.same_series(10, 11));
  EXPECT_EQ(series.series_count(), 3u);
}

// A build ships series() in catalog.bin; the engine reads them back instead of deriving them.
TEST(SeriesIndex, ShippedSeriesReadBackAsTheSameIndex) {
  const SeriesIndex derived(catalog(), alike);
  const auto shipped = SeriesIndex::from_series(derived.series());
  EXPECT_EQ(shipped.series(), derived.series());
  EXPECT_EQ(shipped.series_count(), derived.series_count());
  for (std::uint32_t row = 0; row < kTitles.size(); ++row) {
    EXPECT_EQ(shipped.others_in_series(row), derived.others_in_series(row)) << row;
  }
  EXPECT_EQ(SeriesIndex::from_series({}).series_count(), 0u);
}

TEST(SeriesIndex, ShippedSeriesThatCannotBeTrueAreRefused) {
  const std::uint32_t none = kNoSeries;
  // Named by a later film, by a film of another series, or a series of one film.
  for (const std::vector<std::uint32_t>& series : {std::vector<std::uint32_t>{1, 1}, std::vector<std::uint32_t>{none, 0},
                                                   std::vector<std::uint32_t>{0, none}, std::vector<std::uint32_t>{0, 0, 1}}) {
    EXPECT_THROW((void)SeriesIndex::from_series(series), ArtifactError);
  }
  EXPECT_NO_THROW((void)SeriesIndex::from_series(std::vector<std::uint32_t>{0, none, 0}));
}

}  // namespace
}  // namespace movierec
