#pragma once
// The movies the engine knows, in index order: row i of the catalog is row i of the vector index.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace movierec {

struct Movie {
  std::uint32_t id = 0;             // MovieLens movieId
  std::string title;                // as in movies.csv, year included: "Toy Story (1995)"
  std::uint16_t year = 0;           // 0 = unknown
  std::uint32_t genre_mask = 0;     // bit i = Catalog::genre_names()[i]
  float average_rating = 0.0f;      // 0 when rating_count == 0
  std::uint32_t rating_count = 0;
  std::uint32_t imdb_id = 0;        // 0 = no link
  std::uint32_t tmdb_id = 0;        // 0 = no link
  std::string tags;                 // most frequent MovieLens tags, comma-separated
  std::string overview;             // a description of the plot when the build had one, else empty
};

class Catalog {
 public:
  static constexpr std::uint32_t kFormatVersion = 3;
  static constexpr std::size_t kMaxGenres = 32;

  Catalog() = default;
  // Throws Error when there are more than kMaxGenres genres or duplicate movie ids.
  Catalog(std::vector<std::string> genre_names, std::vector<Movie> movies);

  // catalog.bin (layout in docs/architecture.md). Throws ArtifactError naming the field.
  static Catalog decode(std::span<const std::uint8_t> bytes);
  std::vector<std::uint8_t> encode() const;

  std::size_t size() const { return movies_.size(); }
  const Movie& movie(std::size_t index) const { return movies_.at(index); }
  const std::vector<Movie>& movies() const { return movies_; }
  const std::vector<std::string>& genre_names() const { return genre_names_; }
  std::vector<std::string_view> genres_of(std::size_t index) const;
  std::optional<std::uint32_t> index_of(std::uint32_t movie_id) const;
  // Every movie's genre mask, in catalog order.
  std::vector<std::uint32_t> genre_masks() const;
  // The series of each movie as the build derived them (SeriesIndex::series(): the first row of the
  // movie's series, or UINT32_MAX), or empty when the catalog does not carry them (the engine derives
  // them then). Throws Error when the count is not one per movie.
  const std::vector<std::uint32_t>& series() const { return series_; }
  void set_series(std::vector<std::uint32_t> series);

 private:
  std::vector<std::string> genre_names_;
  std::vector<Movie> movies_;
  std::unordered_map<std::uint32_t, std::uint32_t> index_by_id_;
  std::vector<std::uint32_t> series_;
};

}  // namespace movierec
