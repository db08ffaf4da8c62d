#pragma once
// Turns a cleaned dataset into the engine's catalog, the users' ratings and the text each movie is
// embedded from. The text template is documented in docs/pipeline.md and stored in the manifest.
#include <string>
#include <vector>

#include "ingest/movielens_dataset.hpp"
#include "movierec/catalog.hpp"
#include "movierec/ratings_matrix.hpp"

namespace movierec {

inline constexpr std::size_t kTagsPerMovie = 3;  // shown on the card; the embedding text has them all
inline constexpr std::size_t kGenomeTagsPerMovie = 10;  // strongest tag-genome tags added after the own tags
inline constexpr const char* kEmbeddingTextTemplate =
    "{title}. A {genres in words} film from the {decade}. {overview} About: {every tag, most applied first}.";

struct CatalogBuild {
  Catalog catalog;
  RatingsMatrix ratings;
  std::vector<std::string> embedding_texts;  // row i = catalog movie i
};

// What a movie is about, in words: "Toy Story. An adventure animated children's comedy fantasy film from
// the 1990s. About: pixar, fun, toys." The title as people say it (no year: the decade says when), the
// genres in words, the overview when there is one, and every MovieLens tag, most applied first: the
// tokenizer keeps the first 256 tokens, so a long list loses its rarest tags. Parts without data are
// left out. Each choice is measured on benchmarks/relevance (docs/relevance.md).
std::string embedding_text(const std::string& title, std::uint16_t year, const std::vector<std::string>& genres,
                           const std::vector<std::string>& tags, const std::string& overview);

// MovieLens genre names as words for a sentence: "Sci-Fi" -> "science fiction", "Children" -> "children's";
// IMAX is a screen, not a genre, and gives "". Other names are lower-cased.
std::string genre_in_words(const std::string& genre);

CatalogBuild build_catalog(const Dataset& dataset);

}  // namespace movierec
