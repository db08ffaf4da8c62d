#include "movierec/catalog.hpp"

#include <string>

#include "movierec/byte_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {
constexpr std::string_view kMagic{"MRCATLG\0", 8};
// Fixed-size part of one movie record, for the count sanity check before allocating.
constexpr std::size_t kMinMovieBytes = 4 + 2 + 4 + 4 + 4 + 4 + 4 + 2 + 2 + 2;
}  // namespace

Catalog::Catalog(std::vector<std::string> genre_names, std::vector<Movie> movies)
    : genre_names_(std::move(genre_names)), movies_(std::move(movies)) {
  if (genre_names_.size() > kMaxGenres) {
    throw Error("catalog has " + std::to_string(genre_names_.size()) + " genres; at most 32 are supported");
  }
  index_by_id_.reserve(movies_.size());
  for (std::size_t i = 0; i < movies_.size(); ++i) {
    if (!index_by_id_.emplace(movies_[i].id, static_cast<std::uint32_t>(i)).second) {
      throw Error("catalog has movie id " + std::to_string(movies_[i].id) + " twice");
    }
  }
}

std::vector<std::string_view> Catalog::genres_of(std::size_t index) const {
  std::vector<std::string_view> names;
  const auto mask = movie(index).genre_mask;
  for (std::size_t g = 0; g < genre_names_.size(); ++g) {
    if (mask & (1u << g)) names.emplace_back(genre_names_[g]);
  }
  return names;
}

std::optional<std::uint32_t> Catalog::index_of(std::uint32_t movie_id) const {
  const auto it = index_by_id_.find(movie_id);
  if (it == index_by_id_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::uint8_t> Catalog::encode() const {
  ByteWriter out;
  out.write_bytes(kMagic);
  out.write(kFormatVersion);
  out.write(static_cast<std::uint32_t>(genre_names_.size()));
  for (const auto& name : genre_names_) out.write_short_string(name, "genre name");
  out.write(static_cast<std::uint32_t>(movies_.size()));
  for (const auto& m : movies_) {
    out.write(m.id);
    out.write(m.year);
    out.write(m.genre_mask);
    out.write(m.average_rating);
    out.write(m.rating_count);
    out.write(m.imdb_id);
    out.write(m.tmdb_id);
    out.write_short_string(m.title, "title of movie " + std::to_string(m.id));
    out.write_short_string(m.tags, "tags of movie " + std::to_string(m.id));
    out.write_short_string(m.overview, "overview of movie " + std::to_string(m.id));
  }
  out.write(static_cast<std::uint8_t>(series_.empty() ? 0 : 1));
  for (const auto s : series_) out.write(s);
  return out.take();
}

Catalog Catalog::decode(std::span<const std::uint8_t> bytes) {
  ByteReader in(bytes, "catalog.bin");
  in.expect_header(kMagic, kFormatVersion);
  const auto genre_count = in.read<std::uint32_t>("genre count");
  if (genre_count > kMaxGenres) in.fail("declares " + std::to_string(genre_count) + " genres (at most 32)");
  std::vector<std::string> genres;
  for (std::uint32_t g = 0; g < genre_count; ++g) {
    const auto length = in.read<std::uint16_t>("genre name length");
    genres.emplace_back(in.read_bytes(length, "genre name"));
  }
  const auto movie_count = in.read<std::uint32_t>("movie count");
  in.require_elements(movie_count, kMinMovieBytes, "movie count");
  std::vector<Movie> movies(movie_count);
  const std::uint32_t known_genres = genre_count == 32 ? 0xFFFFFFFFu : ((1u << genre_count) - 1u);
  for (auto& m : movies) {
    m.id = in.read<std::uint32_t>("movie id");
    m.year = in.read<std::uint16_t>("year");
    m.genre_mask = in.read<std::uint32_t>("genre mask");
    if (m.genre_mask & ~known_genres) in.fail("movie " + std::to_string(m.id) + " has an unknown genre bit");
    m.average_rating = in.read<float>("average rating");
    if (!(m.average_rating >= 0.0f && m.average_rating <= 5.0f)) {
      in.fail("movie " + std::to_string(m.id) + " has average rating outside 0..5");
    }
    m.rating_count = in.read<std::uint32_t>("rating count");
    m.imdb_id = in.read<std::uint32_t>("imdb id");
    m.tmdb_id = in.read<std::uint32_t>("tmdb id");
    m.title = in.read_bytes(in.read<std::uint16_t>("title length"), "title");
    m.tags = in.read_bytes(in.read<std::uint16_t>("tags length"), "tags");
    m.overview = in.read_bytes(in.read<std::uint16_t>("overview length"), "overview");
  }
  const auto has_series = in.read<std::uint8_t>("series flag");
  // An empty catalog has no series to carry: one spelling for it (flag 0).
  if (has_series > (movie_count == 0 ? 0 : 1)) in.fail("has a series flag of " + std::to_string(has_series) + " (0 or 1, 0 without movies)");
  std::vector<std::uint32_t> series;
  if (has_series == 1) {
    in.require_elements(movie_count, sizeof(std::uint32_t), "series");
    series.resize(movie_count);
    for (auto& s : series) {
      s = in.read<std::uint32_t>("series");
      if (s != UINT32_MAX && s >= movie_count) in.fail("names series row " + std::to_string(s) + " outside the catalog");
    }
  }
  in.expect_end();
  try {
    Catalog catalog(std::move(genres), std::move(movies));
    if (has_series == 1) catalog.set_series(std::move(series));
    return catalog;
  } catch (const Error& e) {
    throw ArtifactError(std::string("catalog.bin is inconsistent: ") + e.what());
  }
}

void Catalog::set_series(std::vector<std::uint32_t> series) {
  if (series.size() != movies_.size()) {
    throw Error(std::to_string(series.size()) + " series entries for " + std::to_string(movies_.size()) + " movies");
  }
  series_ = std::move(series);
}

std::vector<std::uint32_t> Catalog::genre_masks() const {
  std::vector<std::uint32_t> masks;
  masks.reserve(movies_.size());
  for (const auto& movie : movies_) masks.push_back(movie.genre_mask);
  return masks;
}

}  // namespace movierec
