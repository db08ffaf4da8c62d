#pragma once
// Offline evaluation splits of the MovieLens ratings (docs/evaluation.md).
//
// ml-small-holdout-v1: a positive (rating >= 3.5) of user u for movie m (MovieLens ids) is held out iff
// splitmix64((u << 32) | m) % 5 == 0. Hashing the pair instead of drawing random numbers makes the split
// the same on every machine, in every language, and independent of file order.
// ml-small-temporal-v1: each user's last 20 % of positives by timestamp are held out.
// In both, train is every rating that is not held out, including the ones below 3.5.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "ingest/interaction_log.hpp"

namespace movierec {

inline constexpr std::uint64_t kTestSalt = 0;
// Validation is carved from train with the same rule and another salt, so tuning never sees the test set.
inline constexpr std::uint64_t kValidationSalt = 0x7A11DA7E5A17ULL;

enum class SplitProtocol { holdout, temporal };

[[nodiscard]] std::string_view protocol_name(SplitProtocol protocol);  // "ml-small-holdout-v1", ...

// splitmix64(((u << 32) | m) ^ salt) % 5 == 0
[[nodiscard]] bool hash_holds_out(std::uint32_t user_id, std::uint32_t movie_id, std::uint64_t salt);

struct EvaluationSplit {
  InteractionLog train;                               // same users and items as the log it came from
  std::vector<std::vector<std::uint32_t>> held_out;   // per train user row: held-out items, ascending
  std::vector<std::uint32_t> evaluated_users;         // rows with >= 1 held-out and >= 1 train positive

  [[nodiscard]] std::size_t held_out_count() const;   // over the evaluated users
};

[[nodiscard]] EvaluationSplit holdout_split(const InteractionLog& log, std::uint64_t salt);
// Per user, the last floor(percent / 100 * positives) positives by (timestamp, movie id).
[[nodiscard]] EvaluationSplit temporal_split(const InteractionLog& log, unsigned percent = 20);
// A large dataset's split scores a sample of its users: the `max_users` evaluated users with the smallest
// splitmix64(user id ^ kUserSampleSalt), kept in row order (every rating still trains the models).
// Returns how many users were evaluated before; nothing changes when there are at most max_users.
inline constexpr std::uint64_t kUserSampleSalt = 0x5A3B1E0F5EEDULL;
std::size_t sample_evaluated_users(EvaluationSplit& split, std::size_t max_users);

// The protocol's split; the salt only matters for holdout (temporal validation is the temporal split of train).
[[nodiscard]] EvaluationSplit split(const InteractionLog& log, SplitProtocol protocol, std::uint64_t salt);

}  // namespace movierec
