// Embeddings made elsewhere: every catalog movie once, in any order, unit vectors of the model's
// dimension; anything else stops the build naming the file and line.
#include "ingest/builder_files.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "error_message.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

const std::vector<std::uint32_t> kMovies = {1, 2, 50};

std::string read_error(const std::string& csv) {
  return testing::error_of([&] { (void)read_embeddings_csv(csv, "vectors.csv", kMovies, 2); });
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(EmbeddingsCsv, RowsComeBackInCatalogOrderWhateverTheFileOrder) {
  const std::string csv = "e1,movieId,e0\n0.6,50,0.8\n1,1,0\n0,2,1\n";
  const auto rows = read_embeddings_csv(csv, "vectors.csv", kMovies, 2);
  EXPECT_EQ(rows, (std::vector<float>{0.0f, 1.0f, 1.0f, 0.0f, 0.8f, 0.6f}));
}

TEST(EmbeddingsCsv, WhatItWritesReadsBackAsTheSameFloats) {
  const std::vector<float> rows = {0.6f, 0.8f, 0.28f, 0.96f, 1.0f / 3.0f, 0.9428090f};
  const std::string csv = write_embeddings_csv(kMovies, rows, 2);
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "movieId,e0,e1");
  EXPECT_EQ(read_embeddings_csv(csv, "vectors.csv", kMovies, 2), rows);
}

TEST(EmbeddingsCsv, RefusesFilesThatDoNotCoverTheCatalogExactly) {
  EXPECT_EQ(read_error("movieId,e0,e1\n1,1,0\n2,0,1\n"),
            "vectors.csv: no embedding for 1 of the catalog's 3 movies (movieId 50)");
  EXPECT_EQ(read_error("movieId,e0,e1\n1,1,0\n2,0,1\n50,1,0\n2,0,1\n"),
            "vectors.csv:5: movieId 2 appears a second time");
  EXPECT_EQ(read_error("movieId,e0,e1\n1,1,0\n7,0,1\n"), "vectors.csv:3: movieId 7 is not in the catalog");
}

TEST(EmbeddingsCsv, RefusesTheWrongShapeOrValuesNamingThePlace) {
  EXPECT_TRUE(contains(read_error("movieId,e0\n1,1\n"), "e1")) << read_error("movieId,e0\n1,1\n");
  EXPECT_TRUE(contains(read_error("movieId,e0,e1,e2\n1,1,0,0\n"), "3 columns besides movieId; the model has 2"));
  EXPECT_TRUE(contains(read_error("movieId,e0,e1\n1,nan,0\n"), "vectors.csv:2"));
  EXPECT_TRUE(contains(read_error("movieId,e0,e1\n1,x,0\n"), "is not a finite number"));
  EXPECT_EQ(read_error("movieId,e0,e1\n1,2,0\n"),
            "vectors.csv:2: the embedding of movieId 1 has length 2.000000, not 1: the encoder's vectors are normalised");
  EXPECT_TRUE(contains(read_error(""), "vectors.csv"));
}

}  // namespace
}  // namespace movierec
