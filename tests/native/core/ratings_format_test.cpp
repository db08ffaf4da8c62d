// users.bin and ratings.bin: round trips, one user read from just the blocks that hold them, and a clear
// error for every kind of damage.
#include <gtest/gtest.h>

#include <functional>

#include "error_message.hpp"
#include "ingest/sha256.hpp"
#include "movierec/errors.hpp"
#include "movierec/ratings_matrix.hpp"

namespace movierec {
namespace {

RatingsMatrix small_ratings() { return RatingsMatrix({{7, {{0, 4.5f}, {2, 1.0f}}}, {3, {{1, 0.5f}}}}, 3); }

// Enough users that their ratings span many 16 KiB blocks, some users crossing a block boundary.
RatingsMatrix many_ratings(std::size_t movies) {
  std::vector<UserRatings> users;
  for (std::uint32_t u = 0; u < 3000; ++u) {
    UserRatings user{u * 3 + 1, {}};
    const std::uint32_t count = 1 + (u * 37) % 23;
    for (std::uint32_t i = 0; i < count; ++i) {
      user.ratings.push_back({(u + i * 101) % static_cast<std::uint32_t>(movies), 0.5f * static_cast<float>(1 + (u + i) % 10)});
    }
    std::sort(user.ratings.begin(), user.ratings.end(), [](auto a, auto b) { return a.movie_index < b.movie_index; });
    user.ratings.erase(std::unique(user.ratings.begin(), user.ratings.end(),
                                   [](auto a, auto b) { return a.movie_index == b.movie_index; }),
                       user.ratings.end());
    users.push_back(std::move(user));
  }
  return RatingsMatrix(std::move(users), movies);
}

using testing::error_of;

std::span<const std::uint8_t> blocks_of(const RatingsMatrix& directory, std::uint32_t user,
                                        const std::vector<std::uint8_t>& file) {
  const auto span = *directory.blocks_of(user);
  const std::size_t start = std::size_t{span.first} * RatingsMatrix::kBlockBytes;
  const std::size_t end = std::min(file.size(), start + std::size_t{span.count} * RatingsMatrix::kBlockBytes);
  return std::span(file).subspan(start, end - start);
}

TEST(RatingsFormat, RoundTripsAndFindsUsers) {
  const auto files = small_ratings().encode(sha256_digest);
  EXPECT_EQ(files.ratings.size(), 3u * RatingsMatrix::kRecordBytes);
  const auto decoded = RatingsMatrix::decode(files.users, files.ratings, 3);
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
  ASSERT_EQ(decoded.block_sha256().size(), 1u);
  EXPECT_EQ(decoded.block_sha256()[0], sha256_digest(files.ratings));
}

TEST(RatingsFormat, TheDirectoryReadsEachUserFromTheirBlocksAlone) {
  const auto full = many_ratings(500);
  const auto files = full.encode(sha256_digest);
  const auto directory = RatingsMatrix::decode_directory(files.users, 500);
  EXPECT_FALSE(directory.holds_ratings());
  EXPECT_THROW((void)directory.ratings_of(1), Error);
  ASSERT_GT(directory.block_sha256().size(), 4u);
  std::size_t crossing = 0;
  for (const auto user : directory.user_ids()) {
    const auto blocks = blocks_of(directory, user, files.ratings);
    crossing += directory.blocks_of(user)->count > 1;
    const auto got = directory.ratings_in_blocks(user, blocks);
    const auto expected = *full.ratings_of(user);
    ASSERT_EQ(got.size(), expected.size()) << "user " << user;
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].movie_index, expected[i].movie_index);
      EXPECT_EQ(got[i].rating, expected[i].rating);
    }
  }
  EXPECT_GT(crossing, 0u) << "no user's ratings cross a block boundary: the test checks too little";
  // Each block's hash is the hash of exactly those bytes.
  for (std::size_t block = 0; block < directory.block_sha256().size(); ++block) {
    const auto start = block * RatingsMatrix::kBlockBytes;
    const auto bytes = std::span(files.ratings).subspan(
        start, std::min<std::size_t>(RatingsMatrix::kBlockBytes, files.ratings.size() - start));
    EXPECT_EQ(directory.block_sha256()[block], sha256_digest(bytes)) << "block " << block;
  }
}

TEST(RatingsFormat, BlocksThatDoNotFitTheUserAreRefused) {
  const auto files = many_ratings(500).encode(sha256_digest);
  const auto directory = RatingsMatrix::decode_directory(files.users, 500);
  const auto blocks = blocks_of(directory, 1, files.ratings);
  EXPECT_NE(error_of([&] { (void)directory.ratings_in_blocks(1, blocks.first(blocks.size() - 1)); }).find("blocks are"),
            std::string::npos);
  EXPECT_THROW((void)directory.ratings_in_blocks(2, blocks), InputError);  // user 2 does not exist
  std::vector<std::uint8_t> damaged(blocks.begin(), blocks.end());
  damaged[4] = 11;  // the first rating: 5.5 stars
  EXPECT_NE(error_of([&] { (void)directory.ratings_in_blocks(1, damaged); }).find("invalid rating of user 1"),
            std::string::npos);
}

TEST(RatingsFormat, EveryTruncationIsAClearError) {
  const auto files = small_ratings().encode(sha256_digest);
  for (std::size_t length = 0; length < files.users.size(); ++length) {
    const auto message = error_of([&] { RatingsMatrix::decode_directory(std::span(files.users.data(), length), 3); });
    EXPECT_NE(message.find("users.bin"), std::string::npos) << "length " << length << ": " << message;
  }
  for (std::size_t length = 0; length < files.ratings.size(); ++length) {
    const auto message =
        error_of([&] { RatingsMatrix::decode(files.users, std::span(files.ratings.data(), length), 3); });
    EXPECT_NE(message.find("ratings.bin"), std::string::npos) << "length " << length << ": " << message;
  }
}

TEST(RatingsFormat, RejectsAMismatchedCatalogAndBadValues) {
  const auto files = small_ratings().encode(sha256_digest);
  EXPECT_NE(error_of([&] { RatingsMatrix::decode(files.users, files.ratings, 4); }).find("different builds"),
            std::string::npos);
  auto bad_rating = files.ratings;
  bad_rating.back() = 11;  // 5.5 stars
  EXPECT_NE(error_of([&] { RatingsMatrix::decode(files.users, bad_rating, 3); }).find("invalid rating"),
            std::string::npos);
  auto extra_block = files.users;
  extra_block[extra_block.size() - 33] = 2;  // the block count, now two for one block's worth of ratings
  EXPECT_NE(error_of([&] { RatingsMatrix::decode_directory(extra_block, 3); }).find("blocks"), std::string::npos);
  EXPECT_THROW(RatingsMatrix({{1, {{0, 4.2f}}}}, 3), Error);
  EXPECT_THROW(RatingsMatrix({{1, {{5, 4.0f}}}}, 3), Error);
}

}  // namespace
}  // namespace movierec
