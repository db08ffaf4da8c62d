// MovieLens titles as people read and type them.
#include "movierec/movie_title.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace movierec {
namespace {

TEST(MovieTitle, MovesTheArticleAndDropsAlternativeTitlesFromTheDisplay) {
  EXPECT_EQ(display_title("Bug's Life, A (1998)", 1998), "A Bug's Life (1998)");
  EXPECT_EQ(display_title("Matrix, The (1999)", 1999), "The Matrix (1999)");
  EXPECT_EQ(display_title("Godfather: Part II, The (1974)", 1974), "The Godfather: Part II (1974)");
  EXPECT_EQ(display_title("Seven Samurai (Shichinin no samurai) (1954)", 1954), "Seven Samurai (1954)");
  EXPECT_EQ(display_title("City of Lost Children, The (Cité des enfants perdus, La) (1995)", 1995),
            "The City of Lost Children (1995)");
  EXPECT_EQ(display_title("Toy Story (1995)", 0), "Toy Story (1995)");
  EXPECT_EQ(display_title("Toy Story", 0), "Toy Story");
  EXPECT_EQ(display_title("(500) Days of Summer (2009)", 2009), "(500) Days of Summer (2009)");
  EXPECT_EQ(display_title("Avventura, L' (Adventure, The) (1960)", 1960), "L'Avventura (1960)");
}

TEST(MovieTitle, RestoresAccentsFromTheAlternativeTitle) {
  EXPECT_EQ(display_title("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", 2001), "Amélie (2001)");
  const MovieTitle amelie = parse_movie_title("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
  EXPECT_EQ(amelie.main, "Amélie");
  ASSERT_EQ(amelie.alternatives.size(), 1u);
  EXPECT_EQ(amelie.alternatives[0], "Le Fabuleux destin d'Amélie Poulain");
  EXPECT_EQ(amelie.year, 2001);
  EXPECT_EQ(parse_movie_title("Pokemon (Pokémon: The First Movie) (1998)").main, "Pokémon");
  // Only whole words take accents, and only with the same capitalisation.
  EXPECT_EQ(parse_movie_title("Leon (Léonard) (1994)").main, "Leon");
  EXPECT_EQ(parse_movie_title("Cafe Society (Société du café) (2016)").main, "Cafe Society");
}

TEST(MovieTitle, ReadsSeveralAlternativesAndAka) {
  const MovieTitle t = parse_movie_title("Supercop (Police Story 3: Supercop) (Jing cha gu shi III: Chao ji jing cha) (1992)");
  EXPECT_EQ(t.main, "Supercop");
  ASSERT_EQ(t.alternatives.size(), 2u);
  EXPECT_EQ(t.alternatives[0], "Police Story 3: Supercop");
  EXPECT_EQ(t.alternatives[1], "Jing cha gu shi III: Chao ji jing cha");
  EXPECT_EQ(parse_movie_title("Sunset Blvd. (a.k.a. Sunset Boulevard) (1950)").alternatives.at(0), "Sunset Boulevard");
  EXPECT_EQ(parse_movie_title("Sherlock (2010-)").year, 2010);
  EXPECT_EQ(parse_movie_title("Dexter (2006–2013)").year, 2006);
}

TEST(MovieTitle, LeavesOddTextReadable) {
  EXPECT_EQ(display_title("", 0), "");
  EXPECT_EQ(spoken_title("  (1999) "), "(1999)");
  EXPECT_EQ(display_title("(1999)", 1999), "(1999)");
  EXPECT_EQ(display_title("Unbalanced ) title (", 0), "Unbalanced ) title (");
  EXPECT_EQ(display_title(std::string("Bad \xff bytes, The"), 0), "The Bad \xff bytes");
  EXPECT_EQ(fold_to_words("Amélie (2001)"), "amelie 2001 ");
}

TEST(MovieTitle, GivesEveryMovieLensTitleASpokenForm) {
  const std::filesystem::path dir = std::getenv("MOVIELENS_DIR") != nullptr
                                        ? std::filesystem::path(std::getenv("MOVIELENS_DIR"))
                                        : std::filesystem::path(MOVIEREC_SOURCE_DIR) / ".." / "shared" / "data" / "ml-latest-small";
  std::ifstream movies(dir / "movies.csv");
  ASSERT_TRUE(movies) << dir << " is missing: set MOVIELENS_DIR";
  // movieId,title,genres with the title quoted when it holds a comma.
  const std::regex row(R"re(^\d+,(?:"((?:[^"]|"")*)"|([^,]*)),)re");
  const std::regex trailing_year(R"re(\((\d{4})\)\s*$)re");
  std::string line;
  std::getline(movies, line);
  std::size_t titles = 0, moved = 0;
  while (std::getline(movies, line)) {
    std::smatch match;
    ASSERT_TRUE(std::regex_search(line, match, row)) << line;
    std::string title = match[1].matched ? std::regex_replace(match[1].str(), std::regex("\"\""), "\"") : match[2].str();
    const std::string spoken = spoken_title(title);
    ++titles;
    EXPECT_FALSE(spoken.empty()) << title;
    EXPECT_FALSE(spoken.ends_with(", The")) << title;
    if (std::regex_search(title, trailing_year)) {
      EXPECT_FALSE(std::regex_search(spoken, trailing_year)) << title;
    }
    if (std::regex_search(title, std::regex(R"re(, The \(\d{4}\)\s*$)re"))) {
      EXPECT_TRUE(spoken.starts_with("The ")) << title;
      ++moved;
    }
  }
  EXPECT_GT(titles, 9000U);
  EXPECT_GT(moved, 1000U);
}

}  // namespace
}  // namespace movierec
