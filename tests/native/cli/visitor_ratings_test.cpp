// A visitor's ratings file: the site's export and the CSV form, with errors that say where.
#include "cli/visitor_ratings.hpp"

#include <gtest/gtest.h>

#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

std::string error_of(const std::string& text) {
  try {
    (void)read_visitor_ratings(text, "taste.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(VisitorRatings, ReadsTheSitesExport) {
  const std::string exported = R"json({
  "format": "movierec-ratings",
  "version": 1,
  "exportedAt": "2026-11-26T05:00:00.000Z",
  "ratings": [
    {"movieId":1,"title":"Toy Story (1995)","rating":4.5,"ratedAt":"2026-11-25T20:14:03.000Z"},
    {"movieId":296,"title":"Pulp Fiction (1994)","notInterested":true,"ratedAt":"2026-11-25T20:15:40.000Z"},
    {"movieId":1,"rating":5}
  ]
})json";
  const auto ratings = read_visitor_ratings(exported, "taste.json");
  ASSERT_EQ(ratings.size(), 2u);
  EXPECT_EQ(ratings[0].movie_id, 1u);
  EXPECT_EQ(ratings[0].rating, 5.0f);  // rated twice: the last rating wins
  EXPECT_EQ(ratings[1].movie_id, 296u);
  EXPECT_EQ(ratings[1].rating, 0.0f);  // not interested
}

TEST(VisitorRatings, ReadsCsv) {
  const auto ratings = read_visitor_ratings("movie_id,rating\r\n2571,5\n1,0\n", "taste.csv");
  ASSERT_EQ(ratings.size(), 2u);
  EXPECT_EQ(ratings[0].movie_id, 2571u);
  EXPECT_EQ(ratings[1].rating, 0.0f);
  EXPECT_THROW((void)read_visitor_ratings("movie_id,rating\n1,4.2\n", "taste.csv"), InputError);
  try {
    (void)read_visitor_ratings("movie_id,stars\n1,4\n", "taste.csv");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("taste.csv"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("rating"), std::string::npos) << e.what();
  }
}

TEST(VisitorRatings, NamesTheEntryThatIsWrong) {
  EXPECT_NE(error_of("{]").find("not a JSON object"), std::string::npos);
  EXPECT_NE(error_of(R"({"format":"x","version":1,"ratings":[]})").find("\"format\""), std::string::npos);
  EXPECT_NE(error_of(R"({"format":3,"version":1,"ratings":[]})").find("\"format\""), std::string::npos);
  EXPECT_NE(error_of(R"({"format":"movierec-ratings","version":1,"ratings":[{"movieId":1,"notInterested":"yes"}]})")
                .find("ratings[0].rating"), std::string::npos);
  EXPECT_NE(error_of(R"({"format":"movierec-ratings","version":2,"ratings":[]})").find("\"version\""), std::string::npos);
  EXPECT_NE(error_of(R"({"format":"movierec-ratings","version":1,"ratings":[{"movieId":1,"rating":6}]})").find("ratings[0].rating"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"format":"movierec-ratings","version":1,"ratings":[{"movieId":-4,"rating":4}]})").find("ratings[0].movieId"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"format":"movierec-ratings","version":1,"ratings":[3]})").find("ratings[0] must be an object"),
            std::string::npos);
  EXPECT_EQ(read_visitor_ratings(R"({"format":"movierec-ratings","version":1,"ratings":[]})", "x").size(), 0u);
}

}  // namespace
}  // namespace movierec
