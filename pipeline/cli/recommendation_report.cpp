#include "cli/recommendation_report.hpp"

#include <cstdio>
#include <string>

#include "movierec/movie_title.hpp"

namespace movierec {

nlohmann::json movie_json(const Catalog& catalog, std::uint32_t movie_index) {
  const auto& movie = catalog.movie(movie_index);
  nlohmann::json genres = nlohmann::json::array();
  for (const auto genre : catalog.genres_of(movie_index)) genres.push_back(std::string(genre));
  return {{"movie_id", movie.id}, {"title", movie.title}, {"display_title", display_title(movie.title, movie.year)},
          {"genres", genres}};
}

nlohmann::json recommendations_json(const Catalog& catalog, std::span<const Recommendation> items) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& item : items) {
    auto entry = movie_json(catalog, item.movie_index);
    entry["similarity_score"] = item.similarity;
    if (item.because != kNoMovie) {
      entry["because_movie_id"] = catalog.movie(item.because).id;
      entry["because_title"] = display_title(catalog.movie(item.because).title, catalog.movie(item.because).year);
    }
    list.push_back(std::move(entry));
  }
  return list;
}

void print_recommendations(const Catalog& catalog, std::span<const Recommendation> items, bool scored, std::ostream& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& movie = catalog.movie(items[i].movie_index);
    std::string genres;
    for (const auto genre : catalog.genres_of(items[i].movie_index)) {
      if (!genres.empty()) genres += '|';
      genres += genre;
    }
    char line[64];
    if (scored) {
      std::snprintf(line, sizeof line, "%3zu. %5.1f%%  ", i + 1, static_cast<double>(items[i].similarity) * 100.0);
    } else {
      std::snprintf(line, sizeof line, "%3zu.  ", i + 1);
    }
    out << line << display_title(movie.title, movie.year) << "  [" << genres << "]";
    if (items[i].because != kNoMovie) {
      const auto& liked = catalog.movie(items[i].because);
      out << "  because you liked " << display_title(liked.title, liked.year);
    }
    out << "\n";
  }
}

}  // namespace movierec
