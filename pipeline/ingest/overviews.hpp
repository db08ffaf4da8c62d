#pragma once
// Plot descriptions a builder brings for their own catalog (say, from their own TMDb export): a CSV with
// an "overview" column and one key column, movieId (MovieLens), tmdbId or imdbId ("tt0114709" or
// 114709). They join the movie's text (what Describe and Similar compare) and its card. Movies the file
// does not name keep what they had (a seed-format overview, or nothing).
#include <cstddef>
#include <string>
#include <string_view>

#include "ingest/movielens_dataset.hpp"

namespace movierec {

struct OverviewJoin {
  std::size_t rows = 0;     // data rows in the file
  std::size_t joined = 0;   // movies that got an overview
  std::string key;          // the key column used
};

// Throws InputError naming the file and line for a missing column, a bad key or a malformed CSV.
OverviewJoin join_overviews(Dataset& dataset, std::string_view bytes, const std::string& source);

}  // namespace movierec
