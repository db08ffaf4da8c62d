#pragma once
// How the CLI shows results: JSON with the seed API's field names (query_movie, recommendations[] with
// movie_id, title, genres, similarity_score, count, user_stats), plus display_title ("A Bug's Life
// (1998)") and for profiles because_movie_id / because_title, or a readable table with display titles.
#include <ostream>
#include <span>

#include <nlohmann/json.hpp>

#include "movierec/recommender.hpp"

namespace movierec {

nlohmann::json movie_json(const Catalog& catalog, std::uint32_t movie_index);
nlohmann::json recommendations_json(const Catalog& catalog, std::span<const Recommendation> items);
// scored false (popular picks, not ranked by likeness to anything): no match percentage.
void print_recommendations(const Catalog& catalog, std::span<const Recommendation> items, bool scored, std::ostream& out);

}  // namespace movierec
