#include "ingest/overviews.hpp"

#include <charconv>
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

}  // namespace movierec
