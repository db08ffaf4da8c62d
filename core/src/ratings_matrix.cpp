#include "movierec/ratings_matrix.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "movierec/byte_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {
constexpr std::string_view kMagic{"MRRATNG\0", 8};

bool is_half_star(float rating) {
  const float doubled = rating * 2.0f;
  return rating >= 0.5f && rating <= 5.0f && doubled == std::round(doubled);
}
}  // namespace

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

std::optional<std::span<const UserRating>> RatingsMatrix::ratings_of(std::uint32_t user_id) const {
  const auto it = std::lower_bound(user_ids_.begin(), user_ids_.end(), user_id);
  if (it == user_ids_.end() || *it != user_id) return std::nullopt;
  const auto u = static_cast<std::size_t>(it - user_ids_.begin());
  return std::span<const UserRating>(ratings_.data() + offsets_[u], offsets_[u + 1] - offsets_[u]);
}

std::vector<std::uint8_t> RatingsMatrix::encode() const {
  ByteWriter out;
  out.write_bytes(kMagic);
  out.write(kFormatVersion);
  out.write(static_cast<std::uint32_t>(movie_count_));
  out.write(static_cast<std::uint32_t>(user_ids_.size()));
  out.write(static_cast<std::uint32_t>(ratings_.size()));
  for (std::size_t u = 0; u < user_ids_.size(); ++u) {
    out.write(user_ids_[u]);
    out.write(offsets_[u + 1] - offsets_[u]);
  }
  for (const auto& r : ratings_) {
    out.write(r.movie_index);
    out.write(static_cast<std::uint8_t>(std::lround(r.rating * 2.0f)));
  }
  return out.take();
}

RatingsMatrix RatingsMatrix::decode(std::span<const std::uint8_t> bytes, std::size_t movie_count) {
  ByteReader in(bytes, "ratings.bin");
  in.expect_header(kMagic, kFormatVersion);
  const auto file_movie_count = in.read<std::uint32_t>("movie count");
  if (file_movie_count != movie_count) {
    in.fail("was built for a catalog of " + std::to_string(file_movie_count) + " movies, but the catalog has " +
            std::to_string(movie_count) + " (artifacts from different builds?)");
  }
  const auto user_count = in.read<std::uint32_t>("user count");
  const auto rating_count = in.read<std::uint32_t>("rating count");
  in.require_elements(user_count, 8, "user count");
  std::vector<UserRatings> users(user_count);
  std::vector<std::uint32_t> counts(user_count);
  std::uint64_t declared = 0;
  for (std::uint32_t u = 0; u < user_count; ++u) {
    users[u].user_id = in.read<std::uint32_t>("user id");
    if (u > 0 && users[u].user_id <= users[u - 1].user_id) in.fail("has user ids out of order");
    counts[u] = in.read<std::uint32_t>("ratings of user");
    declared += counts[u];
  }
  if (declared != rating_count) {
    in.fail("declares " + std::to_string(rating_count) + " ratings but its users hold " + std::to_string(declared));
  }
  in.require_elements(rating_count, 5, "rating count");
  for (std::uint32_t u = 0; u < user_count; ++u) {
    users[u].ratings.resize(counts[u]);
    for (auto& r : users[u].ratings) {
      r.movie_index = in.read<std::uint32_t>("movie index");
      const auto half_stars = in.read<std::uint8_t>("rating");
      if (r.movie_index >= movie_count || half_stars < 1 || half_stars > 10) {
        in.fail("has an invalid rating of user " + std::to_string(users[u].user_id) + " at byte " +
                std::to_string(in.offset() - 5));
      }
      r.rating = static_cast<float>(half_stars) / 2.0f;
    }
  }
  in.expect_end();
  try {
    return RatingsMatrix(std::move(users), movie_count);
  } catch (const Error& e) {
    throw ArtifactError(std::string("ratings.bin is inconsistent: ") + e.what());
  }
}

}  // namespace movierec
