#include "cli/visitor_ratings.hpp"

#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "ingest/csv_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

constexpr const char* kExportFormat = "movierec-ratings";
constexpr int kExportVersion = 1;

bool is_rating(double value) {
  return value == 0.0 || (value >= 0.5 && value <= 5.0 && std::floor(value * 2.0) == value * 2.0);
}

std::uint32_t movie_id_of(const nlohmann::json& entry, const std::string& where) {
  const auto found = entry.find("movieId");
  if (found == entry.end() || !found->is_number_unsigned() || found->get<std::uint64_t>() == 0 ||
      found->get<std::uint64_t>() > UINT32_MAX) {
    throw InputError(where + ".movieId must be a MovieLens id (a whole number from 1)");
  }
  return found->get<std::uint32_t>();
}

std::vector<VisitorRating> read_export(std::string_view bytes, const std::string& source) {
  const auto root = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) throw InputError(source + ": not a JSON object (is this a ratings export?)");
  if (!root.contains("format") || root["format"] != kExportFormat) {
    throw InputError(source + ": \"format\" must be \"" + kExportFormat + "\"");
  }
  if (!root.contains("version") || root["version"] != kExportVersion) {
    throw InputError(source + ": \"version\" must be " + std::to_string(kExportVersion));
  }
  const auto ratings = root.find("ratings");
  if (ratings == root.end() || !ratings->is_array()) throw InputError(source + ": \"ratings\" must be a list");
  std::vector<VisitorRating> out;
  for (std::size_t i = 0; i < ratings->size(); ++i) {
    const std::string where = source + ": ratings[" + std::to_string(i) + "]";
    const auto& entry = (*ratings)[i];
    if (!entry.is_object()) throw InputError(where + " must be an object");
    const std::uint32_t movie_id = movie_id_of(entry, where);
    const bool not_interested = entry.contains("notInterested") && entry["notInterested"] == true;
    if (not_interested) {
      out.push_back({movie_id, 0.0F});
      continue;
    }
    const auto rating = entry.find("rating");
    if (rating == entry.end() || !rating->is_number() || !is_rating(rating->get<double>()) || rating->get<double>() == 0.0) {
      throw InputError(where + ".rating must be 0.5 to 5 stars in half steps (or \"notInterested\": true)");
    }
    out.push_back({movie_id, rating->get<float>()});
  }
  return out;
}

std::vector<VisitorRating> read_csv(std::string_view bytes, const std::string& source) {
  CsvReader reader(bytes, source);
  reader.read_header();
  const auto columns = reader.require_columns({"movie_id", "rating"});
  std::vector<VisitorRating> out;
  while (reader.read_record()) {
    const std::uint32_t movie_id = reader.field_u32(columns[0]);
    const float rating = reader.field_float(columns[1]);
    if (movie_id == 0) reader.fail("movie_id must be a MovieLens id (a whole number from 1)");
    if (!is_rating(rating)) reader.fail("rating must be 0.5 to 5 stars in half steps, or 0 for not interested");
    out.push_back({movie_id, rating});
  }
  return out;
}

}  // namespace

std::vector<VisitorRating> read_visitor_ratings(std::string_view bytes, const std::string& source) {
  const auto first = bytes.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  const bool json = first != std::string_view::npos && bytes[first] == '{';
  const std::vector<VisitorRating> read = json ? read_export(bytes, source) : read_csv(bytes, source);
  // The last rating of a movie wins, as when the visitor changes their mind on the site.
  std::map<std::uint32_t, float> latest;
  std::vector<std::uint32_t> order;
  for (const auto& r : read) {
    if (latest.emplace(r.movie_id, r.rating).second) {
      order.push_back(r.movie_id);
    } else {
      latest[r.movie_id] = r.rating;
    }
  }
  std::vector<VisitorRating> out;
  for (const auto id : order) out.push_back({id, latest[id]});
  return out;
}

}  // namespace movierec
