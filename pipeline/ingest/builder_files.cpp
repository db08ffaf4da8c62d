#include "ingest/builder_files.hpp"

#include <charconv>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "ingest/csv_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// 114709 from "tt0114709" or "114709".
std::optional<std::uint32_t> imdb_number(std::string_view text) {
  if (text.starts_with("tt")) text.remove_prefix(2);
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0) return std::nullopt;
  return value;
}

// "e0", "e1", ...: built piece by piece (GCC 12 warns falsely about "e" + std::string).
std::string column_name(std::size_t dimension) {
  std::string name = "e";
  name += std::to_string(dimension);
  return name;
}

}  // namespace

OverviewJoin join_overviews(Dataset& dataset, std::string_view bytes, const std::string& source) {
  CsvReader reader(bytes, source);
  reader.read_header();
  const std::size_t overview = reader.require_column("overview");
  OverviewJoin result;
  std::optional<std::size_t> key;
  for (const char* name : {"movieId", "tmdbId", "imdbId"}) {
    if ((key = reader.find_column(name))) {
      result.key = name;
      break;
    }
  }
  if (!key) reader.fail("needs one key column: movieId, tmdbId or imdbId");

  // Every way the file may name a movie, to the movie's place in the dataset.
  std::unordered_map<std::uint32_t, std::size_t> by_key;
  std::unordered_map<std::uint32_t, std::size_t> by_movie_id;
  for (std::size_t i = 0; i < dataset.movies.size(); ++i) by_movie_id.emplace(dataset.movies[i].movie_id, i);
  if (result.key == "movieId") {
    by_key = by_movie_id;
  } else {
    for (const LinkRow& link : dataset.links) {
      const auto movie = by_movie_id.find(link.movie_id);
      const std::uint32_t id = result.key == "tmdbId" ? link.tmdb_id : link.imdb_id;
      if (movie != by_movie_id.end() && id != 0) by_key.emplace(id, movie->second);
    }
  }
  while (reader.read_record()) {
    ++result.rows;
    std::uint32_t id = 0;
    if (result.key == "imdbId") {
      const auto parsed = imdb_number(reader.field(*key));
      if (!parsed) reader.fail("imdbId must look like tt0114709 or 114709");
      id = *parsed;
    } else {
      id = reader.field_u32(*key);
    }
    std::string text(reader.field(overview));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const auto movie = by_key.find(id);
    if (text.empty() || movie == by_key.end()) continue;
    dataset.movies[movie->second].overview = std::move(text);
    ++result.joined;
  }
  return result;
}

std::vector<float> read_embeddings_csv(std::string_view bytes, const std::string& source,
                                       std::span<const std::uint32_t> movie_ids, std::size_t dimension) {
  if (dimension == 0) throw InputError("embeddings need at least one dimension");
  CsvReader reader(bytes, source);
  reader.read_header();
  const std::size_t id_column = reader.require_column("movieId");
  std::vector<std::size_t> columns(dimension);
  for (std::size_t d = 0; d < dimension; ++d) columns[d] = reader.require_column(column_name(d));
  if (reader.header().size() != dimension + 1) {
    reader.fail("has " + std::to_string(reader.header().size() - 1) + " columns besides movieId; the model has " +
                std::to_string(dimension) + " dimensions (e0 to e" + std::to_string(dimension - 1) + ")");
  }
  std::unordered_map<std::uint32_t, std::size_t> row_of;
  for (std::size_t i = 0; i < movie_ids.size(); ++i) row_of.emplace(movie_ids[i], i);
  std::vector<float> rows(movie_ids.size() * dimension);
  std::vector<bool> seen(movie_ids.size(), false);
  while (reader.read_record()) {
    const std::uint32_t id = reader.field_u32(id_column);
    const auto row = row_of.find(id);
    if (row == row_of.end()) reader.fail("movieId " + std::to_string(id) + " is not in the catalog");
    if (seen[row->second]) reader.fail("movieId " + std::to_string(id) + " appears a second time");
    seen[row->second] = true;
    float* out = rows.data() + row->second * dimension;
    double norm = 0.0;
    for (std::size_t d = 0; d < dimension; ++d) {
      out[d] = reader.field_float(columns[d]);
      norm += static_cast<double>(out[d]) * out[d];
    }
    if (std::abs(std::sqrt(norm) - 1.0) > 1e-3) {
      reader.fail("the embedding of movieId " + std::to_string(id) + " has length " + std::to_string(std::sqrt(norm)) +
                  ", not 1: the encoder's vectors are normalised");
    }
  }
  std::string missing;
  std::size_t missing_count = 0;
  for (std::size_t i = 0; i < movie_ids.size(); ++i) {
    if (seen[i]) continue;
    if (++missing_count > 5) continue;
    if (!missing.empty()) missing += ", ";
    missing += std::to_string(movie_ids[i]);
  }
  if (missing_count > 0) {
    throw InputError(source + ": no embedding for " + std::to_string(missing_count) + " of the catalog's " +
                     std::to_string(movie_ids.size()) + " movies (movieId " + missing + (missing_count > 5 ? ", ..." : "") + ")");
  }
  return rows;
}

std::string write_embeddings_csv(std::span<const std::uint32_t> movie_ids, std::span<const float> rows,
                                 std::size_t dimension) {
  if (rows.size() != movie_ids.size() * dimension) throw InputError("embeddings do not match the movies");
  std::string out = "movieId";
  for (std::size_t d = 0; d < dimension; ++d) {
    out += ',';
    out += column_name(d);
  }
  out += '\n';
  char number[32];
  for (std::size_t i = 0; i < movie_ids.size(); ++i) {
    out += std::to_string(movie_ids[i]);
    for (std::size_t d = 0; d < dimension; ++d) {
      // Shortest text that reads back as the same float.
      const auto [end, error] = std::to_chars(number, number + sizeof number, rows[i * dimension + d]);
      out += ',';
      out.append(number, end);
    }
    out += '\n';
  }
  return out;
}

}  // namespace movierec
