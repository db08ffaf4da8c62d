#pragma once
// MovieLens users' ratings, grouped by user, for the "For a MovieLens user" recommendations.
//
// Two files (layout in docs/architecture.md): users.bin, the directory every visitor downloads (who the
// users are, how many ratings each has, a SHA-256 per fixed-size block of ratings.bin), and ratings.bin,
// the ratings themselves, which the browser reads one user at a time with HTTP Range requests for the
// blocks that user's ratings span. Natively both are read whole.
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace movierec {

struct UserRating {
  std::uint32_t movie_index;  // catalog row
  float rating;               // 0.5 .. 5.0 in half stars
};

struct UserRatings {
  std::uint32_t user_id;
  std::vector<UserRating> ratings;
};

using Sha256Digest = std::array<std::uint8_t, 32>;

class RatingsMatrix {
 public:
  static constexpr std::uint32_t kFormatVersion = 2;  // users.bin's; ratings.bin has no header
  // ratings.bin is verified in blocks of this size: a user's ratings need the few blocks they span
  // (a MovieLens user with 200 ratings reads 16 or 32 KiB), and users.bin holds one hash per block.
  static constexpr std::uint32_t kBlockBytes = 16384;
  static constexpr std::uint32_t kRecordBytes = 5;  // u32 movie index + u8 half stars

  struct Encoded {
    std::vector<std::uint8_t> users;    // users.bin
    std::vector<std::uint8_t> ratings;  // ratings.bin
  };
  // The blocks of ratings.bin that hold one user's ratings.
  struct BlockSpan {
    std::uint32_t first = 0;
    std::uint32_t count = 0;
  };

  RatingsMatrix() = default;
  // Users are sorted by id; throws Error for duplicate users, ratings outside 0.5..5 in half stars,
  // or movie indices outside the catalog.
  RatingsMatrix(std::vector<UserRatings> users, std::size_t movie_count);

  // Both files; movie_count is the catalog's, which users.bin must match.
  static RatingsMatrix decode(std::span<const std::uint8_t> users, std::span<const std::uint8_t> ratings,
                              std::size_t movie_count);
  // users.bin alone: the directory knows every user and block, but holds no ratings until
  // ratings_in_blocks is handed a user's blocks.
  static RatingsMatrix decode_directory(std::span<const std::uint8_t> users, std::size_t movie_count);
  // `block_sha256` hashes one block of ratings.bin (the core has no hash of its own; the pipeline's is OpenSSL's).
  Encoded encode(const std::function<Sha256Digest(std::span<const std::uint8_t>)>& block_sha256) const;

  std::size_t user_count() const { return user_ids_.size(); }
  std::size_t rating_count() const { return offsets_.empty() ? 0 : offsets_.back(); }
  const std::vector<std::uint32_t>& user_ids() const { return user_ids_; }
  bool holds_ratings() const { return holds_ratings_; }
  // The user's ratings sorted by movie index, or nullopt for an unknown user; needs holds_ratings().
  std::optional<std::span<const UserRating>> ratings_of(std::uint32_t user_id) const;

  std::uint64_t ratings_file_bytes() const { return static_cast<std::uint64_t>(rating_count()) * kRecordBytes; }
  std::span<const Sha256Digest> block_sha256() const { return block_sha256_; }
  std::optional<BlockSpan> blocks_of(std::uint32_t user_id) const;
  // The user's ratings out of `blocks`: the bytes of blocks_of(user_id), in order, as ratings.bin holds
  // them (the caller verified them against block_sha256()). Throws ArtifactError for bytes that do not
  // cover the user or hold an invalid rating, InputError for an unknown user.
  std::vector<UserRating> ratings_in_blocks(std::uint32_t user_id, std::span<const std::uint8_t> blocks) const;

 private:
  std::optional<std::size_t> position_of(std::uint32_t user_id) const;
  void decode_records(std::span<const std::uint8_t> bytes, std::size_t user, std::size_t byte_offset,
                      std::vector<UserRating>& into) const;

  std::size_t movie_count_ = 0;
  std::vector<std::uint32_t> user_ids_;
  std::vector<std::uint32_t> offsets_;  // user i's ratings are records offsets_[i] .. offsets_[i+1]
  bool holds_ratings_ = true;
  std::vector<UserRating> ratings_;
  std::vector<Sha256Digest> block_sha256_;  // decoded only; encode computes its own
};

// "user 7 is not in the MovieLens ratings (users 1 to 610)": the one wording for an unknown user.
[[noreturn]] void throw_unknown_user(std::uint32_t user_id, const std::vector<std::uint32_t>& user_ids);

}  // namespace movierec
