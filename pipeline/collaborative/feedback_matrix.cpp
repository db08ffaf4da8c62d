#include "collaborative/feedback_matrix.hpp"

#include <vector>

namespace movierec {

const char* feedback_set_name(FeedbackSet set) { return set == FeedbackSet::positives ? "positives" : "all_ratings"; }

FeedbackMatrix feedback_matrix(const InteractionLog& log, FeedbackSet set) {
  std::vector<Eigen::Triplet<float, std::int32_t>> entries;
  entries.reserve(log.interactions.size());
  for (const Interaction& r : log.interactions) {
    if (set == FeedbackSet::positives && r.rating < kPositiveRating) continue;
    entries.emplace_back(static_cast<std::int32_t>(r.user), static_cast<std::int32_t>(r.item), r.rating);
  }
  FeedbackMatrix matrix(static_cast<Eigen::Index>(log.user_count()), static_cast<Eigen::Index>(log.item_count()));
  matrix.setFromTriplets(entries.begin(), entries.end());
  return matrix;
}

}  // namespace movierec
