#pragma once
// Turns a cleaned dataset into the engine's catalog, the users' ratings and the text each movie is
// embedded from. The text template is documented in docs/pipeline.md and stored in the manifest.
#include <string>
#include <vector>

#include "ingest/movielens_dataset.hpp"
#include "movierec/catalog.hpp"
#include "movierec/ratings_matrix.hpp"

namespace movierec {

inline constexpr std::size_t kTagsPerMovie = 3;
inline constexpr const char* kEmbeddingTextTemplate = "{title}. Genres: {genre, genre}. Tags: {tag, tag, tag}.";

struct CatalogBuild {
  Catalog catalog;
  RatingsMatrix ratings;
  std::vector<std::string> embedding_texts;  // row i = catalog movie i
};

// "Toy Story (1995). Genres: Adventure, Animation, Children, Comedy, Fantasy. Tags: pixar, fun."
// The "Tags:" sentence is left out for movies nobody tagged; a seed-format overview is appended.
std::string embedding_text(const std::string& title, const std::vector<std::string>& genres,
                           const std::vector<std::string>& top_tags, const std::string& overview);

CatalogBuild build_catalog(const Dataset& dataset);

}  // namespace movierec
