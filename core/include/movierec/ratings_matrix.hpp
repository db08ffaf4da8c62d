#pragma once
// MovieLens users' ratings, grouped by user, for the "For a MovieLens user" recommendations.
#include <cstdint>
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

class RatingsMatrix {
 public:
  static constexpr std::uint32_t kFormatVersion = 1;

  RatingsMatrix() = default;
  // Users are sorted by id; throws Error for duplicate users, ratings outside 0.5..5 in half stars,
  // or movie indices outside the catalog.
  RatingsMatrix(std::vector<UserRatings> users, std::size_t movie_count);

  // ratings.bin (layout in docs/architecture.md); movie_count is the catalog's, which it must match.
  static RatingsMatrix decode(std::span<const std::uint8_t> bytes, std::size_t movie_count);
  std::vector<std::uint8_t> encode() const;

  std::size_t user_count() const { return user_ids_.size(); }
  std::size_t rating_count() const { return ratings_.size(); }
  const std::vector<std::uint32_t>& user_ids() const { return user_ids_; }
  // The user's ratings sorted by movie index, or nullopt for an unknown user.
  std::optional<std::span<const UserRating>> ratings_of(std::uint32_t user_id) const;

 private:
  std::size_t movie_count_ = 0;
  std::vector<std::uint32_t> user_ids_;
  std::vector<std::uint32_t> offsets_;  // user i's ratings are ratings_[offsets_[i] .. offsets_[i+1])
  std::vector<UserRating> ratings_;
};

}  // namespace movierec
