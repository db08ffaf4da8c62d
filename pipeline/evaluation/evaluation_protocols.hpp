#pragma once
// The protocols run on the ml-small-holdout-v1 test split besides the full-profile one
// (docs/evaluation.md):
//
// visitor-N (N = 1, 3, 5, 10): how the methods do for someone who has rated only a few movies, like a
//   visitor of the site. The evaluated users are divided into 5 folds by
//   splitmix64(user id ^ kVisitorFoldSalt) % 5; one fold at a time, its users keep only N of their train
//   positives (the N with the smallest splitmix64(((user id << 32) | movie id) ^ kVisitorKeepSalt)),
//   everyone else keeps all their train ratings, every method is fit on that, and the fold's users are
//   scored from their kept ratings against their held-out positives. Each user is in one fold, so the
//   metrics average over all evaluated users.
// visitor-N-dislikes: the same, but each fold user also keeps up to N train ratings below 3.0, in the
//   same hash order, in their profile and in the training data.
// cold-items: the full-profile rankings, scored only on held-out positives of movies with at most 5
//   train ratings; a user counts when they have one.
//
// Hashing ids instead of drawing random numbers keeps the folds and the kept ratings the same on every
// machine and independent of file order, as the split itself.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "evaluation/evaluation_report.hpp"
#include "evaluation/evaluation_split.hpp"
#include "evaluation/method_scores.hpp"

namespace movierec {

// Independent of the split's salts, so fold membership says nothing about which positives are held out.
inline constexpr std::uint64_t kVisitorFoldSalt = 0x715170F01DULL;
inline constexpr std::uint64_t kVisitorKeepSalt = 0x715170CEE9ULL;
inline constexpr std::uint32_t kVisitorFolds = 5;
// A train rating below this is a dislike (the dislike variant keeps some); 3.0-3.4 is neither.
inline constexpr float kDislikeRating = 3.0F;
inline constexpr std::size_t kVisitorProfileSizes[] = {1, 3, 5, 10};
// cold-items: a movie is cold when it has at most this many train ratings (of any value).
inline constexpr std::uint32_t kColdItemMaxRatings = 5;

struct VisitorProtocol {
  std::size_t kept_positives = 3;  // N
  bool dislikes = false;           // also keep up to N ratings below kDislikeRating

  [[nodiscard]] std::string name() const;  // "visitor-3", "visitor-3-dislikes"
};

// visitor-1, 3, 5, 10, then the same with dislikes: the report's order.
[[nodiscard]] std::vector<VisitorProtocol> visitor_protocols();

// splitmix64(user_id ^ kVisitorFoldSalt) % kVisitorFolds, on the MovieLens user id.
[[nodiscard]] std::uint32_t visitor_fold(std::uint32_t user_id);
// A visitor keeps the ratings with the smallest order first (ties, which need a hash collision, by movie id).
[[nodiscard]] std::uint64_t visitor_keep_order(std::uint32_t user_id, std::uint32_t movie_id);

// One fold of a visitor protocol on `split`: train is split.train with every evaluated user of `fold`
// cut down to their kept ratings (a user with fewer than N positives keeps all of them), held_out is
// split.held_out, evaluated_users are the fold's evaluated users (maybe none).
[[nodiscard]] EvaluationSplit visitor_split(const EvaluationSplit& split, const VisitorProtocol& protocol,
                                            std::uint32_t fold);

// Per user row of split.train: the held-out positives of movies with at most max_train_ratings ratings
// in split.train (empty for a user without any).
[[nodiscard]] std::vector<std::vector<std::uint32_t>> cold_item_targets(const EvaluationSplit& split,
                                                                        std::uint32_t max_train_ratings = kColdItemMaxRatings);

// The same protocol with nothing to measure: {"protocol", users 0, heldout 0, no methods}, logged as
// "<name>: no held-out positives under this split".
[[nodiscard]] ProtocolResult unmeasured_protocol(std::string name, std::ostream& log);

// Runs job(0), ..., job(count - 1) on up to `threads` threads; rethrows the first exception.
void run_in_parallel(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job);

// Scores every method whose scope includes visitors, refit fold by fold on the fold's training data.
// The folds run on up to `threads` threads (each fold's ALS then gets threads / folds at once); the
// result does not depend on it. Mean popularity ranks use `popularity_rank` (the full split's), so
// they compare across protocols.
[[nodiscard]] ProtocolResult run_visitor_protocol(const EvaluationSplit& split, const VisitorProtocol& protocol,
                                                  std::span<const ComparedMethod> methods,
                                                  const std::vector<std::uint32_t>& popularity_rank,
                                                  const ListAttributes* attributes, unsigned threads, std::ostream& log);

}  // namespace movierec
