// Plot descriptions joined from a builder's own file, by tmdbId, imdbId or movieId.
#include "ingest/builder_files.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "fixture_dataset.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

Dataset tiny() { return load_dataset(testing::materialize_fixture("movielens_tiny")); }

std::string fixture_text(const std::string& name) {
  std::ifstream file(std::string(MOVIEREC_SOURCE_DIR) + "/tests/fixtures/" + name, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

const MovieRow& movie(const Dataset& dataset, std::uint32_t id) {
  for (const auto& m : dataset.movies) {
    if (m.movie_id == id) return m;
  }
  throw std::runtime_error("no movie " + std::to_string(id));
}

TEST(Overviews, JoinByTmdbIdThroughTheLinks) {
  Dataset dataset = tiny();
  const OverviewJoin joined = join_overviews(dataset, fixture_text("overviews.fixture.csv"), "overviews.csv");
  EXPECT_EQ(joined.key, "tmdbId");
  EXPECT_EQ(joined.rows, 4u);
  EXPECT_EQ(joined.joined, 2u);  // unknown tmdb id and an empty overview are skipped
  EXPECT_NE(movie(dataset, 1).overview.find("cowboy doll"), std::string::npos);
  EXPECT_NE(movie(dataset, 2).overview.find("widowed president"), std::string::npos);
}

TEST(Overviews, JoinByImdbIdOrMovieId) {
  Dataset dataset = tiny();
  EXPECT_EQ(join_overviews(dataset, "imdbId,overview\ntt0114709,Toys.\n0112346,A president.\n", "o.csv").joined, 2u);
  EXPECT_EQ(movie(dataset, 1).overview, "Toys.");
  EXPECT_EQ(join_overviews(dataset, "movieId,overview\n1,Toys again.\n", "o.csv").joined, 1u);
  EXPECT_EQ(movie(dataset, 1).overview, "Toys again.");
}

TEST(Overviews, NamesTheProblem) {
  Dataset dataset = tiny();
  const auto error = [&](const std::string& text) -> std::string {
    try {
      (void)join_overviews(dataset, text, "o.csv");
    } catch (const InputError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error("movieId,plot\n1,x\n").find("overview"), std::string::npos);
  EXPECT_NE(error("title,overview\nx,y\n").find("movieId, tmdbId or imdbId"), std::string::npos);
  EXPECT_NE(error("imdbId,overview\nnope,y\n").find("o.csv:2"), std::string::npos);
  EXPECT_NE(error("movieId,overview\n-1,y\n").find("o.csv:2"), std::string::npos);
}

}  // namespace
}  // namespace movierec
