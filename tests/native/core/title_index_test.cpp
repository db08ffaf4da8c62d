// Title lookup: normalisation and the exact > prefix > substring > fuzzy ranking, ties by popularity.
#include <gtest/gtest.h>

#include <algorithm>

#include "movierec/catalog.hpp"
#include "movierec/title_index.hpp"

namespace movierec {
namespace {

TEST(NormalizeTitle, FoldsCaseAccentsYearsAndArticles) {
  EXPECT_EQ(normalize_title("Toy Story (1995)"), "toy story");
  EXPECT_EQ(normalize_title("American President, The (1995)"), "american president");
  EXPECT_EQ(normalize_title("The American President"), "american president");
  EXPECT_EQ(normalize_title("Amélie (Fabuleux destin d'Amélie Poulain, Le) (2001)"),
            "amelie fabuleux destin d amelie poulain le");
  EXPECT_EQ(normalize_title("  WALL·E  "), "wall e");
  EXPECT_EQ(normalize_title("2001: A Space Odyssey (1968)"), "2001 a space odyssey");
  // Only a year in parentheses is a year; a bare number belongs to the title.
  EXPECT_EQ(normalize_title("Blade Runner 2049"), "blade runner 2049");
  EXPECT_EQ(normalize_title("Blade Runner 2049 (2017) "), "blade runner 2049");
  EXPECT_EQ(normalize_title(""), "");
  EXPECT_EQ(normalize_title("\xff\xfe broken utf8"), "broken utf8");
}

class TitleIndexTest : public ::testing::Test {
 protected:
  TitleIndexTest()
      : catalog_({}, {{1, "Toy Story (1995)", 1995, 0, 0, 200},
                      {2, "Toy Story 2 (1999)", 1999, 0, 0, 100},
                      {3, "Toy Story 3 (2010)", 2010, 0, 0, 150},
                      {4, "Story of Toys, The (1980)", 1980, 0, 0, 5},
                      {5, "Matrix, The (1999)", 1999, 0, 0, 280},
                      {6, "Toy Soldiers (1991)", 1991, 0, 0, 8}}),
        index_(catalog_) {}

  std::vector<std::uint32_t> ids(std::string_view query, std::size_t limit) const {
    std::vector<std::uint32_t> out;
    for (const auto& match : index_.find(query, limit)) out.push_back(catalog_.movie(match.movie_index).id);
    return out;
  }

  Catalog catalog_;
  TitleIndex index_;
};

TEST_F(TitleIndexTest, ExactBeatsPrefixBeatsSubstringAndTiesGoToPopularity) {
  EXPECT_EQ(ids("toy story", 10), (std::vector<std::uint32_t>{1, 3, 2}));
  EXPECT_EQ(ids("Toy Story", 1), (std::vector<std::uint32_t>{1}));
  EXPECT_EQ(ids("story", 10), (std::vector<std::uint32_t>{4, 1, 3, 2}));
  EXPECT_EQ(ids("The Matrix", 3).front(), 5u);
  EXPECT_EQ(ids("matrix, the", 3).front(), 5u);
}

// A film is found under the title people read ("A Bug's Life (1998)", as the page shows it), its alternative
// titles, and a typed year picks among remakes.
TEST(TitleIndex, FindsDisplayAndAlternativeTitlesAndHonoursTheYear) {
  const Catalog catalog({}, {{1, "Bug's Life, A (1998)", 1998, 0, 0, 90},
                             {2, "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", 2001, 0, 0, 120},
                             {3, "Solaris (2002)", 2002, 0, 0, 40},
                             {4, "Solaris (Solyaris) (1972)", 1972, 0, 0, 20},
                             {5, "Le Destin (1997)", 1997, 0, 0, 200}});
  const TitleIndex index(catalog);
  const auto first = [&](std::string_view query) {
    const auto matches = index.find(query, 5);
    return matches.empty() ? 0u : catalog.movie(matches.front().movie_index).id;
  };
  EXPECT_EQ(first("A Bug's Life (1998)"), 1u);
  EXPECT_EQ(first("Amélie (2001)"), 2u);
  // The alternative title alone is an exact match, ahead of a more popular film it is a prefix of.
  const auto alternative = index.find("Le Fabuleux destin d'Amélie Poulain", 5);
  ASSERT_FALSE(alternative.empty());
  EXPECT_EQ(catalog.movie(alternative.front().movie_index).id, 2u);
  EXPECT_EQ(alternative.front().kind, TitleMatchKind::exact);
  EXPECT_EQ(first("Solyaris"), 4u);
  // Two films called Solaris: the typed year decides, else the more rated one.
  EXPECT_EQ(first("Solaris (1972)"), 4u);
  EXPECT_EQ(first("Solaris (2002)"), 3u);
  EXPECT_EQ(first("Solaris"), 3u);
  // Each movie comes back once, however many of its keys match.
  const auto all = index.find("amelie", 5);
  EXPECT_EQ(std::count_if(all.begin(), all.end(), [&](const TitleMatch& m) { return catalog.movie(m.movie_index).id == 2; }), 1);
}

TEST_F(TitleIndexTest, ToleratesTypos) {
  const auto matches = index_.find("toy strory", 3);
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(catalog_.movie(matches.front().movie_index).id, 1u);
  EXPECT_EQ(matches.front().kind, TitleMatchKind::fuzzy);
  EXPECT_EQ(ids("matirx", 1), (std::vector<std::uint32_t>{5}));
}

// The typo scan walks the keys in sorted order and reuses what neighbours share; keys that share a
// prefix the query has already failed on, or that branch right after it, must each get their own distance.
TEST(TitleIndex, TypoDistancesHoldAcrossKeysThatSharePrefixes) {
  const Catalog catalog({}, {{1, "Star Wars (1977)", 1977, 0, 0, 300},
                             {2, "Star Trek (2009)", 2009, 0, 0, 100},
                             {3, "Stargate (1994)", 1994, 0, 0, 80},
                             {4, "Starship Troopers (1997)", 1997, 0, 0, 90},
                             {5, "Stardust (2007)", 2007, 0, 0, 60},
                             {6, "Stand by Me (1986)", 1986, 0, 0, 120},
                             {7, "Xanadu (1980)", 1980, 0, 0, 10}});
  const TitleIndex index(catalog);
  const auto best = [&](std::string_view query) {
    const auto matches = index.find(query, 1);
    return matches.empty() ? std::pair<std::uint32_t, unsigned>{0, 0}
                           : std::pair<std::uint32_t, unsigned>{catalog.movie(matches.front().movie_index).id,
                                                                matches.front().distance};
  };
  EXPECT_EQ(best("satr trek"), (std::pair<std::uint32_t, unsigned>{2, 1}));          // transposition
  EXPECT_EQ(best("stargaet"), (std::pair<std::uint32_t, unsigned>{3, 1}));           // at the end
  EXPECT_EQ(best("starship troppers"), (std::pair<std::uint32_t, unsigned>{4, 1}));  // after a long shared prefix
  EXPECT_EQ(best("xtar wars"), (std::pair<std::uint32_t, unsigned>{1, 1}));          // the first letter
  EXPECT_EQ(best("stnad by me"), (std::pair<std::uint32_t, unsigned>{6, 1}));
  EXPECT_EQ(best("strdust"), (std::pair<std::uint32_t, unsigned>{5, 1}));            // a letter missing
  // Six letters allow two typos, not three.
  EXPECT_EQ(best("xanidv").first, 7u);
  EXPECT_TRUE(index.find("xznidv", 3).empty());
  // A query far longer than any title is not typo-checked, whatever its prefix.
  EXPECT_TRUE(index.find(std::string("star warz ") + std::string(80, 'q'), 3).empty());
}

// Titles that read the same once normalised ("Heat", "Heat!", "Heat" with a zero-width space): the one
// typed exactly comes first, whatever its popularity; the typed year still decides first.
TEST(TitleIndex, TheTitleTypedExactlyWinsAmongTitlesThatNormaliseAlike) {
  const Catalog catalog({}, {{1, "Heat! (1995)", 1995, 0, 0, 300},
                             {2, "Heat (1986)", 1986, 0, 0, 10},
                             {3, "Heat\xe2\x80\x8b (1995)", 1995, 0, 0, 50}});
  const TitleIndex index(catalog);
  const auto first = [&](std::string_view query) { return catalog.movie(index.find(query, 3).front().movie_index).id; };
  EXPECT_EQ(first("Heat"), 2u);
  EXPECT_EQ(first("  Heat  "), 2u);
  EXPECT_EQ(first("Heat!"), 1u);
  EXPECT_EQ(first("Heat\xe2\x80\x8b"), 3u);
  EXPECT_EQ(first("heat"), 1u);  // nothing typed exactly: the most rated
  EXPECT_EQ(first("Heat! (1986)"), 2u);  // the typed year before the exact spelling
  EXPECT_EQ(index.find("Heat", 3).size(), 3u);
}

TEST_F(TitleIndexTest, UnknownAndEmptyQueriesFindNothing) {
  EXPECT_TRUE(ids("zzzzzzzz qqqq", 5).empty());
  EXPECT_TRUE(ids("", 5).empty());
  EXPECT_TRUE(ids("   ", 5).empty());
  EXPECT_TRUE(ids("toy", 0).empty());
}

}  // namespace
}  // namespace movierec
