// catalog.bin: round trips, and a clear ArtifactError for every kind of damage.
#include <gtest/gtest.h>

#include "movierec/catalog.hpp"
#include "error_message.hpp"
#include "movierec/errors.hpp"

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

using testing::error_of;

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
  EXPECT_TRUE(decoded.series().empty());  // a catalog without series says so
}

Catalog catalog_with_series() {
  auto catalog = small_catalog();
  catalog.set_series({0, UINT32_MAX, 0});
  return catalog;
}

TEST(CatalogFormat, CarriesTheBuildsSeries) {
  EXPECT_EQ(Catalog::decode(catalog_with_series().encode()).series(), (std::vector<std::uint32_t>{0, UINT32_MAX, 0}));
  auto catalog = small_catalog();
  EXPECT_THROW(catalog.set_series({0, 0}), Error);
  const auto bytes = catalog_with_series().encode();
  for (std::size_t length = small_catalog().encode().size() - 1; length < bytes.size(); ++length) {
    const auto message = error_of([&] { Catalog::decode(std::span(bytes.data(), length)); });
    EXPECT_NE(message.find("catalog.bin"), std::string::npos) << "length " << length << ": " << message;
  }
  auto bad_flag = bytes;
  bad_flag[small_catalog().encode().size() - 1] = 2;
  EXPECT_NE(error_of([&] { Catalog::decode(bad_flag); }).find("series flag"), std::string::npos);
  auto outside = bytes;
  outside[outside.size() - 4] = 3;  // the last movie's series: row 3 of 3
  EXPECT_NE(error_of([&] { Catalog::decode(outside); }).find("outside the catalog"), std::string::npos);
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
  // The movie count is the last u32 of an empty catalog, before the series flag byte.
  bytes[bytes.size() - 2] = 0xFF;
  bytes[bytes.size() - 3] = 0xFF;
  EXPECT_NE(error_of([&] { Catalog::decode(bytes); }).find("movie count"), std::string::npos);
}

TEST(CatalogFormat, RejectsDuplicateIds) {
  EXPECT_THROW(Catalog({}, {{1, "A"}, {1, "B"}}), Error);
}

}  // namespace
}  // namespace movierec
