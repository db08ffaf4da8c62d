#include "ingest/interaction_log.hpp"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "movierec/errors.hpp"

namespace movierec {

std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

std::span<const Interaction> InteractionLog::of_user(std::uint32_t user) const {
  return std::span<const Interaction>(interactions).subspan(user_offsets.at(user),
                                                            user_offsets.at(user + 1) - user_offsets.at(user));
}

InteractionLog make_interaction_log(std::vector<std::uint32_t> user_ids, std::vector<std::uint32_t> movie_ids,
                                    std::vector<Interaction> interactions) {
  InteractionLog log{std::move(user_ids), std::move(movie_ids), std::move(interactions), {}};
  for (const Interaction& r : log.interactions) {
    if (r.user >= log.user_count() || r.item >= log.item_count()) {
      throw InputError("interaction (user row " + std::to_string(r.user) + ", item row " + std::to_string(r.item) +
                       ") is outside the " + std::to_string(log.user_count()) + " x " +
                       std::to_string(log.item_count()) + " log");
    }
  }
  std::sort(log.interactions.begin(), log.interactions.end(),
            [](const Interaction& a, const Interaction& b) { return a.user != b.user ? a.user < b.user : a.item < b.item; });
  log.user_offsets.assign(log.user_count() + 1, 0);
  for (std::size_t i = 0; i < log.interactions.size(); ++i) {
    const Interaction& r = log.interactions[i];
    if (i > 0 && log.interactions[i - 1].user == r.user && log.interactions[i - 1].item == r.item) {
      throw InputError("user " + std::to_string(log.user_ids[r.user]) + " rated movie " +
                       std::to_string(log.movie_ids[r.item]) + " twice");
    }
    ++log.user_offsets[r.user + 1];
  }
  for (std::size_t u = 0; u < log.user_count(); ++u) log.user_offsets[u + 1] += log.user_offsets[u];
  return log;
}

InteractionLog interaction_log(const Dataset& dataset, const Catalog& catalog) {
  std::vector<std::uint32_t> movie_ids(catalog.size());
  for (std::size_t i = 0; i < catalog.size(); ++i) movie_ids[i] = catalog.movie(i).id;

  std::vector<std::uint32_t> user_ids;
  user_ids.reserve(dataset.ratings.size());
  for (const RatingRow& row : dataset.ratings) user_ids.push_back(row.user_id);
  std::sort(user_ids.begin(), user_ids.end());
  user_ids.erase(std::unique(user_ids.begin(), user_ids.end()), user_ids.end());
  std::unordered_map<std::uint32_t, std::uint32_t> user_row;
  for (std::size_t r = 0; r < user_ids.size(); ++r) user_row.emplace(user_ids[r], static_cast<std::uint32_t>(r));

  std::vector<Interaction> interactions;
  interactions.reserve(dataset.ratings.size());
  for (const RatingRow& row : dataset.ratings) {
    const auto item = catalog.index_of(row.movie_id);
    if (!item) {
      throw InputError("ratings.csv rates movie " + std::to_string(row.movie_id) +
                       ", which is not in the artifacts' catalog: --data and --artifacts come from different datasets");
    }
    interactions.push_back({user_row.at(row.user_id), *item, row.rating, row.timestamp});
  }
  return make_interaction_log(std::move(user_ids), std::move(movie_ids), std::move(interactions));
}

}  // namespace movierec
