#include "cli/recommendation_report.hpp"

#include <cstdio>
#include <string>

namespace movierec {

nlohmann::json movie_json(const Catalog& catalog, std::uint32_t movie_index) {
  const auto& movie = catalog.movie(movie_index);
  nlohmann::json genres = nlohmann::json::array();
  for (const auto genre : catalog.genres_of(movie_index)) genres.push_back(std::string(genre));
  return {{"movie_id", movie.id}, {"title", movie.title}, {"genres", genres}};
}

nlohmann::json recommendations_json(const Catalog& catalog, std::span<const Recommendation> items) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& item : items) {
    auto entry = movie_json(catalog, item.movie_index);
    entry["similarity_score"] = item.similarity;
    list.push_back(std::move(entry));
  }
  return list;
}

void print_recommendations(const Catalog& catalog, std::span<const Recommendation> items, std::ostream& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& movie = catalog.movie(items[i].movie_index);
    std::string genres;
    for (const auto genre : catalog.genres_of(items[i].movie_index)) {
      if (!genres.empty()) genres += '|';
      genres += genre;
    }
    char line[64];
    std::snprintf(line, sizeof line, "%3zu. %5.1f%%  ", i + 1, static_cast<double>(items[i].similarity) * 100.0);
    out << line << movie.title << "  [" << genres << "]\n";
  }
}

}  // namespace movierec
