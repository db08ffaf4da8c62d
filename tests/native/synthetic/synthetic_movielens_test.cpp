// The made-up MovieLens dataset: files the real loader accepts, MovieLens's title conventions, the
// power-law shape, taste the ratings reveal, and the same files from the same seed.
#include "synthetic/synthetic_movielens.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

#include "ingest/movielens_dataset.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

std::filesystem::path scratch(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("movierec-synthetic-" + std::to_string(getpid()) + "-" + name);
}

double ratio(std::size_t a, std::size_t b) { return static_cast<double>(a) / static_cast<double>(b); }

std::string file_text(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

SyntheticOptions small() {
  SyntheticOptions options;
  options.movies = 2000;
  options.users = 400;
  options.ratings = 40000;
  options.tags = 3000;
  options.seed = 7;
  return options;
}

class SyntheticMovieLens : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(scratch("a"));
    summary_ = write_synthetic_movielens(*dir_, small());
    dataset_ = new Dataset(load_dataset(*dir_));
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dataset_;
    delete dir_;
  }
  static std::filesystem::path* dir_;
  static SyntheticSummary summary_;
  static Dataset* dataset_;
};
std::filesystem::path* SyntheticMovieLens::dir_ = nullptr;
SyntheticSummary SyntheticMovieLens::summary_;
Dataset* SyntheticMovieLens::dataset_ = nullptr;

TEST_F(SyntheticMovieLens, TheLoaderReadsEveryFile) {
  const Dataset& d = *dataset_;
  EXPECT_EQ(d.stats.format, "MovieLens");
  EXPECT_TRUE(d.stats.tags.present);
  EXPECT_TRUE(d.stats.links.present);
  EXPECT_EQ(d.stats.movies.rows_read, 2000u);
  EXPECT_GT(d.stats.movies.rows_kept, 1960u);  // a few have "(no genres listed)", as in MovieLens
  EXPECT_EQ(d.stats.ratings.rows_read, summary_.ratings);
  EXPECT_EQ(d.stats.ratings.count(RejectReason::duplicate_rating), 0u);
  EXPECT_NEAR(static_cast<double>(summary_.ratings), 40000.0, 4000.0);
  EXPECT_EQ(d.stats.tags.rows_read, 3000u);
  for (const auto& r : d.ratings) {
    ASSERT_GE(r.rating, 0.5F);
    ASSERT_LE(r.rating, 5.0F);
    ASSERT_EQ(r.rating * 2.0F, std::round(r.rating * 2.0F));
  }
}

TEST_F(SyntheticMovieLens, TitlesFollowMovieLensConventions) {
  std::size_t moved_article = 0, alternative = 0, sequel = 0, quoted = 0, with_year = 0;
  for (const auto& m : dataset_->movies) {
    moved_article += m.title.find(", The (") != std::string::npos ? 1 : 0;
    alternative += std::count(m.title.begin(), m.title.end(), '(') >= 2 ? 1 : 0;
    sequel += m.title.find(" 2") != std::string::npos || m.title.find(" II") != std::string::npos ? 1 : 0;
    quoted += m.title.find('"') != std::string::npos ? 1 : 0;
    with_year += m.year >= 1920 && m.year <= 2024 ? 1 : 0;
  }
  EXPECT_GT(moved_article, 200u);
  EXPECT_GT(alternative, 40u);
  EXPECT_GT(sequel, 20u);
  EXPECT_GT(quoted, 2u);
  EXPECT_GT(with_year, 1980u);
  EXPECT_NE(file_text(*dir_ / "movies.csv").find("\"\""), std::string::npos);  // an escaped quote
}

TEST_F(SyntheticMovieLens, TitlesAreNearlyUniqueAndFranchisesSmall) {
  // Real catalogs repeat a title a few times (remakes) and share a prefix before ":" within a franchise
  // of a dozen films; a generator that made thousands of "Space: ..." films would make one giant series.
  std::map<std::string, std::size_t> names, prefixes;
  for (const auto& m : dataset_->movies) {
    const std::string name = m.title.substr(0, m.title.rfind(" ("));
    ++names[name];
    if (const auto colon = name.find(':'); colon != std::string::npos) ++prefixes[name.substr(0, colon)];
  }
  std::size_t most_repeated = 0, largest_franchise = 0;
  for (const auto& [name, count] : names) most_repeated = std::max(most_repeated, count);
  for (const auto& [prefix, count] : prefixes) largest_franchise = std::max(largest_franchise, count);
  EXPECT_LE(most_repeated, 4u);
  EXPECT_GT(prefixes.size(), 100u);
  EXPECT_LE(largest_franchise, 6u);
}

TEST_F(SyntheticMovieLens, PopularityAndActivityArePowerLaws) {
  std::map<std::uint32_t, std::size_t> per_movie, per_user;
  for (const auto& r : dataset_->ratings) {
    ++per_movie[r.movie_id];
    ++per_user[r.user_id];
  }
  std::vector<std::size_t> counts;
  for (const auto& [movie, n] : per_movie) counts.push_back(n);
  std::sort(counts.rbegin(), counts.rend());
  std::size_t top = 0;
  for (std::size_t i = 0; i < dataset_->movies.size() / 10; ++i) top += i < counts.size() ? counts[i] : 0;
  EXPECT_GT(ratio(top, dataset_->ratings.size()), 0.3);  // the top tenth of films, thrice their even share
  std::size_t least = SIZE_MAX, most = 0;
  for (const auto& [user, n] : per_user) {
    least = std::min(least, n);
    most = std::max(most, n);
  }
  EXPECT_EQ(per_user.size(), 400u);
  EXPECT_GE(least, 20u);
  EXPECT_GT(most, 5 * least);
}

TEST_F(SyntheticMovieLens, RatingsRevealTaste) {
  // Users favour a few genre combinations: a user's most-rated genre line takes far more of their
  // ratings than its share of the catalog, and they rate it higher than the rest.
  std::map<std::uint32_t, std::string> genres_of;
  std::map<std::string, std::size_t> catalog_share;
  for (const auto& m : dataset_->movies) {
    std::string g;
    for (const auto& part : m.genres) g += part + "|";
    genres_of[m.movie_id] = g;
    ++catalog_share[g];
  }
  std::map<std::uint32_t, std::map<std::string, std::pair<std::size_t, double>>> by_user;
  for (const auto& r : dataset_->ratings) {
    auto& cell = by_user[r.user_id][genres_of[r.movie_id]];
    ++cell.first;
    cell.second += r.rating;
  }
  double lift = 0.0, favourite_mean = 0.0, other_mean = 0.0;
  for (const auto& [user, cells] : by_user) {
    std::size_t total = 0;
    double total_rating = 0.0;
    const std::pair<const std::string, std::pair<std::size_t, double>>* best = nullptr;
    for (const auto& cell : cells) {
      total += cell.second.first;
      total_rating += cell.second.second;
      if (best == nullptr || cell.second.first > best->second.first) best = &cell;
    }
    lift += ratio(best->second.first, total) / ratio(catalog_share[best->first], dataset_->movies.size());
    favourite_mean += best->second.second / static_cast<double>(best->second.first);
    const std::size_t others = total - best->second.first;
    other_mean += others > 0 ? (total_rating - best->second.second) / static_cast<double>(others) : 0.0;
  }
  const auto users = static_cast<double>(by_user.size());
  EXPECT_GT(lift / users, 2.0);
  EXPECT_GT(favourite_mean / users, other_mean / users + 0.2);
}

TEST_F(SyntheticMovieLens, TagsSpeakOfTheFilmsKind) {
  std::map<std::uint32_t, std::string> genres_of;
  for (const auto& m : dataset_->movies) genres_of[m.movie_id] = m.genres.empty() ? "" : m.genres.front();
  std::size_t zombie_tags = 0, on_horror = 0;
  for (const auto& t : dataset_->tags) {
    if (t.tag != "zombies" && t.tag != "Zombies") continue;
    ++zombie_tags;
    on_horror += genres_of[t.movie_id] == "Horror" ? 1 : 0;
  }
  EXPECT_GT(zombie_tags, 5u);
  EXPECT_EQ(on_horror, zombie_tags);
}

TEST(SyntheticMovieLensFiles, TheSameSeedWritesTheSameFilesAndAnotherSeedOthers) {
  const auto a = scratch("same-a"), b = scratch("same-b"), c = scratch("other");
  SyntheticOptions options = small();
  options.movies = 300;
  options.users = 60;
  options.ratings = 3000;
  options.tags = 100;
  write_synthetic_movielens(a, options);
  write_synthetic_movielens(b, options);
  options.seed += 1;
  write_synthetic_movielens(c, options);
  for (const char* file : {"movies.csv", "ratings.csv", "tags.csv", "links.csv"}) {
    EXPECT_EQ(file_text(a / file), file_text(b / file)) << file;
    EXPECT_NE(file_text(a / file), file_text(c / file)) << file;
  }
  for (const auto& dir : {a, b, c}) std::filesystem::remove_all(dir);
}

TEST(SyntheticMovieLensFiles, TheGenomeScoresTheFilmsOwnKindStrongly) {
  const auto dir = scratch("genome");
  SyntheticOptions options = small();
  options.movies = 300;
  options.users = 40;
  options.ratings = 2000;
  options.genome = true;
  write_synthetic_movielens(dir, options);
  const Dataset d = load_dataset(dir);
  EXPECT_TRUE(d.stats.genome_scores.present);
  EXPECT_EQ(d.stats.genome_scores.rows_rejected(), d.stats.genome_scores.count(RejectReason::unknown_movie));
  EXPECT_EQ(d.stats.genome_scores.rows_read, 300 * d.genome_tags.size());
  std::map<std::uint32_t, std::string> genres_of;
  for (const auto& m : d.movies) genres_of[m.movie_id] = m.genres.empty() ? "" : m.genres.front();
  std::size_t zombies = 0;
  for (const auto& score : d.genome) {
    if (d.genome_tags[score.tag] != "zombies") continue;
    ++zombies;
    EXPECT_EQ(genres_of[score.movie_id], "Horror");  // only horror films are strongly about zombies
  }
  EXPECT_GT(zombies, 3u);
  std::filesystem::remove_all(dir);
}

TEST(SyntheticMovieLensFiles, ImpossibleOptionsAreRefusedAndLeaveNothing) {
  const auto dir = scratch("refused");
  SyntheticOptions options;
  options.movies = 10;  // fewer than twice the 20 ratings every user gives
  EXPECT_THROW(write_synthetic_movielens(dir, options), InputError);
  options = SyntheticOptions{};
  options.users = 0;
  EXPECT_THROW(write_synthetic_movielens(dir, options), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir));
}

}  // namespace
}  // namespace movierec
