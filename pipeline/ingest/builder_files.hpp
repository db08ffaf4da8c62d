#pragma once
// Files a builder brings beside the MovieLens folder, each keyed by movie: plot descriptions
// (`build --overviews`) and the catalog's embeddings made elsewhere (`build --embeddings`).
//
// Plot descriptions a builder brings for their own catalog (say, from their own TMDb export): a CSV with
// an "overview" column and one key column, movieId (MovieLens), tmdbId or imdbId ("tt0114709" or
// 114709). They join the movie's text (what Describe and Similar compare) and its card. Movies the file
// does not name keep what they had (a seed-format overview, or nothing).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/movielens_dataset.hpp"

namespace movierec {

struct OverviewJoin {
  std::size_t rows = 0;     // data rows in the file
  std::size_t joined = 0;   // movies that got an overview
  std::string key;          // the key column used
};

// Throws InputError naming the file and line for a missing column, a bad key or a malformed CSV.
OverviewJoin join_overviews(Dataset& dataset, std::string_view bytes, const std::string& source);

// Movie embeddings computed somewhere else: a batch job (say, on a cluster) that embedded the texts
// `movierec texts` wrote with the same sentence encoder, and `movierec build --embeddings FILE` reads
// instead of embedding the catalog itself. The file is a CSV with a movieId column and one column per
// dimension, e0 to e{n-1} (the order of the columns and of the rows does not matter).
//
// The vectors of `movie_ids` (the catalog's order), `dimension` floats each, row-major. Every movie must
// appear exactly once with finite values of unit length (within 1e-3, as the encoder normalises them);
// a movie the catalog lacks, a repeated or missing movie, a missing column or a malformed number throws
// InputError naming the file and line (or the movies missing).
std::vector<float> read_embeddings_csv(std::string_view bytes, const std::string& source,
                                       std::span<const std::uint32_t> movie_ids, std::size_t dimension);

// The header and rows of such a file, `rows` row-major `dimension` floats per movie, each float written
// so that it reads back as the same float.
std::string write_embeddings_csv(std::span<const std::uint32_t> movie_ids, std::span<const float> rows,
                                 std::size_t dimension);

}  // namespace movierec
