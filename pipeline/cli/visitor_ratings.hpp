#pragma once
// A visitor's ratings from a file, so the CLI can ask what the site would answer: the site's own export
// ("My taste" -> Export, format movierec-ratings version 1, web/src/taste/taste_io.ts) or a CSV with the
// columns movie_id,rating. A rating is 0.5-5 stars in half steps, or 0 for "not interested" (in the
// export: "notInterested": true). Every problem throws InputError naming the file and the entry or line.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace movierec {

struct VisitorRating {
  std::uint32_t movie_id;  // MovieLens id
  float rating;            // 0 = not interested
};

// `source` names the file in messages. The format is told by the first non-blank character: "{" is the
// JSON export, anything else CSV. A movie rated twice keeps its last rating.
std::vector<VisitorRating> read_visitor_ratings(std::string_view bytes, const std::string& source);

}  // namespace movierec
