#include "evaluation/evaluation_protocols.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <iomanip>
#include <mutex>
#include <thread>

namespace movierec {

std::string VisitorProtocol::name() const {
  return "visitor-" + std::to_string(kept_positives) + (dislikes ? "-dislikes" : "");
}

std::vector<VisitorProtocol> visitor_protocols() {
  std::vector<VisitorProtocol> out;
  for (const bool dislikes : {false, true}) {
    for (const std::size_t n : kVisitorProfileSizes) out.push_back({n, dislikes});
  }
  return out;
}

std::uint32_t visitor_fold(std::uint32_t user_id) {
  return static_cast<std::uint32_t>(splitmix64(static_cast<std::uint64_t>(user_id) ^ kVisitorFoldSalt) % kVisitorFolds);
}

std::uint64_t visitor_keep_order(std::uint32_t user_id, std::uint32_t movie_id) {
  return splitmix64(((static_cast<std::uint64_t>(user_id) << 32) | movie_id) ^ kVisitorKeepSalt);
}

EvaluationSplit visitor_split(const EvaluationSplit& split, const VisitorProtocol& protocol, std::uint32_t fold) {
  const InteractionLog& train = split.train;
  EvaluationSplit out;
  std::vector<bool> visitor(train.user_count(), false);
  for (const std::uint32_t user : split.evaluated_users) {
    if (visitor_fold(train.user_ids[user]) != fold) continue;
    visitor[user] = true;
    out.evaluated_users.push_back(user);
  }
  std::vector<Interaction> kept;
  kept.reserve(train.interactions.size());
  std::vector<Interaction> positives, dislikes;
  const auto keep_first = [&](std::uint32_t user_id, std::vector<Interaction>& ratings) {
    const auto key = [&](const Interaction& r) {
      return std::pair(visitor_keep_order(user_id, train.movie_ids[r.item]), train.movie_ids[r.item]);
    };
    std::sort(ratings.begin(), ratings.end(), [&](const Interaction& a, const Interaction& b) { return key(a) < key(b); });
    const std::size_t n = std::min(protocol.kept_positives, ratings.size());
    kept.insert(kept.end(), ratings.begin(), ratings.begin() + static_cast<std::ptrdiff_t>(n));
  };
  for (std::uint32_t user = 0; user < train.user_count(); ++user) {
    const std::span<const Interaction> ratings = train.of_user(user);
    if (!visitor[user]) {
      kept.insert(kept.end(), ratings.begin(), ratings.end());
      continue;
    }
    positives.clear();
    dislikes.clear();
    for (const Interaction& r : ratings) {
      if (r.rating >= kPositiveRating) positives.push_back(r);
      else if (protocol.dislikes && r.rating < kDislikeRating) dislikes.push_back(r);
    }
    keep_first(train.user_ids[user], positives);
    keep_first(train.user_ids[user], dislikes);
  }
  out.train = make_interaction_log(train.user_ids, train.movie_ids, std::move(kept));
  out.held_out = split.held_out;
  return out;
}

std::vector<std::vector<std::uint32_t>> cold_item_targets(const EvaluationSplit& split, std::uint32_t max_train_ratings) {
  const std::vector<std::uint32_t> counts = rating_counts(split.train);
  std::vector<std::vector<std::uint32_t>> targets(split.held_out.size());
  for (const std::uint32_t user : split.evaluated_users) {
    for (const std::uint32_t item : split.held_out[user]) {
      if (counts[item] <= max_train_ratings) targets[user].push_back(item);  // stays ascending
    }
  }
  return targets;
}

ProtocolResult unmeasured_protocol(std::string name, std::ostream& log) {
  log << "    " << name << ": no held-out positives under this split\n" << std::flush;
  ProtocolResult out;
  out.protocol = std::move(name);
  return out;
}

void run_in_parallel(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& job) {
  const std::size_t workers = std::min<std::size_t>(std::max(1U, threads), count);
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) job(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::mutex failure_mutex;
  std::exception_ptr failure;
  const auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        job(i);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = count;  // no point starting more
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

ProtocolResult run_visitor_protocol(const EvaluationSplit& split, const VisitorProtocol& protocol,
                                    std::span<const ComparedMethod> methods, const std::vector<std::uint32_t>& popularity_rank,
                                    const ListAttributes* attributes, unsigned threads, std::ostream& log) {
  std::vector<const ComparedMethod*> scored;
  for (const ComparedMethod& m : methods) {
    if (m.scope == MethodScope::full_profiles || (m.scope == MethodScope::visitors_with_dislikes && !protocol.dislikes)) continue;
    scored.push_back(&m);
  }
  struct FoldLists {
    std::vector<std::uint32_t> users;
    std::vector<std::vector<std::vector<std::uint32_t>>> lists;  // per scored method, per user
    std::size_t held_out = 0;
    std::size_t short_profiles = 0;  // users with fewer than N train positives: they keep all of them
  };
  std::vector<FoldLists> folds(kVisitorFolds);
  const unsigned workers = std::min(std::max(1U, threads), kVisitorFolds);
  const unsigned fit_threads = std::max(1U, threads / workers);
  run_in_parallel(kVisitorFolds, workers, [&](std::size_t f) {
    const EvaluationSplit fold = visitor_split(split, protocol, static_cast<std::uint32_t>(f));
    FoldLists& out = folds[f];
    out.users = fold.evaluated_users;
    if (out.users.empty()) return;
    out.held_out = fold.held_out_count();
    for (const std::uint32_t user : out.users) {
      const auto ratings = split.train.of_user(user);
      const auto positives = std::count_if(ratings.begin(), ratings.end(),
                                           [](const Interaction& r) { return r.rating >= kPositiveRating; });
      out.short_profiles += static_cast<std::size_t>(positives) < protocol.kept_positives ? 1 : 0;
    }
    MethodInputs inputs(fold.train, fold.evaluated_users, fit_threads);
    inputs.audience = ProfileAudience::visitor;
    for (const ComparedMethod* m : scored) out.lists.push_back(method_lists(*m, inputs));
  });

  ProtocolResult result;
  result.protocol = protocol.name();
  std::size_t short_profiles = 0;
  for (const FoldLists& fold : folds) {
    result.users += fold.users.size();
    result.held_out += fold.held_out;
    short_profiles += fold.short_profiles;
  }
  if (result.held_out == 0) result = unmeasured_protocol(protocol.name(), log);
  result.details = nlohmann::ordered_json{{"kept_positives", protocol.kept_positives},
                                          {"kept_dislikes", protocol.dislikes ? protocol.kept_positives : 0},
                                          {"folds", kVisitorFolds},
                                          {"users_with_fewer_positives", short_profiles}};
  if (result.held_out == 0) return result;

  log << "    " << result.protocol << ": " << result.users << " users / " << result.held_out << " held out in folds of";
  for (const FoldLists& fold : folds) log << " " << fold.users.size();
  log << " users; " << short_profiles << " have fewer than " << protocol.kept_positives
      << " train positives and keep them all\n";
  for (std::size_t i = 0; i < scored.size(); ++i) {
    RankingEvaluator evaluator(popularity_rank, kEvaluationCutoff, attributes);
    for (const FoldLists& fold : folds) {
      if (!fold.users.empty()) add_lists(evaluator, fold.lists[i], fold.users, split.held_out);
    }
    result.methods.push_back({scored[i]->name, evaluator.metrics()});
    log << "      " << scored[i]->name << ": NDCG@10 " << std::fixed << std::setprecision(4)
        << result.methods.back().metrics.ndcg << ", Recall@10 " << result.methods.back().metrics.recall
        << std::defaultfloat << std::setprecision(6) << "\n";
  }
  log << std::flush;
  return result;
}

}  // namespace movierec
