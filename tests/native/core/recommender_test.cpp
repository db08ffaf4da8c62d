// Recommender semantics on a hand-made catalog whose vectors make the right answers obvious.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

#include <faiss/IndexScalarQuantizer.h>

#include "artifacts/index_builder.hpp"
#include "ingest/sha256.hpp"
#include "movierec/errors.hpp"
#include "movierec/hybrid_space.hpp"
#include "movierec/recommender.hpp"

namespace movierec {
namespace {

// Movies 0-3 point along the first axis (one cluster), 4-7 along the second; a small tilt orders them.
std::vector<float> clustered_vectors() {
  std::vector<float> v;
  for (int i = 0; i < 8; ++i) {
    const float tilt = 0.05f * static_cast<float>(i % 4);
    float x = i < 4 ? 1.0f : tilt, y = i < 4 ? tilt : 1.0f;
    const float norm = std::sqrt(x * x + y * y);
    v.insert(v.end(), {x / norm, y / norm, 0.0f, 0.0f});
  }
  return v;
}

Recommender make_recommender() {
  std::vector<Movie> movies;
  // Genre bit i % 2 (0 = "Drama", 1 = "Comedy"), years 2000..2007, rating counts 8..1.
  // Titles without a common word, so no two films form a series.
  const char* titles[] = {"Heat", "Fargo", "Alien", "Brazil", "Gandhi", "Psycho", "Amadeus", "Vertigo"};
  for (std::uint32_t i = 0; i < 8; ++i) {
    movies.push_back({100 + i, titles[i], static_cast<std::uint16_t>(2000 + i), 1u << (i % 2), 3.0f, 8 - i});
  }
  RatingsMatrix ratings({{1, {{0, 5.0f}, {1, 4.0f}, {5, 2.0f}}}, {2, {{4, 1.0f}, {6, 3.0f}}}, {3, {{4, 4.5f}}}}, 8);
  const auto vectors = clustered_vectors();
  return Recommender(Catalog({"Drama", "Comedy"}, movies), std::move(ratings), build_index(vectors, 4, "Flat"));
}

TEST(Recommender, SimilarExcludesTheQueryAndStaysInTheCluster) {
  const auto recommender = make_recommender();
  const auto items = recommender.similar_to(0, 3);
  ASSERT_EQ(items.size(), 3u);
  for (const auto& item : items) {
    EXPECT_NE(item.movie_index, 0u);
    EXPECT_LT(item.movie_index, 4u);
    EXPECT_GE(item.similarity, 0.0f);
    EXPECT_LE(item.similarity, 1.0f);
  }
  EXPECT_EQ(items[0].movie_index, 1u);
  EXPECT_GE(items[0].similarity, items[1].similarity);
}

// Among films about as alike, one of the same genres comes first, even from below the first k; the
// similarity shown is its likeness plus the bonus, so the list still reads in the order of its numbers.
TEST(Recommender, TheGenreBonusPutsTheSameGenresFirstAndShowsWhatOrderedTheList) {
  const auto plain = make_recommender();
  ASSERT_EQ(plain.similar_to(0, 1)[0].movie_index, 1u);  // the closest film is a comedy, film 0 a drama
  HybridSpace space = hybrid_space_from_json("null", 4);
  space.queries.similar.genre_bonus = 0.1f;
  const Recommender with_bonus(Catalog(plain.catalog()), RatingsMatrix{}, build_index(clustered_vectors(), 4, "Flat"), space);
  const auto top = with_bonus.similar_to(0, 1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].movie_index, 2u);  // the next closest, a drama
  const auto plain_three = plain.similar_to(0, 3);
  ASSERT_EQ(plain_three[1].movie_index, 2u);
  EXPECT_FLOAT_EQ(top[0].similarity, std::min(1.0f, plain_three[1].similarity + 0.1f));  // same genres: share 1
  const auto ten = with_bonus.similar_to(0, 7);
  for (std::size_t i = 1; i < ten.size(); ++i) EXPECT_GE(ten[i - 1].similarity, ten[i].similarity) << "rank " << i;
}

TEST(Recommender, UserRecommendationsExcludeEverythingRatedAndReportStats) {
  const auto recommender = make_recommender();
  const auto result = recommender.recommend_for_user(1, 5);
  EXPECT_EQ(result.total_ratings, 3u);
  EXPECT_EQ(result.liked_movies, 2u);
  ASSERT_EQ(result.items.size(), 5u);  // 8 movies - 3 rated
  for (const auto& item : result.items) {
    EXPECT_NE(item.movie_index, 0u);
    EXPECT_NE(item.movie_index, 1u);
    EXPECT_NE(item.movie_index, 5u);
  }
  // Liked movies are in the first cluster, so its unrated members come first.
  EXPECT_LT(result.items[0].movie_index, 4u);
  EXPECT_LT(result.items[1].movie_index, 4u);
}

TEST(Recommender, AnEngineWithOnlyTheUserDirectoryAnswersFromTheUsersBlocks) {
  const auto full = make_recommender();
  const auto files = full.ratings().encode(sha256_digest);
  std::vector<Movie> movies(full.catalog().movies().begin(), full.catalog().movies().end());
  const Recommender directory_only(Catalog(full.catalog().genre_names(), movies),
                                   RatingsMatrix::decode_directory(files.users, 8),
                                   build_index(clustered_vectors(), 4, "Flat"));
  for (const std::uint32_t user : {1u, 2u, 3u}) {
    const auto blocks = *directory_only.ratings().blocks_of(user);
    ASSERT_EQ(blocks.first, 0u);
    ASSERT_EQ(blocks.count, 1u);
    const auto expected = full.recommend_for_user(user, 5);
    const auto got = directory_only.recommend_for_user(user, files.ratings, 5);
    EXPECT_EQ(got.total_ratings, expected.total_ratings);
    ASSERT_EQ(got.items.size(), expected.items.size());
    for (std::size_t i = 0; i < got.items.size(); ++i) {
      EXPECT_EQ(got.items[i].movie_index, expected.items[i].movie_index);
      EXPECT_EQ(got.items[i].similarity, expected.items[i].similarity);
    }
  }
  EXPECT_THROW(directory_only.recommend_for_user(99, files.ratings, 5), InputError);
}

TEST(Recommender, WidensTheSearchUntilKRemain) {
  const auto recommender = make_recommender();
  // User 3 rated one movie; asking for every other movie needs more than 3k candidates... and gets all 7.
  EXPECT_EQ(recommender.recommend_for_user(3, 7).items.size(), 7u);
  // Asking for more than exist returns what exists.
  EXPECT_EQ(recommender.recommend_for_user(3, 50).items.size(), 7u);
}

TEST(Recommender, ClearErrorsForUnknownUsersAndBadKAndPopularPicksWithoutLikes) {
  const auto recommender = make_recommender();
  try {
    recommender.recommend_for_user(99, 5);
    FAIL() << "there is no user 99";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("(users 1 to 3)"), std::string::npos) << e.what();
  }
  // User 2 likes nothing: popular picks, said to be so, and none of what they rated.
  const auto fallback = recommender.recommend_for_user(2, 5);
  EXPECT_FALSE(fallback.personal);
  EXPECT_EQ(fallback.items.size(), 5u);
  EXPECT_THROW(recommender.similar_to(0, 0), InputError);
  EXPECT_THROW(recommender.similar_to(0, 51), InputError);
  EXPECT_THROW(recommender.similar_to(8, 5), InputError);
  EXPECT_THROW(recommender.resolve_title("no such film"), InputError);
  const ProfileRating dislikes[] = {{0, 1.0f}};
  const auto picks = recommender.recommend_for_profile(dislikes, 5);
  EXPECT_FALSE(picks.personal);
  for (const auto& item : picks.items) EXPECT_NE(item.movie_index, 0u);
}

TEST(Recommender, ProfileMatchesTheEquivalentUser) {
  const auto recommender = make_recommender();
  const ProfileRating profile[] = {{0, 5.0f}, {1, 4.0f}, {5, 2.0f}};
  const auto from_profile = recommender.recommend_for_profile(profile, 5, {}, std::nullopt, ProfileAudience::user).items;
  const auto from_user = recommender.recommend_for_user(1, 5).items;
  ASSERT_EQ(from_profile.size(), from_user.size());
  for (std::size_t i = 0; i < from_user.size(); ++i) {
    EXPECT_EQ(from_profile[i].movie_index, from_user[i].movie_index);
    EXPECT_FLOAT_EQ(from_profile[i].similarity, from_user[i].similarity);
  }
}

TEST(Recommender, SearchByVectorReturnsTheNearestAndChecksTheDimension) {
  const auto recommender = make_recommender();
  const float query[] = {0.0f, 1.0f, 0.0f, 0.0f};
  const auto items = recommender.search_by_vector(query, 1);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].movie_index, 4u);
  EXPECT_NEAR(items[0].similarity, 1.0f, 1e-6);
  const float wrong[] = {1.0f, 0.0f};
  EXPECT_THROW(recommender.search_by_vector(wrong, 1), InputError);
}

TEST(Recommender, FiltersApplyBeforeTheCutSoKResultsStillComeBack) {
  const auto recommender = make_recommender();
  MovieFilter comedies;
  comedies.genre_mask = 0b10;
  // Movie 0's nearest neighbours are 1, 2, 3; only odd rows are comedies, so the search must widen.
  const auto items = recommender.similar_to(0, 4, comedies);
  ASSERT_EQ(items.size(), 4u);
  for (const auto& item : items) EXPECT_EQ(item.movie_index % 2, 1u);

  MovieFilter recent_and_popular;
  recent_and_popular.min_year = 2002;
  recent_and_popular.max_year = 2005;
  recent_and_popular.min_rating_count = 4;  // rows 2..4 have counts 6..4
  const auto filtered = recommender.similar_to(0, 10, recent_and_popular);
  ASSERT_EQ(filtered.size(), 3u);
  for (const auto& item : filtered) {
    EXPECT_GE(item.movie_index, 2u);
    EXPECT_LE(item.movie_index, 4u);
  }
  MovieFilter impossible;
  impossible.genre_mask = 0b11;
  impossible.all_genres = true;
  EXPECT_TRUE(recommender.similar_to(0, 5, impossible).empty());
}

TEST(Recommender, ProfileRecommendationsExplainThemselvesWithTheNearestLikedMovie) {
  const auto recommender = make_recommender();
  const ProfileRating profile[] = {{0, 5.0f}, {4, 4.0f}, {1, 1.0f}};
  const auto items = recommender.recommend_for_profile(profile, 5).items;
  ASSERT_EQ(items.size(), 5u);
  for (const auto& item : items) {
    // Rows 2-3 sit in movie 0's cluster, rows 5-7 in movie 4's; movie 1 is disliked, never a reason.
    EXPECT_EQ(item.because, item.movie_index < 4 ? 0u : 4u) << "movie " << item.movie_index;
  }
  EXPECT_EQ(recommender.similar_to(0, 3).front().because, kNoMovie);
}

TEST(Recommender, HiddenMoviesNeverComeBackAndKStillDoes) {
  const auto recommender = make_recommender();
  MovieFilter hide_cluster;
  hide_cluster.hidden_movies = {3, 1, 2};  // movie 0's whole cluster, unsorted
  const auto items = recommender.similar_to(0, 4, hide_cluster);
  ASSERT_EQ(items.size(), 4u);
  for (const auto& item : items) EXPECT_GE(item.movie_index, 4u);

  const float query[] = {1.0f, 0.0f, 0.0f, 0.0f};
  MovieFilter hide_and_comedies = hide_cluster;
  hide_and_comedies.genre_mask = 0b10;
  const auto searched = recommender.search_by_vector(query, 3, hide_and_comedies);
  ASSERT_EQ(searched.size(), 2u);  // comedies are odd rows; 1 and 3 are hidden, 5 and 7 remain
  EXPECT_EQ(searched[0].movie_index % 2, 1u);
  EXPECT_EQ(searched[1].movie_index % 2, 1u);

  // User 1 rated 0, 1 and 5; hiding 2 as well leaves 3 as the only unrated movie of the liked cluster.
  MovieFilter hide_two;
  hide_two.hidden_movies = {2};
  const auto user = recommender.recommend_for_user(1, 4, hide_two).items;
  ASSERT_EQ(user.size(), 4u);
  EXPECT_EQ(user[0].movie_index, 3u);
  for (const auto& item : user) EXPECT_NE(item.movie_index, 2u);
}

TEST(Recommender, NotInterestedIsExcludedButNeverLikedAndRatingsAreChecked) {
  const auto recommender = make_recommender();
  // 0 stars = "not interested": left out of the results, not part of the taste, never a reason.
  const ProfileRating profile[] = {{4, 5.0f}, {5, 0.0f}, {0, 0.0f}};
  const auto items = recommender.recommend_for_profile(profile, 6).items;
  ASSERT_EQ(items.size(), 5u);  // 8 movies - 3 in the profile
  for (const auto& item : items) {
    EXPECT_NE(item.movie_index, 5u);
    EXPECT_NE(item.movie_index, 0u);
    EXPECT_EQ(item.because, 4u);
  }
  EXPECT_GE(items[0].movie_index, 4u);  // the taste is movie 4's cluster alone

  const ProfileRating only_not_interested[] = {{1, 0.0f}};
  EXPECT_FALSE(recommender.recommend_for_profile(only_not_interested, 3).personal);
  const ProfileRating too_high[] = {{1, 5.5f}};
  EXPECT_THROW(recommender.recommend_for_profile(too_high, 3), InputError);
  const ProfileRating not_a_number[] = {{1, std::nanf("")}};
  EXPECT_THROW(recommender.recommend_for_profile(not_a_number, 3), InputError);
}

TEST(Recommender, PopularIsMostRatedFirstFilteredAndOptionallyDiverse) {
  const auto recommender = make_recommender();
  // Rating counts fall with the row (8..1), so the most rated are the first rows.
  EXPECT_EQ(recommender.popular(3), (std::vector<std::uint32_t>{0, 1, 2}));

  MovieFilter comedies_unseen;
  comedies_unseen.genre_mask = 0b10;
  comedies_unseen.hidden_movies = {1};
  EXPECT_EQ(recommender.popular(50, comedies_unseen), (std::vector<std::uint32_t>{3, 5, 7}));

  // Each cluster's members are near-identical (cosine > 0.99), so a diverse pick takes one per cluster
  // first; the most rated of the rest fill up to k.
  EXPECT_EQ(recommender.popular(5, {}, 0.9f), (std::vector<std::uint32_t>{0, 4, 1, 2, 3}));
  EXPECT_EQ(recommender.popular(8, {}, 1.0f).size(), 8u);
  EXPECT_THROW(recommender.popular(0), InputError);
}

TEST(Recommender, DiversePopularPicksTakeOneFilmPerSeries) {
  // Four unrelated vectors, so only the titles say that Shrek 2 continues Shrek.
  std::vector<Movie> movies;
  const char* titles[] = {"Shrek (2001)", "Shrek 2 (2004)", "Heat (1995)", "Fargo (1996)"};
  for (std::uint32_t i = 0; i < 4; ++i) movies.push_back({200 + i, titles[i], 2000, 1u, 3.5f, 4 - i});
  std::vector<float> vectors(16, 0.0f);
  for (std::size_t i = 0; i < 4; ++i) vectors[i * 4 + i] = 1.0f;
  const Recommender recommender(Catalog({"Comedy"}, movies), RatingsMatrix({}, 4), build_index(vectors, 4, "Flat"));
  ASSERT_TRUE(recommender.series().same_series(0, 1));
  EXPECT_EQ(recommender.popular(3, {}, 0.9f), (std::vector<std::uint32_t>{0, 2, 3}));
  EXPECT_EQ(recommender.popular(3, {}, 1.0f), (std::vector<std::uint32_t>{0, 1, 2}));
}

TEST(Recommender, FilteredSearchMatchesFilteringTheFullRanking) {
  const auto recommender = make_recommender();
  MovieFilter comedies;
  comedies.genre_mask = 0b10;
  comedies.hidden_movies = {7};
  const float query[] = {0.6f, 0.8f, 0.0f, 0.0f};
  const auto full = recommender.search_by_vector(query, 8);
  std::vector<std::uint32_t> expected;
  for (const auto& item : full) {
    if (item.movie_index % 2 == 1 && item.movie_index != 7) expected.push_back(item.movie_index);
  }
  const auto filtered = recommender.search_by_vector(query, 8, comedies);
  ASSERT_EQ(filtered.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(filtered[i].movie_index, expected[i]);
}

TEST(VectorIndexFormat, RoundTripsAndRejectsDamage) {
  const auto vectors = clustered_vectors();
  for (const char* factory : {"Flat", "SQ8"}) {
    const auto index = build_index(vectors, 4, factory);
    const auto bytes = index.encode();
    const auto decoded = VectorIndex::decode(bytes, 8);
    const float query[] = {1.0f, 0.0f, 0.0f, 0.0f};
    const auto a = index.search(query, 8);
    const auto b = decoded.search(query, 8);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].row, b[i].row);
    EXPECT_THROW(VectorIndex::decode(bytes, 9), ArtifactError) << factory;
    for (std::size_t cut : {std::size_t{0}, std::size_t{3}, bytes.size() / 2, bytes.size() - 1}) {
      EXPECT_THROW(VectorIndex::decode(std::vector<std::uint8_t>(bytes.begin(), bytes.begin() + static_cast<long>(cut)), 8),
                   ArtifactError)
          << factory << " cut at " << cut;
    }
  }
  std::vector<std::uint8_t> junk = {'J', 'U', 'N', 'K', 1, 2, 3};
  EXPECT_THROW(VectorIndex::decode(junk, 8), ArtifactError);
}

// The engine keeps 8-bit codes and decodes a row when it reads one (MovieRows); the floats must be
// FAISS's own, bit for bit, or the engine would rank from other vectors than the index holds.
TEST(VectorIndexFormat, EightBitCodesDecodeToFaissOwnFloats) {
  constexpr std::size_t kRows = 300, kDimension = 37;
  std::mt19937 random(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> vectors(kRows * kDimension);
  for (auto& v : vectors) v = normal(random);
  faiss::IndexScalarQuantizer quantized(kDimension, faiss::ScalarQuantizer::QT_8bit, faiss::METRIC_INNER_PRODUCT);
  quantized.train(kRows, vectors.data());
  quantized.add(kRows, vectors.data());
  std::vector<float> expected(kRows * kDimension);
  quantized.sa_decode(kRows, quantized.codes.data(), expected.data());

  const auto decoded = VectorIndex::decode(VectorIndex(std::make_unique<faiss::IndexScalarQuantizer>(quantized)).encode(), kRows);
  EXPECT_TRUE(decoded.flat_vectors().empty());  // kept as codes
  const auto floats = decoded.rows().all();
  ASSERT_EQ(floats.size(), expected.size());
  // A part of a row, and a row with block scales, read the same floats.
  const auto part = decoded.rows().copy(5, 10, 20);
  EXPECT_EQ(std::memcmp(part.data(), expected.data() + 5 * kDimension + 10, 20 * sizeof(float)), 0);
  const auto scaled = decoded.rows().with_block_scales(3, 4, std::vector<float>(kRows, 2.0f), std::vector<float>(kRows, 0.5f)).copy(7);
  for (std::size_t d = 0; d < kDimension; ++d) {
    const float factor = d < 3 ? 2.0f : d < 7 ? 0.5f : 1.0f;
    EXPECT_EQ(scaled[d], expected[7 * kDimension + d] * factor) << d;
  }
  EXPECT_THROW((void)decoded.rows().copy(kRows), InputError);
  EXPECT_EQ(std::memcmp(floats.data(), expected.data(), expected.size() * sizeof(float)), 0);
}

}  // namespace
}  // namespace movierec
