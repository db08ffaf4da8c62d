#include "evaluation/evaluation_split.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "movierec/errors.hpp"

namespace movierec {

std::string_view protocol_name(SplitProtocol protocol) {
  return protocol == SplitProtocol::holdout ? "ml-small-holdout-v1" : "ml-small-temporal-v1";
}

bool hash_holds_out(std::uint32_t user_id, std::uint32_t movie_id, std::uint64_t salt) {
  const std::uint64_t key = (static_cast<std::uint64_t>(user_id) << 32) | movie_id;
  return splitmix64(key ^ salt) % 5 == 0;
}


std::size_t EvaluationSplit::held_out_count() const {
  std::size_t count = 0;
  for (const std::uint32_t user : evaluated_users) count += held_out[user].size();
  return count;
}

namespace {

// Builds the split from a per-interaction "held out" decision.
template <typename HoldsOut>
EvaluationSplit split_by(const InteractionLog& log, HoldsOut holds_out) {
  EvaluationSplit result;
  result.held_out.resize(log.user_count());
  std::vector<Interaction> train;
  train.reserve(log.interactions.size());
  std::vector<bool> has_train_positive(log.user_count(), false);
  for (std::size_t i = 0; i < log.interactions.size(); ++i) {
    const Interaction& r = log.interactions[i];
    if (r.rating >= kPositiveRating && holds_out(i)) {
      result.held_out[r.user].push_back(r.item);  // ascending: the log is sorted by (user, item)
    } else {
      train.push_back(r);
      if (r.rating >= kPositiveRating) has_train_positive[r.user] = true;
    }
  }
  for (std::uint32_t u = 0; u < log.user_count(); ++u) {
    if (!result.held_out[u].empty() && has_train_positive[u]) result.evaluated_users.push_back(u);
  }
  result.train = make_interaction_log(log.user_ids, log.movie_ids, std::move(train));
  return result;
}

}  // namespace

EvaluationSplit holdout_split(const InteractionLog& log, std::uint64_t salt) {
  return split_by(log, [&](std::size_t i) {
    const Interaction& r = log.interactions[i];
    return hash_holds_out(log.user_ids[r.user], log.movie_ids[r.item], salt);
  });
}

EvaluationSplit temporal_split(const InteractionLog& log, unsigned percent) {
  std::vector<bool> held(log.interactions.size(), false);
  std::vector<std::size_t> positives;
  for (std::uint32_t u = 0; u < log.user_count(); ++u) {
    positives.clear();
    for (std::size_t i = log.user_offsets[u]; i < log.user_offsets[u + 1]; ++i) {
      if (log.interactions[i].rating >= kPositiveRating) positives.push_back(i);
    }
    // Latest first; equal timestamps (MovieLens rates in bursts) fall back to the movie id, so the
    // split does not depend on file order.
    std::sort(positives.begin(), positives.end(), [&](std::size_t a, std::size_t b) {
      const Interaction& x = log.interactions[a];
      const Interaction& y = log.interactions[b];
      if (x.timestamp != y.timestamp) return x.timestamp > y.timestamp;
      return log.movie_ids[x.item] > log.movie_ids[y.item];
    });
    const std::size_t count = positives.size() * percent / 100;  // integer maths: no rounding surprises
    for (std::size_t k = 0; k < count; ++k) held[positives[k]] = true;
  }
  return split_by(log, [&](std::size_t i) { return static_cast<bool>(held[i]); });
}

std::size_t sample_evaluated_users(EvaluationSplit& split, std::size_t max_users) {
  std::vector<std::uint32_t>& users = split.evaluated_users;
  const std::size_t before = users.size();
  if (before <= max_users) return before;
  const auto key = [&](std::uint32_t row) {
    return std::pair(splitmix64(static_cast<std::uint64_t>(split.train.user_ids[row]) ^ kUserSampleSalt), row);
  };
  std::nth_element(users.begin(), users.begin() + static_cast<std::ptrdiff_t>(max_users), users.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  users.resize(max_users);
  std::sort(users.begin(), users.end());
  return before;
}

EvaluationSplit split(const InteractionLog& log, SplitProtocol protocol, std::uint64_t salt) {
  return protocol == SplitProtocol::holdout ? holdout_split(log, salt) : temporal_split(log);
}

}  // namespace movierec
