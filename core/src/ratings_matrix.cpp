#include "movierec/ratings_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "movierec/byte_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {
constexpr std::string_view kMagic{"MRUSERS\0", 8};

bool is_half_star(float rating) {
  const float doubled = rating * 2.0f;
  return rating >= 0.5f && rating <= 5.0f && doubled == std::round(doubled);
}

std::uint64_t block_count_for(std::uint64_t file_bytes) {
  return (file_bytes + RatingsMatrix::kBlockBytes - 1) / RatingsMatrix::kBlockBytes;
}
}  // namespace

void throw_unknown_user(std::uint32_t user_id, const std::vector<std::uint32_t>& user_ids) {
  throw InputError("user " + std::to_string(user_id) + " is not in the MovieLens ratings" +
                   (user_ids.empty() ? std::string(" (there are none)")
                                     : " (users " + std::to_string(user_ids.front()) + " to " +
                                           std::to_string(user_ids.back()) + ")"));
}

RatingsMatrix::RatingsMatrix(std::vector<UserRatings> users, std::size_t movie_count) : movie_count_(movie_count) {
  std::sort(users.begin(), users.end(), [](const auto& a, const auto& b) { return a.user_id < b.user_id; });
  offsets_.push_back(0);
  for (std::size_t u = 0; u < users.size(); ++u) {
    auto& user = users[u];
    if (u > 0 && users[u - 1].user_id == user.user_id) {
      throw Error("ratings list user " + std::to_string(user.user_id) + " twice");
    }
    std::sort(user.ratings.begin(), user.ratings.end(),
              [](const auto& a, const auto& b) { return a.movie_index < b.movie_index; });
    for (const auto& r : user.ratings) {
      if (r.movie_index >= movie_count) {
        throw Error("user " + std::to_string(user.user_id) + " rated movie index " + std::to_string(r.movie_index) +
                    " outside the catalog of " + std::to_string(movie_count));
      }
      if (!is_half_star(r.rating)) {
        throw Error("user " + std::to_string(user.user_id) + " has rating " + std::to_string(r.rating) +
                    " (expected 0.5..5 in half stars)");
      }
      ratings_.push_back(r);
    }
    user_ids_.push_back(user.user_id);
    offsets_.push_back(static_cast<std::uint32_t>(ratings_.size()));
  }
}

std::optional<std::size_t> RatingsMatrix::position_of(std::uint32_t user_id) const {
  const auto it = std::lower_bound(user_ids_.begin(), user_ids_.end(), user_id);
  if (it == user_ids_.end() || *it != user_id) return std::nullopt;
  return static_cast<std::size_t>(it - user_ids_.begin());
}

std::optional<std::span<const UserRating>> RatingsMatrix::ratings_of(std::uint32_t user_id) const {
  if (!holds_ratings_) throw Error("ratings.bin was not loaded: only users.bin's directory is here");
  const auto u = position_of(user_id);
  if (!u) return std::nullopt;
  return std::span<const UserRating>(ratings_.data() + offsets_[*u], offsets_[*u + 1] - offsets_[*u]);
}

std::optional<RatingsMatrix::BlockSpan> RatingsMatrix::blocks_of(std::uint32_t user_id) const {
  const auto u = position_of(user_id);
  if (!u) return std::nullopt;
  const std::uint64_t begin = std::uint64_t{offsets_[*u]} * kRecordBytes;
  const std::uint64_t end = std::uint64_t{offsets_[*u + 1]} * kRecordBytes;
  if (begin == end) return BlockSpan{static_cast<std::uint32_t>(begin / kBlockBytes), 0};
  const auto first = begin / kBlockBytes;
  return BlockSpan{static_cast<std::uint32_t>(first), static_cast<std::uint32_t>((end - 1) / kBlockBytes - first + 1)};
}

void RatingsMatrix::decode_records(std::span<const std::uint8_t> bytes, std::size_t user, std::size_t byte_offset,
                                   std::vector<UserRating>& into) const {
  ByteReader in(bytes, "ratings.bin");
  in.skip(byte_offset, "the user's first rating");
  const auto count = offsets_[user + 1] - offsets_[user];
  in.require_elements(count, kRecordBytes, "ratings of user " + std::to_string(user_ids_[user]));
  std::uint32_t previous = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto movie_index = in.read<std::uint32_t>("movie index");
    const auto half_stars = in.read<std::uint8_t>("rating");
    if (movie_index >= movie_count_ || half_stars < 1 || half_stars > 10 || (i > 0 && movie_index <= previous)) {
      in.fail("has an invalid rating of user " + std::to_string(user_ids_[user]) + " at byte " +
              std::to_string(in.offset() - kRecordBytes));
    }
    previous = movie_index;
    into.push_back({movie_index, static_cast<float>(half_stars) / 2.0f});
  }
}

std::vector<UserRating> RatingsMatrix::ratings_in_blocks(std::uint32_t user_id,
                                                         std::span<const std::uint8_t> blocks) const {
  const auto u = position_of(user_id);
  if (!u) throw_unknown_user(user_id, user_ids_);
  const auto span = *blocks_of(user_id);
  const std::uint64_t first_byte = std::uint64_t{span.first} * kBlockBytes;
  const std::uint64_t expected = std::min<std::uint64_t>(std::uint64_t{span.count} * kBlockBytes,
                                                         ratings_file_bytes() - std::min(first_byte, ratings_file_bytes()));
  if (blocks.size() != expected) {
    throw ArtifactError("ratings.bin: user " + std::to_string(user_id) + "'s blocks are " + std::to_string(expected) +
                        " bytes, got " + std::to_string(blocks.size()));
  }
  std::vector<UserRating> ratings;
  decode_records(blocks, *u, static_cast<std::size_t>(std::uint64_t{offsets_[*u]} * kRecordBytes - first_byte), ratings);
  return ratings;
}

RatingsMatrix::Encoded RatingsMatrix::encode(
    const std::function<Sha256Digest(std::span<const std::uint8_t>)>& block_sha256) const {
  if (!holds_ratings_) throw Error("cannot write ratings.bin from users.bin's directory alone");
  ByteWriter records;
  for (const auto& r : ratings_) {
    records.write(r.movie_index);
    records.write(static_cast<std::uint8_t>(std::lround(r.rating * 2.0f)));
  }
  Encoded encoded;
  encoded.ratings = records.take();
  ByteWriter out;
  out.write_bytes(kMagic);
  out.write(kFormatVersion);
  out.write(static_cast<std::uint32_t>(movie_count_));
  out.write(static_cast<std::uint32_t>(user_ids_.size()));
  out.write(static_cast<std::uint32_t>(ratings_.size()));
  out.write(kBlockBytes);
  for (std::size_t u = 0; u < user_ids_.size(); ++u) {
    out.write(user_ids_[u]);
    out.write(offsets_[u + 1] - offsets_[u]);
  }
  const std::span<const std::uint8_t> file(encoded.ratings);
  out.write(static_cast<std::uint32_t>(block_count_for(file.size())));
  for (std::size_t start = 0; start < file.size(); start += kBlockBytes) {
    const auto digest = block_sha256(file.subspan(start, std::min<std::size_t>(kBlockBytes, file.size() - start)));
    out.write_bytes(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  }
  encoded.users = out.take();
  return encoded;
}

RatingsMatrix RatingsMatrix::decode_directory(std::span<const std::uint8_t> bytes, std::size_t movie_count) {
  ByteReader in(bytes, "users.bin");
  in.expect_header(kMagic, kFormatVersion);
  const auto file_movie_count = in.read<std::uint32_t>("movie count");
  if (file_movie_count != movie_count) {
    in.fail("was built for a catalog of " + std::to_string(file_movie_count) + " movies, but the catalog has " +
            std::to_string(movie_count) + " (artifacts from different builds?)");
  }
  const auto user_count = in.read<std::uint32_t>("user count");
  const auto rating_count = in.read<std::uint32_t>("rating count");
  const auto block_bytes = in.read<std::uint32_t>("block size");
  if (block_bytes != kBlockBytes) {
    in.fail("has blocks of " + std::to_string(block_bytes) + " bytes, this engine reads " + std::to_string(kBlockBytes));
  }
  in.require_elements(user_count, 8, "user count");
  RatingsMatrix matrix;
  matrix.movie_count_ = movie_count;
  matrix.holds_ratings_ = false;
  matrix.user_ids_.resize(user_count);
  matrix.offsets_.assign(std::size_t{user_count} + 1, 0);
  std::uint64_t declared = 0;
  for (std::uint32_t u = 0; u < user_count; ++u) {
    matrix.user_ids_[u] = in.read<std::uint32_t>("user id");
    if (u > 0 && matrix.user_ids_[u] <= matrix.user_ids_[u - 1]) in.fail("has user ids out of order");
    declared += in.read<std::uint32_t>("ratings of user");
    if (declared > rating_count) break;
    matrix.offsets_[u + 1] = static_cast<std::uint32_t>(declared);
  }
  if (declared != rating_count) {
    in.fail("declares " + std::to_string(rating_count) + " ratings but its users hold " +
            (declared > rating_count ? "more" : std::to_string(declared)));
  }
  const auto block_count = in.read<std::uint32_t>("block count");
  if (block_count != block_count_for(matrix.ratings_file_bytes())) {
    in.fail("lists " + std::to_string(block_count) + " blocks, its ratings need " +
            std::to_string(block_count_for(matrix.ratings_file_bytes())));
  }
  in.require_elements(block_count, 32, "block count");
  matrix.block_sha256_.resize(block_count);
  for (auto& digest : matrix.block_sha256_) {
    const auto raw = in.read_bytes(digest.size(), "block SHA-256");
    std::copy(raw.begin(), raw.end(), digest.begin());
  }
  in.expect_end();
  return matrix;
}

RatingsMatrix RatingsMatrix::decode(std::span<const std::uint8_t> users, std::span<const std::uint8_t> ratings,
                                    std::size_t movie_count) {
  auto matrix = decode_directory(users, movie_count);
  if (ratings.size() != matrix.ratings_file_bytes()) {
    throw ArtifactError("ratings.bin has " + std::to_string(ratings.size()) + " bytes, users.bin says " +
                        std::to_string(matrix.ratings_file_bytes()) + " (artifacts from different builds?)");
  }
  matrix.ratings_.reserve(matrix.rating_count());
  for (std::size_t u = 0; u < matrix.user_ids_.size(); ++u) {
    matrix.decode_records(ratings, u, std::size_t{matrix.offsets_[u]} * kRecordBytes, matrix.ratings_);
  }
  matrix.holds_ratings_ = true;
  return matrix;
}

}  // namespace movierec
