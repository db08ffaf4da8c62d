#include "evaluation/method_comparison.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>

#include "artifacts/index_builder.hpp"
#include "collaborative/ease_model.hpp"
#include "evaluation/evaluation_protocols.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// Wall and process CPU time since construction, for the progress log and the report.
class Stopwatch {
 public:
  double wall() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start_).count(); }
  double cpu() const { return static_cast<double>(std::clock() - cpu_start_) / CLOCKS_PER_SEC; }

 private:
  std::chrono::steady_clock::time_point wall_start_ = std::chrono::steady_clock::now();
  std::clock_t cpu_start_ = std::clock();
};

void progress(std::ostream& log, const Stopwatch& clock, const std::string& what) {
  log << "    [" << std::fixed << std::setprecision(1) << clock.wall() << " s wall, " << clock.cpu() << " s cpu] "
      << std::defaultfloat << std::setprecision(6) << what << "\n"
      << std::flush;
}

std::string seconds_text(double wall, double cpu) {
  std::ostringstream out;
  out << std::fixed << std::setprecision(1) << wall << " s wall, " << cpu << " s cpu";
  return out.str();
}

// The served hybrid's movie vectors on one protocol's training data: the content vectors, that data's
// ALS fit (and low-rank item model, when the choice has one) and its prior features. With an index
// factory they first pass through that encoding, as the shipped index does, so its loss is measured.
HybridVectors served_hybrid_vectors(const FactorMatrix& content, MethodInputs& inputs, const CollaborativeChoice& choice,
                                    const HybridConfig& config, const std::string& index_factory) {
  const ImplicitAlsModel& als = inputs.als(choice.als.config, choice.als.feedback);
  const FactorMatrix* linear = choice.linear ? &inputs.low_rank(*choice.linear) : nullptr;
  const std::vector<float> prior = prior_features(inputs.train());
  const std::vector<std::uint32_t> counts = rating_counts(inputs.train());
  HybridInputs in;
  in.content = std::span<const float>(content.data(), static_cast<std::size_t>(content.size()));
  in.content_dimension = static_cast<std::size_t>(content.cols());
  in.factors = std::span<const float>(als.item_factors.data(), static_cast<std::size_t>(als.item_factors.size()));
  in.factor_dimension = static_cast<std::size_t>(als.item_factors.cols());
  if (linear != nullptr) {
    in.linear = std::span<const float>(linear->data(), static_cast<std::size_t>(linear->size()));
    in.linear_dimension = static_cast<std::size_t>(linear->cols());
  }
  in.prior = prior;
  in.rating_counts = counts;
  HybridVectors vectors = build_hybrid_vectors(in, config);
  if (!index_factory.empty()) vectors.rows = round_trip(vectors.rows, vectors.dimension(), index_factory);
  return vectors;
}

// The hybrid's settings; validation NDCG only when they were tuned.
nlohmann::ordered_json hybrid_json(const HybridChoice& choice, bool tuned) {
  const HybridConfig& c = choice.config;
  nlohmann::ordered_json out{{"profile", std::string(profile_rule_name(c.profile))},
                             {"content_weight", c.content_weight},
                             {"collaborative_weight", c.collaborative_weight},
                             {"shrinkage_beta", c.shrinkage},
                             {"shrinkage_count", "ratings per movie"},
                             {"fold_in", {{"regularization", c.queries.user.fold_in_regularization},
                                          {"alpha", c.fold_in_alpha},
                                          {"rating_confidence", c.fold_in_rating_confidence}}}};
  if (tuned) out["validation_ndcg_at_10"] = choice.validation_ndcg;
  return out;
}

}  // namespace

CollaborativeChoice validated_defaults() {
  CollaborativeChoice choice;
  choice.als.config.factors = 64;
  choice.als.config.regularization = 30.0F;
  choice.als.config.alpha = 0.75F;
  choice.als.config.rating_confidence = true;
  choice.als.config.iterations = 12;
  choice.als.config.seed = 42;
  choice.als.feedback = FeedbackSet::positives;
  choice.hybrid.config = hybrid_base_config(choice.als, HybridProfileRule::least_squares);
  choice.hybrid.config.content_weight = static_cast<float>(std::pow(10.0, -0.25));  // the tuning grid's rho = 10^0.5
  choice.hybrid.config.collaborative_weight = 1.0F;
  choice.hybrid.config.shrinkage = 0.0F;
  // The linear block: a rank-128 linear item model (lambda 200 on all ratings), joined with ALS for
  // MovieLens users, whose hundred ratings it reads well; visitors' few ratings it reads no better than ALS.
  choice.linear = LowRankItemConfig{128, 200.0, FeedbackSet::all_ratings};
  ProfileSettings& user = choice.hybrid.config.queries.user;
  user.audience_share = 0.5F;
  user.linear = 0.005F;
  // Visitors, chosen on the visitor protocols of the validation split (docs/evaluation.md): the likeness
  // profile with the linear block (it beats the fold-in from 3 ratings on, and lets six Pixar likes bring
  // animated films), a popularity prior that fades as likes come in (3 * 1 / (1 + likes): a handful of
  // ratings says little), and a light re-rank: no series takes more than two places. Prior and diversity
  // sit where every visitor-N stays within 2 % of the best NDCG@10 any tried setting reached while
  // coverage rises: against (2, 2, 0.1), NDCG@10 at N = 1/3/5/10 went 0.0807/0.1042/0.1103/0.1326 ->
  // 0.0839/0.1035/0.1113/0.1330 and coverage@10 at N = 3/5/10 0.021/0.022/0.026 -> 0.023/0.025/0.028.
  // A dislike moves back, in the re-rank, the films whose content is within reach of it and the rest of
  // its series (result_diversity.hpp), and pushes nothing in the query. Mean NDCG@10 over
  // visitor-{1,3,5,10}-dislikes on the validation split, against 0.1006 ignoring dislikes: pushing the
  // query away from the film's content (0.1) and leaving its series out 0.1002; the series left out
  // alone 0.1004; the re-rank penalty at reach 0.5 with the series left out 0.1003; at reach 0.6, 0.3 or
  // 0.6, 0.1005; the same with the series moved back instead of left out 0.1006 at 0.3, 0.1005 at 0.6.
  // Every push in the query cost accuracy (the audience and linear blocks from the start): MovieLens
  // users often rate low a film of a kind they watch a lot, and often like another film of its series.
  ProfileSettings& visitor = choice.hybrid.config.queries.visitor;
  visitor.rule = ProfileRule::likeness;
  visitor.audience_share = 0.5F;
  visitor.linear = 0.01F;
  visitor.popularity = 3.0F;
  visitor.popularity_ratings = 1.0F;
  visitor.dislike = 0.0F;
  visitor.disliked_neighbours = 0.3F;
  visitor.not_interested = 0.05F;
  visitor.calibration = 0.1F;
  visitor.diversity = 0.15F;
  visitor.max_per_series = 2;
  // Similar movies and free text, chosen on benchmarks/relevance (docs/relevance.md).
  choice.hybrid.config.queries.similar = SimilarSettings{0.3F, 0.2F, 0.03F};
  choice.hybrid.config.queries.describe = DescribeSettings{0.23F, 0.1F};
  choice.ease.lambda = 200.0;
  choice.ease.feedback = FeedbackSet::all_ratings;
  return choice;
}

nlohmann::ordered_json als_json(const AlsChoice& choice) {
  return nlohmann::ordered_json{{"factors", choice.config.factors},
                                {"regularization", choice.config.regularization},
                                {"alpha", choice.config.alpha},
                                {"confidence", choice.config.rating_confidence ? "1 + alpha * rating" : "1 + alpha"},
                                {"feedback", feedback_set_name(choice.feedback)},
                                {"iterations", choice.config.iterations},
                                {"seed", choice.config.seed}};
}

std::vector<ComparedMethod> compared_methods(const MethodSettings& settings) {
  if (settings.content == nullptr) throw InputError("compared_methods needs the content vectors");
  const FactorMatrix* content = settings.content;
  const ServedCatalog served_catalog = settings.catalog;
  const CollaborativeChoice choice = settings.choice;
  const AlsChoice als = settings.choice.als;
  const HybridConfig hybrid = settings.choice.hybrid.config;
  const EaseChoice ease = settings.choice.ease;
  const std::string factory = settings.served_index_factory;
  std::vector<ComparedMethod> methods{
      {"popularity", [](MethodInputs& in) { return popularity_scores(in.train(), in.users()); }},
      {"content", [content](MethodInputs& in) { return content_scores(in.train(), *content, in.users()); },
       MethodScope::full_profiles},
      {"collaborative", [als](MethodInputs& in) { return als_scores(in.als(als.config, als.feedback), in.users()); }},
      {"hybrid",
       [content, choice, hybrid, factory](MethodInputs& in) {
         const HybridVectors served = served_hybrid_vectors(*content, in, choice, hybrid, factory);
         return hybrid_scores(in.train(), served, hybrid, in.users());
       },
       MethodScope::everywhere,
       [content, choice, hybrid, factory, served_catalog](MethodInputs& in) {
         const HybridVectors served = served_hybrid_vectors(*content, in, choice, hybrid, factory);
         return served_lists(in.train(), in.users(), served, hybrid, in.audience, served_catalog);
       }},
      {"ease", [ease](MethodInputs& in) { return in.ease(ease.lambda, ease.feedback).score_users(in.users()); }},
  };
  // The dislike protocols' yardstick for dislikes that count: the same served hybrid blind to them.
  HybridConfig blind = hybrid;
  blind.queries.visitor.dislike = 0.0F;
  blind.queries.visitor.not_interested = 0.0F;
  blind.queries.visitor.disliked_neighbours = 0.0F;
  methods.push_back({"hybrid_ignoring_dislikes", nullptr, MethodScope::visitors_with_dislikes,
                     [content, choice, blind, factory, served_catalog](MethodInputs& in) {
                       const HybridVectors served = served_hybrid_vectors(*content, in, choice, blind, factory);
                       return served_lists(in.train(), in.users(), served, blind, in.audience, served_catalog);
                     }});
  if (settings.ease_visitor) {
    const EaseChoice visitor = *settings.ease_visitor;
    methods.push_back({"ease_visitor",
                       [visitor](MethodInputs& in) { return in.ease(visitor.lambda, visitor.feedback).score_users(in.users()); },
                       MethodScope::visitors});
  }
  return methods;
}

Comparison compare_methods(const InteractionLog& ratings, const FactorMatrix& content, const ComparisonOptions& options,
                           std::ostream& log) {
  const Stopwatch clock;
  EvaluationSplit test = split(ratings, options.protocol, kTestSalt);
  const std::size_t all_users = options.max_evaluated_users > 0
                                    ? sample_evaluated_users(test, options.max_evaluated_users)
                                    : test.evaluated_users.size();
  const bool holdout = options.protocol == SplitProtocol::holdout;
  Comparison out;
  EvalReport& report = out.report;
  if (test.evaluated_users.size() < all_users) {
    report.restrictions.push_back("scored a seeded sample of " + std::to_string(test.evaluated_users.size()) + " of " +
                                  std::to_string(all_users) + " users, while every rating trains the models");
    progress(log, clock, report.restrictions.back());
  }
  report.protocol = options.protocol;
  report.users = test.evaluated_users.size();
  report.held_out = test.held_out_count();
  report.catalog_size = ratings.item_count();
  progress(log, clock,
           std::string(protocol_name(options.protocol)) + ": " + std::to_string(ratings.interactions.size()) +
               " ratings; test " + std::to_string(report.users) + " users / " + std::to_string(report.held_out) +
               " held out");

  const ListAttributes attributes = list_attributes(
      std::span<const float>(content.data(), static_cast<std::size_t>(content.size())),
      static_cast<std::size_t>(content.cols()), options.series);
  // One yardstick for every protocol: the popularity rank on the full train split.
  const std::vector<std::uint32_t> popularity_rank = popularity_ranks(positive_counts(test.train));
  const auto& users = test.evaluated_users;

  MethodSettings settings;
  settings.content = &content;
  settings.catalog = ServedCatalog{options.series, options.genre_masks};
  settings.served_index_factory = options.served_index_factory;
  CollaborativeChoice& choice = settings.choice;
  choice = validated_defaults();
  choice.als.config.threads = options.threads;
  std::vector<ValidationTrial> trials;
  std::vector<HybridChoice> rules;  // with tuning: the best of each profile rule, in HybridProfileRule order
  std::optional<EvaluationSplit> validation;
  if (options.tune) {
    validation = split(test.train, options.protocol, kValidationSalt);
    progress(log, clock,
             "validation: " + std::to_string(validation->evaluated_users.size()) + " users / " +
                 std::to_string(validation->held_out_count()) + " held out");
    choice.als = tune_als(*validation, options.threads, trials, log);
    progress(log, clock, "tuned collaborative");
    const ImplicitAlsModel validation_als =
        fit_implicit_als(feedback_matrix(validation->train, choice.als.feedback), choice.als.config);
    rules = tune_hybrid(*validation, content, validation_als, choice.als, trials, log);
    choice.hybrid = rules.at(static_cast<std::size_t>(HybridProfileRule::least_squares));
    // The search tunes the blocks' balance; the served queries keep their validated settings, with the
    // tuned ALS's regularization for the fold-in.
    choice.hybrid.config.queries = validated_defaults().hybrid.config.queries;
    choice.hybrid.config.queries.visitor.fold_in_regularization = choice.als.config.regularization;
    choice.hybrid.config.queries.user.fold_in_regularization = choice.als.config.regularization;
    progress(log, clock, "tuned hybrid");
    choice.ease = tune_ease(*validation, trials, log);
    progress(log, clock, "tuned ease");
    choice.tuned = true;
  }

  // Full profiles: every method once on the test split's train; cold items re-score the same lists.
  using Targets = std::vector<std::vector<std::uint32_t>>;
  const Targets cold_targets = holdout ? cold_item_targets(test) : Targets(test.held_out.size());
  ProtocolResult cold;
  cold.protocol = "cold-items";
  cold.details = {{"max_train_ratings", kColdItemMaxRatings}, {"rankings", protocol_name(options.protocol)}};
  for (const auto& targets : cold_targets) {
    cold.users += targets.empty() ? 0 : 1;
    cold.held_out += targets.size();
  }
  double cold_wall = 0.0, cold_cpu = 0.0;
  const auto add = [&](const std::string& name, const RankingMetrics& m) {
    report.methods.push_back({name, m});
    progress(log, clock, name + ": NDCG@10 " + std::to_string(m.ndcg) + ", Recall@10 " + std::to_string(m.recall));
  };
  const auto score_lists = [&](const std::string& name, const TopLists& lists) {
    add(name, evaluate_lists(lists, users, test.held_out, popularity_rank, &attributes));
    if (cold.held_out == 0) return;
    const Stopwatch cold_clock;
    cold.methods.push_back({name, evaluate_lists(lists, users, cold_targets, popularity_rank, &attributes)});
    cold_wall += cold_clock.wall();
    cold_cpu += cold_clock.cpu();
  };
  MethodInputs inputs(test.train, users, options.threads);
  const std::vector<ComparedMethod> full_profile_methods = compared_methods(settings);
  for (const ComparedMethod& method : full_profile_methods) {
    if (method.scope == MethodScope::everywhere || method.scope == MethodScope::full_profiles) {
      score_lists(method.name, method_lists(method, inputs));
    }
  }

  if (const EaseModel& ease = inputs.ease(choice.ease.lambda, choice.ease.feedback); ease.restricted()) {
    report.restrictions.push_back("EASE ranks only the " + std::to_string(ease.kept_items().size()) + " most-rated of " +
                                  std::to_string(ratings.item_count()) + " movies (its dense inverse fits memory there)");
    progress(log, clock, report.restrictions.back());
  }

  const HybridConfig& served_config = choice.hybrid.config;
  const HybridVectors served = served_hybrid_vectors(content, inputs, choice, served_config, options.served_index_factory);

  if (!options.served_index_factory.empty()) {
    progress(log, clock, "served hybrid vectors encoded as " + options.served_index_factory + " and decoded");
  }
  const auto row_of = [](const std::vector<MethodResult>& rows, const std::string& name) {
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const MethodResult& m) { return m.name == name; });
    if (it == rows.end()) throw Error("the comparison has no " + name + " row");
    return it->metrics;
  };
  const RankingMetrics served_metrics = row_of(report.methods, "hybrid");
  const bool large = ratings.item_count() > kFullComparisonMaxMovies;
  if (large) {
    report.restrictions.push_back("no audience-share sweep and no visitor protocols above " +
                                  std::to_string(kFullComparisonMaxMovies) + " movies (each re-ranks the catalog for " +
                                  "every user again; the visitor protocols refit every method 40 times)");
    progress(log, clock, report.restrictions.back());
  }
  for (const float share : large ? std::vector<float>{} : std::vector<float>(std::begin(kAudienceShares), std::end(kAudienceShares))) {
    if (share == kDefaultAudienceShare) {
      report.audience_shares.push_back({share, served_metrics});
      continue;
    }
    const RankingMetrics m = evaluate_lists(
        served_lists(test.train, users, served, served_config, ProfileAudience::user, settings.catalog, share), users, test.held_out,
        popularity_rank);
    report.audience_shares.push_back({share, m});
    progress(log, clock, "hybrid at audience share " + std::to_string(share) + ": NDCG@10 " + std::to_string(m.ndcg));
  }

  if (options.compare_profile_rules) {
    for (const HybridChoice& rule : rules) {
      const std::string name = "hybrid_" + std::string(profile_rule_name(rule.config.profile));
      if (rule.config.profile == HybridProfileRule::least_squares) {
        add(name, served_metrics);  // the served hybrid itself
        if (cold.held_out > 0) cold.methods.push_back({name, row_of(cold.methods, "hybrid")});
      } else {
        score_lists(name, top_lists(test.train, users,
                                    hybrid_scores(test.train, served_hybrid_vectors(content, inputs, choice, rule.config, {}),
                                                  rule.config, users)));
      }
    }
  }

  report.hybrid_config = hybrid_json(choice.hybrid, choice.tuned);
  report.hybrid_config["factor_scale"] = served.factor_scale;
  report.hybrid_config["als"] = als_json(choice.als);
  report.hybrid_config["tuning"] = choice.tuned ? "validation" : "defaults";
  if (validation) {
    report.hyperparameters["validation"] = nlohmann::ordered_json{{"users", validation->evaluated_users.size()},
                                                                  {"heldout", validation->held_out_count()},
                                                                  {"trials", trials.size()}};
  }
  report.hyperparameters["collaborative"] = als_json(choice.als);
  report.hyperparameters["ease"] = nlohmann::ordered_json{{"lambda", choice.ease.lambda},
                                                          {"feedback", feedback_set_name(choice.ease.feedback)}};
  if (choice.tuned) {
    report.hyperparameters["collaborative"]["validation_ndcg_at_10"] = choice.als.validation_ndcg;
    report.hyperparameters["ease"]["validation_ndcg_at_10"] = choice.ease.validation_ndcg;
  }
  for (const HybridChoice& rule : rules) {
    report.hyperparameters["hybrid_" + std::string(profile_rule_name(rule.config.profile))] = hybrid_json(rule, true);
  }

  ProtocolResult full;
  full.protocol = std::string(protocol_name(options.protocol));
  if (report.held_out == 0) {
    full = unmeasured_protocol(full.protocol, log);
  } else {
    full.users = report.users;
    full.held_out = report.held_out;
    full.methods = report.methods;
  }
  full.wall_seconds = clock.wall();  // tuning included: it is part of what this protocol costs
  full.cpu_seconds = clock.cpu();
  progress(log, clock, full.protocol + ": " + seconds_text(full.wall_seconds, full.cpu_seconds));
  report.protocols.push_back(std::move(full));

  if (options.visitor_protocols && !holdout) {
    log << "    visitor protocols: defined on ml-small-holdout-v1 only, not run for " << protocol_name(options.protocol) << "\n";
  } else if (options.visitor_protocols && !large) {
    if (validation) {
      const Stopwatch tuning_clock;
      settings.ease_visitor = tune_ease_for_visitors(*validation, options.threads, trials, log);
      const auto tenths = [](double seconds) { return std::round(seconds * 10.0) / 10.0; };
      report.hyperparameters["ease_visitor"] = nlohmann::ordered_json{
          {"lambda", settings.ease_visitor->lambda},
          {"feedback", feedback_set_name(settings.ease_visitor->feedback)},
          {"validation_ndcg_at_10", settings.ease_visitor->validation_ndcg},
          {"tuned_on", "visitor-3 and visitor-10 of the validation split, mean NDCG@10"},
          {"seconds", {{"wall", tenths(tuning_clock.wall())}, {"cpu", tenths(tuning_clock.cpu())}}}};
      report.hyperparameters["validation"]["trials"] = trials.size();
      progress(log, clock, "tuned ease_visitor: " + seconds_text(tuning_clock.wall(), tuning_clock.cpu()));
    }
    const std::vector<ComparedMethod> methods = compared_methods(settings);
    for (const VisitorProtocol& protocol : visitor_protocols()) {
      const Stopwatch protocol_clock;
      ProtocolResult result =
          run_visitor_protocol(test, protocol, methods, popularity_rank, &attributes, options.threads, log);
      result.wall_seconds = protocol_clock.wall();
      result.cpu_seconds = protocol_clock.cpu();
      progress(log, clock, result.protocol + ": " + seconds_text(result.wall_seconds, result.cpu_seconds));
      report.protocols.push_back(std::move(result));
    }
  }
  if (holdout) {
    if (cold.held_out == 0) {
      ProtocolResult empty = unmeasured_protocol(cold.protocol, log);
      empty.details = cold.details;
      cold = std::move(empty);
    }
    cold.wall_seconds = cold_wall;  // scoring only: the rankings are the full-profile protocol's
    cold.cpu_seconds = cold_cpu;
    progress(log, clock,
             "cold-items: " + std::to_string(cold.users) + " users / " + std::to_string(cold.held_out) +
                 " held-out positives of movies with <= " + std::to_string(kColdItemMaxRatings) + " train ratings");
    report.protocols.push_back(std::move(cold));
  }
  out.choice = choice;
  report.wall_seconds = clock.wall();
  report.cpu_seconds = clock.cpu();
  progress(log, clock, "compared the methods");
  return out;
}

}  // namespace movierec
