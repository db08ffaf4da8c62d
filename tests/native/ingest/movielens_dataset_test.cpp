#include "ingest/movielens_dataset.hpp"

#include <gtest/gtest.h>

#include "fixture_dataset.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {


std::filesystem::path movielens_dir() {
  if (const char* dir = std::getenv("MOVIELENS_DIR")) return dir;
  return std::filesystem::path(MOVIEREC_SOURCE_DIR) / ".." / "shared" / "data" / "ml-latest-small";
}

const MovieRow& movie_with_id(const Dataset& dataset, std::uint32_t id) {
  const auto it = std::find_if(dataset.movies.begin(), dataset.movies.end(),
                               [id](const MovieRow& movie) { return movie.movie_id == id; });
  if (it == dataset.movies.end()) throw std::out_of_range("no movie " + std::to_string(id));
  return *it;
}

std::vector<std::uint32_t> movie_ids(const Dataset& dataset) {
  std::vector<std::uint32_t> ids;
  for (const MovieRow& movie : dataset.movies) ids.push_back(movie.movie_id);
  return ids;
}

template <class Action>
std::string input_error_of(Action&& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected movierec::InputError";
  return {};
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << "in: " << (haystack)

// A small valid MovieLens dataset in memory; each malformed-input test breaks one file.
DatasetTexts valid_texts() {
  DatasetTexts texts;
  texts.name = "inline";
  texts.directory = "inline";
  texts.movies_csv = "movieId,title,genres\n1,Heat (1995),Action|Crime\n2,Up (2009),Animation\n";
  texts.ratings_csv = "userId,movieId,rating,timestamp\n1,1,4.0,10\n1,2,3.5,11\n2,1,5.0,12\n";
  texts.tags_csv = "userId,movieId,tag,timestamp\n1,1,heist,10\n";
  texts.links_csv = "movieId,imdbId,tmdbId\n1,0113277,949\n";
  return texts;
}

TEST(MovieLensDataset, LoadsTheTinyFixtureAndCleansIt) {
  const Dataset dataset = load_dataset(movierec::testing::materialize_fixture("movielens_tiny"));
  EXPECT_EQ(dataset.name, "movielens_tiny");
  EXPECT_EQ(dataset.stats.format, "MovieLens");

  // Movies: 8 has no genres, the second 2 is a duplicate, 9 has no title.
  EXPECT_EQ(movie_ids(dataset), (std::vector<std::uint32_t>{1, 2, 3, 4, 5, 6, 7, 10, 11}));
  const FileStats& movies = dataset.stats.movies;
  EXPECT_EQ(movies.rows_read, 12U);
  EXPECT_EQ(movies.rows_kept, 9U);
  EXPECT_EQ(movies.count(RejectReason::no_genres), 1U);
  EXPECT_EQ(movies.count(RejectReason::duplicate_movie), 1U);
  EXPECT_EQ(movies.count(RejectReason::missing_title), 1U);
  EXPECT_EQ(movies.rows_rejected(), 3U);
  EXPECT_EQ(movies.first_rejections,
            (std::vector<std::string>{"movies.csv:9: no genres listed (movie 8 \"Hyena Road\")",
                                      "movies.csv:10: duplicate movie id (first row kept) (movie 2 already on line 3)",
                                      "movies.csv:11: missing title (movie 9)"}));

  EXPECT_EQ(movie_with_id(dataset, 2).title, "American President, The (1995)");  // the first row wins
  EXPECT_EQ(movie_with_id(dataset, 2).genres, (std::vector<std::string>{"Comedy", "Drama", "Romance"}));
  EXPECT_EQ(movie_with_id(dataset, 3).title, "City of Lost Children, The (Cité des enfants perdus, La) (1995)");
  EXPECT_EQ(movie_with_id(dataset, 4).title, "\"Great Performances\" Cats (1998)");
  EXPECT_EQ(movie_with_id(dataset, 5).title, "Spirited Away (Sen to Chihiro no kamikakushi) (千と千尋の神隠し) (2001)");
  EXPECT_EQ(movie_with_id(dataset, 7).title, "Runaway Brain (1995)");  // trailing space trimmed
  EXPECT_EQ(movie_with_id(dataset, 1).genres.size(), 5U);
  EXPECT_EQ(movie_with_id(dataset, 1).year, 1995);
  EXPECT_EQ(movie_with_id(dataset, 4).year, 1998);
  EXPECT_EQ(movie_with_id(dataset, 5).year, 2001);
  EXPECT_EQ(movie_with_id(dataset, 6).year, 0);   // "Babylon 5": no year
  EXPECT_EQ(movie_with_id(dataset, 7).year, 1995);
  EXPECT_EQ(movie_with_id(dataset, 10).year, 1994);
  EXPECT_EQ(movie_with_id(dataset, 11).year, 0);  // "(2006–2007)" is a range, not a year
  EXPECT_TRUE(movie_with_id(dataset, 1).overview.empty());

  // Ratings: 0.0 and 5.5 are out of range, movie 8 was dropped, 99 never existed, (2, 1) is re-rated.
  const FileStats& ratings = dataset.stats.ratings;
  EXPECT_EQ(ratings.rows_read, 14U);
  EXPECT_EQ(ratings.rows_kept, 9U);
  EXPECT_EQ(ratings.count(RejectReason::rating_out_of_range), 2U);
  EXPECT_EQ(ratings.count(RejectReason::unknown_movie), 2U);
  EXPECT_EQ(ratings.count(RejectReason::duplicate_rating), 1U);
  EXPECT_EQ(ratings.first_rejections,
            (std::vector<std::string>{
                "ratings.csv:4: rating outside 0.5-5.0 (rating 0 of user 1 for movie 3)",
                "ratings.csv:6: duplicate (user, movie) rating (last row kept) (user 2 rated movie 1 again on line 9)",
                "ratings.csv:7: unknown or dropped movie (movie 8 was dropped from movies.csv)",
                "ratings.csv:8: unknown or dropped movie (movie 99 is not in movies.csv)",
                "ratings.csv:10: rating outside 0.5-5.0 (rating 5.5 of user 3 for movie 5)"}));
  ASSERT_EQ(dataset.ratings.size(), 9U);
  const RatingRow& rerated = dataset.ratings[3];  // file order of the kept rows
  EXPECT_EQ(rerated.user_id, 2U);
  EXPECT_EQ(rerated.movie_id, 1U);
  EXPECT_FLOAT_EQ(rerated.rating, 2.0F);  // the later row
  EXPECT_EQ(rerated.timestamp, 1445715207);
  EXPECT_FLOAT_EQ(dataset.ratings[4].rating, 0.5F);  // the range is inclusive at both ends
  EXPECT_FLOAT_EQ(dataset.ratings[5].rating, 5.0F);
  EXPECT_EQ(dataset.ratings.back().movie_id, 2U);

  // Tags (file with a byte order mark): movie 8 was dropped, one tag is blank.
  const FileStats& tags = dataset.stats.tags;
  EXPECT_TRUE(tags.present);
  EXPECT_EQ(tags.rows_read, 6U);
  EXPECT_EQ(tags.count(RejectReason::unknown_movie), 1U);
  EXPECT_EQ(tags.count(RejectReason::empty_tag), 1U);
  ASSERT_EQ(dataset.tags.size(), 4U);
  EXPECT_EQ(dataset.tags[1].tag, "funny, clever");
  EXPECT_EQ(dataset.tags[2].tag, "\"artsy\"");
  EXPECT_EQ(dataset.tags[3].tag, "Miyazaki");

  // Links: empty tmdbId means no link; movie 8 was dropped; movie 1 is linked twice.
  const FileStats& links = dataset.stats.links;
  EXPECT_EQ(links.rows_read, 8U);
  EXPECT_EQ(links.count(RejectReason::unknown_movie), 1U);
  EXPECT_EQ(links.count(RejectReason::duplicate_link), 1U);
  ASSERT_EQ(dataset.links.size(), 6U);
  EXPECT_EQ(dataset.links[0].imdb_id, 114709U);
  EXPECT_EQ(dataset.links[0].tmdb_id, 862U);
  EXPECT_EQ(dataset.links[4].movie_id, 6U);
  EXPECT_EQ(dataset.links[4].tmdb_id, 0U);
}

TEST(MovieLensDataset, LoadsTheSeedFormat) {
  const Dataset dataset = load_dataset(movierec::testing::materialize_fixture("seed_format"));
  EXPECT_EQ(dataset.stats.format, "seed");
  EXPECT_EQ(movie_ids(dataset), (std::vector<std::uint32_t>{1, 2, 3, 4}));
  EXPECT_EQ(dataset.stats.movies.first_rejections,
            (std::vector<std::string>{"movies.csv:8: no genres listed (movie 5 \"Untitled Project\")"}));
  EXPECT_EQ(movie_with_id(dataset, 2).overview,
            "A girl, lost in a world of spirits, works in a bathhouse.\n\nShe has to find a way to free her parents.");
  EXPECT_EQ(movie_with_id(dataset, 3).overview, "");
  EXPECT_EQ(movie_with_id(dataset, 4).title, "Amélie (2001)");
  EXPECT_EQ(movie_with_id(dataset, 4).year, 2001);

  EXPECT_EQ(dataset.stats.ratings.rows_read, 9U);
  EXPECT_EQ(dataset.ratings.size(), 7U);
  EXPECT_EQ(dataset.stats.ratings.count(RejectReason::unknown_movie), 1U);
  EXPECT_EQ(dataset.stats.ratings.count(RejectReason::rating_out_of_range), 1U);
  for (const RatingRow& rating : dataset.ratings) EXPECT_EQ(rating.timestamp, 0);
  EXPECT_FLOAT_EQ(dataset.ratings[1].rating, 4.5F);

  EXPECT_FALSE(dataset.stats.tags.present);
  EXPECT_FALSE(dataset.stats.links.present);
  EXPECT_TRUE(dataset.tags.empty());
  EXPECT_TRUE(dataset.links.empty());
}

TEST(MovieLensDataset, CleansMlLatestSmallTo9708Movies) {
  const auto dir = movielens_dir();
  ASSERT_TRUE(std::filesystem::exists(dir / "movies.csv"))
      << dir << " is missing: set MOVIELENS_DIR to an ml-latest-small directory";
  const Dataset dataset = load_dataset(dir);
  EXPECT_EQ(dataset.name, "ml-latest-small");
  EXPECT_EQ(dataset.stats.format, "MovieLens");

  EXPECT_EQ(dataset.stats.movies.rows_read, 9742U);
  EXPECT_EQ(dataset.movies.size(), 9708U);
  EXPECT_EQ(dataset.stats.movies.count(RejectReason::no_genres), 34U);
  EXPECT_EQ(dataset.stats.movies.rows_rejected(), 34U);

  EXPECT_EQ(dataset.stats.ratings.rows_read, 100836U);
  EXPECT_EQ(dataset.ratings.size(), 100789U);  // 47 ratings of the 34 dropped movies
  EXPECT_EQ(dataset.stats.ratings.count(RejectReason::unknown_movie), 47U);
  std::set<std::uint32_t> users;
  for (const RatingRow& rating : dataset.ratings) users.insert(rating.user_id);
  EXPECT_EQ(users.size(), 610U);

  EXPECT_EQ(dataset.stats.tags.rows_read, 3683U);
  EXPECT_EQ(dataset.stats.links.rows_read, 9742U);
  EXPECT_EQ(dataset.links.size(), 9708U);

  const MovieRow& president = movie_with_id(dataset, 11);
  EXPECT_EQ(president.title, "American President, The (1995)");
  EXPECT_EQ(president.year, 1995);
  EXPECT_EQ(movie_with_id(dataset, 1).genres,
            (std::vector<std::string>{"Adventure", "Animation", "Children", "Comedy", "Fantasy"}));
  const auto it = std::find_if(dataset.tags.begin(), dataset.tags.end(),
                               [](const TagRow& tag) { return tag.user_id == 567 && tag.movie_id == 4552; });
  ASSERT_NE(it, dataset.tags.end());
  EXPECT_EQ(it->tag, "\"artsy\"");
}

TEST(MovieLensDataset, ReadsTheTagGenomeKeepingStrongScores) {
  DatasetTexts texts = valid_texts();
  texts.genome_tags_csv = "tagId,tag\n1,heist\n2,Pixar animation\n3, \n2,again\n";
  texts.genome_scores_csv =
      "movieId,tagId,relevance\n1,1,0.97\n1,2,0.02\n2,2,0.88\n2,1,0.5\n9,1,0.9\n1,7,0.9\n1,2,1.5\n";
  const Dataset d = parse_dataset(texts);
  EXPECT_EQ(d.genome_tags, (std::vector<std::string>{"heist", "Pixar animation"}));
  EXPECT_EQ(d.stats.genome_tags.rows_read, 4U);
  EXPECT_EQ(d.stats.genome_tags.count(RejectReason::empty_tag), 1U);
  EXPECT_EQ(d.stats.genome_tags.count(RejectReason::duplicate_genome_tag), 1U);
  ASSERT_EQ(d.genome.size(), 3U);  // 0.02 is valid but weak; 0.5 is strong enough
  EXPECT_EQ(d.genome[0].movie_id, 1U);
  EXPECT_EQ(d.genome[0].tag, 0U);
  EXPECT_FLOAT_EQ(d.genome[0].relevance, 0.97F);
  EXPECT_EQ(d.genome[1].tag, 1U);
  EXPECT_FLOAT_EQ(d.genome[2].relevance, 0.5F);
  const FileStats& scores = d.stats.genome_scores;
  EXPECT_EQ(scores.rows_read, 7U);
  EXPECT_EQ(scores.rows_kept, 4U);
  EXPECT_EQ(scores.count(RejectReason::unknown_movie), 1U);
  EXPECT_EQ(scores.count(RejectReason::unknown_genome_tag), 1U);
  EXPECT_EQ(scores.count(RejectReason::relevance_out_of_range), 1U);
  EXPECT_EQ(scores.first_rejections.front(), "genome-scores.csv:6: unknown or dropped movie (movie 9 is not in movies.csv)");

  texts.genome_scores_csv = "movieId,tagId,relevance\n1,1,high\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/genome-scores.csv:2: column 'relevance': 'high' is not a finite number");
  texts.genome_tags_csv.reset();
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/genome-scores.csv: present without genome-tags.csv");
}

TEST(MovieLensDataset, NonNumericValuesAreMalformedAndNameFileLineAndColumn) {
  DatasetTexts texts = valid_texts();
  texts.ratings_csv = "userId,movieId,rating,timestamp\n1,1,4.0,10\n1,2,four,11\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/ratings.csv:3: column 'rating': 'four' is not a finite number");

  texts = valid_texts();
  texts.movies_csv = "movieId,title,genres\nx1,Heat (1995),Action\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/movies.csv:2: column 'movieId': 'x1' is not an unsigned integer");

  texts = valid_texts();
  texts.links_csv = "movieId,imdbId,tmdbId\n1,tt0113277,949\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/links.csv:2: column 'imdbId': 'tt0113277' is not an unsigned integer");
}

TEST(MovieLensDataset, MissingColumnsAreNamed) {
  DatasetTexts texts = valid_texts();
  texts.movies_csv = "movieId,title\n1,Heat (1995)\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/movies.csv:1: missing required column 'genres'");

  texts = valid_texts();
  texts.ratings_csv = "userId,movieId,score\n1,1,4\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/ratings.csv:1: missing required column 'rating' (header is: userId,movieId,score)");

  texts = valid_texts();
  texts.movies_csv = "id,title,genres\n1,Heat (1995),Action\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/movies.csv:1: missing required column 'movieId' (MovieLens) or 'movie_id' (seed format)");
}

TEST(MovieLensDataset, BadQuotingAndRaggedRowsStopTheLoad) {
  DatasetTexts texts = valid_texts();
  texts.tags_csv = "userId,movieId,tag,timestamp\n1,1,heist,10\n1,1,\"unclosed,12\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/tags.csv:3: unterminated quoted field in field 3");

  texts = valid_texts();
  texts.movies_csv = "movieId,title,genres\r\n1,Heat (1995),Action\r\n2,Up, (2009),Animation\r\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)parse_dataset(texts); }),
                  "inline/movies.csv:3: ragged row: 4 fields, expected 3 as in the header");
}

TEST(MovieLensDataset, MissingFilesAreNamed) {
  const auto dir = std::filesystem::temp_directory_path() / "movierec_dataset_test_missing";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "movies.csv") << "movieId,title,genres\n1,Heat (1995),Action\n";
  EXPECT_CONTAINS(input_error_of([&] { (void)load_dataset(dir); }), (dir / "ratings.csv").string() + ": file not found");
  std::ofstream(dir / "ratings.csv") << "userId,movieId,rating\n1,1,4\n";
  const Dataset dataset = load_dataset(dir);  // tags.csv and links.csv are optional
  EXPECT_EQ(dataset.ratings.size(), 1U);
  EXPECT_EQ(dataset.ratings[0].timestamp, 0);
  std::filesystem::remove_all(dir);
  EXPECT_CONTAINS(input_error_of([&] { (void)load_dataset(dir); }), "dataset directory not found");
}

TEST(MovieLensDataset, KeepsOnlyTheFirstFiveRejectionsPerFileByLine) {
  DatasetTexts texts = valid_texts();
  texts.ratings_csv = "userId,movieId,rating\n";
  for (int user = 1; user <= 8; ++user) texts.ratings_csv += std::to_string(user) + ",1,9\n";
  texts.ratings_csv += "1,1,4\n1,1,4\n";  // a duplicate found after the out-of-range rows
  const Dataset dataset = parse_dataset(texts);
  const FileStats& ratings = dataset.stats.ratings;
  EXPECT_EQ(ratings.count(RejectReason::rating_out_of_range), 8U);
  EXPECT_EQ(ratings.count(RejectReason::duplicate_rating), 1U);
  ASSERT_EQ(ratings.first_rejections.size(), FileStats::kSampleLimit);
  EXPECT_EQ(ratings.first_rejections.front(), "ratings.csv:2: rating outside 0.5-5.0 (rating 9 of user 1 for movie 1)");
  EXPECT_EQ(ratings.first_rejections.back(), "ratings.csv:6: rating outside 0.5-5.0 (rating 9 of user 5 for movie 1)");
}

TEST(MovieLensDataset, PrintsAnIngestReport) {
  const Dataset dataset = load_dataset(movierec::testing::materialize_fixture("movielens_tiny"));
  std::ostringstream report;
  print_ingest_report(dataset, report);
  const std::string text = report.str();
  EXPECT_CONTAINS(text, "Dataset movielens_tiny (MovieLens format)");
  EXPECT_CONTAINS(text, "movies.csv        read 12, kept 9, dropped 3");
  EXPECT_CONTAINS(text, "no genres listed: 1");
  EXPECT_CONTAINS(text, "ratings.csv:8: unknown or dropped movie (movie 99 is not in movies.csv)");
  EXPECT_CONTAINS(text, "Kept 9 movies, 3 users, 9 ratings, 4 tags, 6 links");

  const Dataset seed = load_dataset(movierec::testing::materialize_fixture("seed_format"));
  std::ostringstream seed_report;
  print_ingest_report(seed, seed_report);
  EXPECT_CONTAINS(seed_report.str(), "tags.csv          not present");
}

}  // namespace
}  // namespace movierec
