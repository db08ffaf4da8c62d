// catalog.bin and ratings.bin: round trips, and a clear ArtifactError for every kind of damage.
#include <gtest/gtest.h>

#include "movierec/catalog.hpp"
#include "movierec/errors.hpp"
#include "movierec/ratings_matrix.hpp"

namespace movierec {
namespace {

Catalog small_catalog() {
  std::vector<Movie> movies = {
      {1, "Toy Story (1995)", 1995, 0b011, 3.9f, 215, 114709, 862, "pixar, fun"},
      {2, "Jumanji (1995)", 1995, 0b100, 3.4f, 110, 113497, 8844, ""},
      {3, "\"Great\" Escape, The, café (1963)", 1963, 0, 0.0f, 0, 0, 0, "<img src=x onerror=alert(1)>"},
  };
  return Catalog({"Animation", "Children", "Fantasy"}, movies);
}

RatingsMatrix small_ratings() {
  return RatingsMatrix({{7, {{0, 4.5f}, {2, 1.0f}}}, {3, {{1, 0.5f}}}}, 3);
}

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ArtifactError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CatalogFormat, RoundTripsEveryField) {
  const auto original = small_catalog();
  const auto decoded = Catalog::decode(original.encode());
  ASSERT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded.genre_names(), original.genre_names());
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& a = original.movie(i);
    const auto& b = decoded.movie(i);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.year, b.year);
    EXPECT_EQ(a.genre_mask, b.genre_mask);
    EXPECT_FLOAT_EQ(a.average_rating, b.average_rating);
    EXPECT_EQ(a.rating_count, b.rating_count);
    EXPECT_EQ(a.imdb_id, b.imdb_id);
    EXPECT_EQ(a.tmdb_id, b.tmdb_id);
    EXPECT_EQ(a.tags, b.tags);
  }
  EXPECT_EQ(decoded.index_of(2), 1u);
  EXPECT_FALSE(decoded.index_of(99).has_value());
  EXPECT_EQ(decoded.genres_of(0), (std::vector<std::string_view>{"Animation", "Children"}));
}

TEST(CatalogFormat, EveryTruncationIsAClearError) {
  const auto bytes = small_catalog().encode();
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const auto message = error_of([&] { Catalog::decode(std::span(bytes.data(), length)); });
    EXPECT_NE(message.find("catalog.bin"), std::string::npos) << "length " << length << ": " << message;
  }
}

TEST(CatalogFormat, RejectsWrongMagicVersionAndTrailingBytes) {
  auto bytes = small_catalog().encode();
  auto wrong_magic = bytes;
  wrong_magic[0] = 'X';
  EXPECT_NE(error_of([&] { Catalog::decode(wrong_magic); }).find("wrong magic"), std::string::npos);
  auto wrong_version = bytes;
  wrong_version[8] = 9;
  EXPECT_NE(error_of([&] { Catalog::decode(wrong_version); }).find("format version 9"), std::string::npos);
  auto trailing = bytes;
  trailing.push_back(0);
  EXPECT_NE(error_of([&] { Catalog::decode(trailing); }).find("trailing"), std::string::npos);
}

TEST(CatalogFormat, RejectsAHugeMovieCountWithoutAllocating) {
  auto bytes = Catalog({}, {}).encode();
  // The movie count is the last u32 of an empty catalog.
  bytes[bytes.size() - 1] = 0xFF;
  bytes[bytes.size() - 2] = 0xFF;
  EXPECT_NE(error_of([&] { Catalog::decode(bytes); }).find("movie count"), std::string::npos);
}

TEST(CatalogFormat, RejectsDuplicateIds) {
  EXPECT_THROW(Catalog({}, {{1, "A"}, {1, "B"}}), Error);
}

TEST(RatingsFormat, RoundTripsAndFindsUsers) {
  const auto decoded = RatingsMatrix::decode(small_ratings().encode(), 3);
  EXPECT_EQ(decoded.user_count(), 2u);
  EXPECT_EQ(decoded.rating_count(), 3u);
  EXPECT_EQ(decoded.user_ids(), (std::vector<std::uint32_t>{3, 7}));
  const auto user7 = decoded.ratings_of(7);
  ASSERT_TRUE(user7.has_value());
  ASSERT_EQ(user7->size(), 2u);
  EXPECT_EQ((*user7)[0].movie_index, 0u);
  EXPECT_FLOAT_EQ((*user7)[0].rating, 4.5f);
  EXPECT_FLOAT_EQ((*user7)[1].rating, 1.0f);
  EXPECT_FALSE(decoded.ratings_of(4).has_value());
}

TEST(RatingsFormat, EveryTruncationIsAClearError) {
  const auto bytes = small_ratings().encode();
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    const auto message = error_of([&] { RatingsMatrix::decode(std::span(bytes.data(), length), 3); });
    EXPECT_NE(message.find("ratings.bin"), std::string::npos) << "length " << length << ": " << message;
  }
}

TEST(RatingsFormat, RejectsAMismatchedCatalogAndBadValues) {
  const auto bytes = small_ratings().encode();
  EXPECT_NE(error_of([&] { RatingsMatrix::decode(bytes, 4); }).find("different builds"), std::string::npos);
  auto bad_rating = bytes;
  bad_rating.back() = 11;  // 5.5 stars
  EXPECT_NE(error_of([&] { RatingsMatrix::decode(bad_rating, 3); }).find("invalid rating"), std::string::npos);
  EXPECT_THROW(RatingsMatrix({{1, {{0, 4.2f}}}}, 3), Error);
  EXPECT_THROW(RatingsMatrix({{1, {{5, 4.0f}}}}, 3), Error);
}

}  // namespace
}  // namespace movierec
