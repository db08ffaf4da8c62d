// The catalog the build writes from a dataset: each movie's text for the encoder, with its own tags
// first and then its strongest tag-genome tags.
#include "artifacts/catalog_builder.hpp"

#include <gtest/gtest.h>

namespace movierec {
namespace {

Dataset genome_dataset() {
  DatasetTexts texts;
  texts.name = "inline";
  texts.movies_csv = "movieId,title,genres\n1,Heat (1995),Action|Crime\n2,Up (2009),Animation\n";
  texts.ratings_csv = "userId,movieId,rating\n1,1,4.0\n1,2,3.5\n";
  texts.tags_csv = "userId,movieId,tag,timestamp\n1,1,Heist,10\n";
  texts.genome_tags_csv = "tagId,tag\n1,heist\n2,bank robbery\n3,los angeles\n4,balloons\n5,great ending\n";
  texts.genome_scores_csv =
      "movieId,tagId,relevance\n1,1,0.99\n1,2,0.91\n1,3,0.95\n1,4,0.01\n2,4,0.97\n2,5,0.42\n";
  return parse_dataset(texts);
}

TEST(CatalogBuilder, TheTextAddsTheStrongestGenomeTagsAfterTheMoviesOwn) {
  const CatalogBuild built = build_catalog(genome_dataset());
  ASSERT_EQ(built.embedding_texts.size(), 2U);
  // "heist" is already the users' own tag; the genome's follow by relevance, weak ones never.
  EXPECT_EQ(built.embedding_texts[0], "Heat. An action crime film from the 1990s. About: heist, los angeles, bank robbery.");
  EXPECT_EQ(built.embedding_texts[1], "Up. An animated film from the 2000s. About: balloons.");
  EXPECT_EQ(built.catalog.movie(1).tags, "balloons");  // a film nobody tagged shows its genome tags
}

TEST(CatalogBuilder, KeepsAtMostTenGenomeTagsPerMovie) {
  DatasetTexts texts;
  texts.name = "inline";
  texts.movies_csv = "movieId,title,genres\n1,Heat (1995),Action\n";
  texts.ratings_csv = "userId,movieId,rating\n1,1,4.0\n";
  texts.genome_tags_csv = "tagId,tag\n";
  texts.genome_scores_csv = "movieId,tagId,relevance\n";
  for (int t = 1; t <= 12; ++t) {
    *texts.genome_tags_csv += std::to_string(t) + ",tag" + std::to_string(t) + "\n";
    *texts.genome_scores_csv += "1," + std::to_string(t) + ",0." + std::to_string(60 + t) + "\n";
  }
  const CatalogBuild built = build_catalog(parse_dataset(texts));
  EXPECT_EQ(built.embedding_texts[0],
            "Heat. An action film from the 1990s. About: tag12, tag11, tag10, tag9, tag8, tag7, tag6, tag5, tag4, tag3.");
}

}  // namespace
}  // namespace movierec
