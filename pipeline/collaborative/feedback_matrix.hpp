#pragma once
// The users x items feedback matrix the collaborative models (implicit ALS, EASE) are fit on.
#include <cstdint>

#include <Eigen/SparseCore>

#include "ingest/interaction_log.hpp"

namespace movierec {

// Which ratings count as feedback: only the liked ones, or every rating (having watched a movie is a
// signal too, even when it disappointed).
enum class FeedbackSet : std::uint8_t { positives, all_ratings };

[[nodiscard]] const char* feedback_set_name(FeedbackSet set);  // "positives", "all_ratings"

// Row = dense user row of the log, column = catalog item row, value = the rating (0.5-5).
using FeedbackMatrix = Eigen::SparseMatrix<float, Eigen::RowMajor, std::int32_t>;

[[nodiscard]] FeedbackMatrix feedback_matrix(const InteractionLog& log, FeedbackSet set);

}  // namespace movierec
