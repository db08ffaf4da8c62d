#include "cli/query_commands.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <cmath>
#include <functional>
#include <iostream>
#include <iterator>

#include "artifacts/artifact_loader.hpp"
#include "artifacts/artifact_writer.hpp"
#include "cli/recommendation_report.hpp"
#include "cli/visitor_ratings.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/builder_files.hpp"
#include "movierec/errors.hpp"
#include "relevance/text_encoder.hpp"

namespace movierec {
namespace {

using Answer = std::function<nlohmann::json(const std::string& query)>;
using Print = std::function<void(const nlohmann::json& answer, std::ostream& out)>;

// One query from the flag, or many from stdin (--stdin) with errors reported per line.
int answer_queries(const QueryOptions& options, std::istream& in, std::ostream& out, const Answer& answer,
                   const Print& print) {
  if (!options.batch) {
    if (options.text.empty()) throw InputError("nothing to look up: give the query (see --help)");
    const auto result = answer(options.text);
    if (options.json) {
      out << result.dump(2) << "\n";
    } else {
      print(result, out);
    }
    return 0;
  }
  std::string line;
  while (std::getline(in, line)) {
    try {
      out << answer(line).dump() << "\n";
    } catch (const Error& e) {
      out << nlohmann::json{{"error", e.what()}}.dump() << "\n";
    }
  }
  return 0;
}

void print_list(const Catalog& catalog, const nlohmann::json& answer, std::ostream& out) {
  std::vector<Recommendation> items;
  for (const auto& entry : answer.at("recommendations")) {
    Recommendation item{*catalog.index_of(entry.at("movie_id").get<std::uint32_t>()), entry.at("similarity_score").get<float>()};
    if (entry.contains("because_movie_id")) item.because = *catalog.index_of(entry.at("because_movie_id").get<std::uint32_t>());
    items.push_back(item);
  }
  print_recommendations(catalog, items, answer.value("personal", true), out);
}

// What the site says above a profile's list (web/src/panels/my_taste_panel.ts and user_panel.ts say the
// same). `dislikes_count`: the settings push dislikes away (a visitor's do; a MovieLens user's do not).
std::string profile_sentence(const ProfileRecommendations& result, bool dislikes_count) {
  if (result.personal) {
    return "From " + std::to_string(result.liked_movies) + (result.liked_movies == 1 ? " liked movie" : " liked movies") +
           (dislikes_count && result.disliked_movies > 0
                ? ", keeping away from " + std::to_string(result.disliked_movies) +
                      (result.disliked_movies == 1 ? " dislike" : " dislikes")
                : std::string()) +
           ".";
  }
  return result.disliked_movies > 0
             ? "Nothing liked yet (3.5 stars or more), so these are popular picks kept away from the dislikes."
             : "Nothing liked yet (3.5 stars or more), so these are popular picks.";
}

nlohmann::json profile_json(const Catalog& catalog, const ProfileRecommendations& result, const ProfileSettings& settings) {
  return {{"personal", result.personal},
          {"message", profile_sentence(result, settings.dislike > 0.0F)},
          {"user_stats", {{"liked_movies", result.liked_movies}, {"disliked_movies", result.disliked_movies}}},
          {"recommendations", recommendations_json(catalog, result.items)},
          {"count", result.items.size()}};
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError("cannot read " + path.string());
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

// A visitor's ratings file as engine rows; movies this catalog lacks are listed, not fatal (the site
// does the same with an import from another build).
std::vector<ProfileRating> profile_from_file(const Catalog& catalog, const std::filesystem::path& path,
                                             std::vector<std::uint32_t>& unknown) {
  std::vector<ProfileRating> profile;
  for (const auto& r : read_visitor_ratings(read_file(path), path.string())) {
    if (const auto row = catalog.index_of(r.movie_id)) {
      profile.push_back({*row, r.rating});
    } else {
      unknown.push_back(r.movie_id);
    }
  }
  return profile;
}

std::uint32_t parse_user_id(const std::string& text) {
  std::uint32_t id = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (ec != std::errc() || ptr != end) throw InputError("user id must be a whole number, got \"" + text + "\"");
  return id;
}

}  // namespace

int run_similar(const std::filesystem::path& artifacts, const QueryOptions& options, std::istream& in, std::ostream& out) {
  const auto loaded = load_artifacts(artifacts);
  const auto& engine = *loaded.recommender;
  return answer_queries(
      options, in, out,
      [&](const std::string& title) {
        const auto movie = engine.resolve_title(title);
        const auto items = engine.similar_to(movie, options.k, {}, options.audience_share);
        return nlohmann::json{{"query_movie", movie_json(engine.catalog(), movie)},
                              {"recommendations", recommendations_json(engine.catalog(), items)},
                              {"count", items.size()}};
      },
      [&](const nlohmann::json& answer, std::ostream& o) {
        o << "Movies similar to " << answer["query_movie"]["display_title"].get<std::string>() << ":\n";
        print_list(engine.catalog(), answer, o);
      });
}

int run_recommend(const std::filesystem::path& artifacts, const QueryOptions& options, std::istream& in,
                  std::ostream& out) {
  const auto loaded = load_artifacts(artifacts);
  const auto& engine = *loaded.recommender;
  const auto print = [&](const nlohmann::json& answer, std::ostream& o) {
    if (answer.contains("user_id")) {
      o << "User " << answer["user_id"] << " rated " << answer["user_stats"]["total_ratings"] << " movies, liked "
        << answer["user_stats"]["liked_movies"] << ". ";
    }
    o << answer["message"].get<std::string>() << "\n";
    print_list(engine.catalog(), answer, o);
  };
  if (!options.profile.empty()) {
    // As a visitor: the site's My taste list for these ratings, with the visitor settings.
    std::vector<std::uint32_t> unknown;
    const auto profile = profile_from_file(engine.catalog(), options.profile, unknown);
    const auto result = engine.recommend_for_profile(profile, options.k, {}, options.audience_share, ProfileAudience::visitor);
    auto answer = profile_json(engine.catalog(), result, engine.space().queries.visitor);
    answer["unknown_movie_ids"] = unknown;
    if (options.json) {
      out << answer.dump(2) << "\n";
    } else {
      print(answer, out);
    }
    return 0;
  }
  return answer_queries(
      options, in, out,
      [&](const std::string& user) {
        const auto user_id = parse_user_id(user);
        const auto result = engine.recommend_for_user(user_id, options.k, {}, options.audience_share);
        auto answer = profile_json(engine.catalog(), result, engine.space().queries.user);
        answer["user_id"] = user_id;
        answer["user_stats"]["total_ratings"] = result.total_ratings;
        return answer;
      },
      print);
}

int run_search(const std::filesystem::path& artifacts, const QueryOptions& options, std::istream& in, std::ostream& out) {
  const auto loaded = load_artifacts(artifacts);
  const auto& engine = *loaded.recommender;
  const TextEncoder text_encoder(loaded);
  return answer_queries(
      options, in, out,
      [&](const std::string& text) {
        const auto items = engine.search_by_vector(text_encoder.embed(text), options.k);
        return nlohmann::json{{"query", text},
                              {"recommendations", recommendations_json(engine.catalog(), items)},
                              {"count", items.size()}};
      },
      [&](const nlohmann::json& answer, std::ostream& o) {
        o << "Movies matching \"" << answer["query"].get<std::string>() << "\":\n";
        print_list(engine.catalog(), answer, o);
      });
}

int run_embed(const std::filesystem::path& artifacts, bool csv, std::istream& in, std::ostream& out) {
  const auto loaded = load_artifacts(artifacts);
  const TextEncoder text_encoder(loaded);
  if (csv) {
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    CsvReader reader(bytes, "stdin");
    reader.read_header();
    const auto columns = reader.require_columns({"movieId", "text"});
    std::vector<std::uint32_t> ids;
    std::vector<float> rows;
    while (reader.read_record()) {
      ids.push_back(reader.field_u32(columns[0]));
      const std::string text(reader.field(columns[1]));
      if (text.find_first_not_of(" \t\r\n") == std::string::npos) reader.fail("the text is blank");
      const auto embedding = text_encoder.embed(text);
      rows.insert(rows.end(), embedding.begin(), embedding.end());
    }
    out << write_embeddings_csv(ids, rows, text_encoder.dimension());
    return 0;
  }
  std::string line;
  while (std::getline(in, line)) {
    out << nlohmann::json{{"embedding", text_encoder.embed(line)}}.dump() << "\n";
  }
  return 0;
}

int run_validate(const std::filesystem::path& artifacts, std::ostream& out) {
  const auto loaded = load_artifacts(artifacts);
  const auto& engine = *loaded.recommender;
  const auto& catalog = engine.catalog();
  out << "loaded " << catalog.size() << " movies, " << engine.ratings().user_count() << " users, "
      << engine.ratings().rating_count() << " ratings, index dimension " << engine.index().dimension() << "\n";
  std::size_t problems = 0;
  const auto problem = [&](const std::string& what) {
    if (++problems <= 10) out << "  problem: " << what << "\n";
  };

  // Every content block is w_c times a unit MiniLM vector (the collaborative block's norm varies by
  // movie). Quantized storage perturbs the norm a little; anything larger means a wrong weight or
  // vectors that were not normalised.
  const HybridSpace& space = engine.space();
  out << "index: " << space.content_dimension << " content + " << space.collaborative_dimension << " collaborative + "
      << space.linear_dimension << " linear + " << space.prior_dimension << " prior dimensions, content weight "
      << space.content_weight << "\n";
  double worst_norm_error = 0;
  for (std::uint32_t i = 0; i < catalog.size(); ++i) {
    const auto v = engine.index().vector(i);
    double norm = 0;
    for (std::size_t d = 0; d < space.content_dimension; ++d) norm += static_cast<double>(v[d]) * v[d];
    worst_norm_error = std::max(worst_norm_error, std::abs(std::sqrt(norm) / space.content_weight - 1.0));
  }
  if (worst_norm_error > 0.05) {
    problem("stored content blocks are not content_weight long (worst relative error " + std::to_string(worst_norm_error) + ")");
  }
  out << "vectors: worst |content norm / content weight - 1| = " << worst_norm_error << "\n";

  std::size_t titles_checked = 0;
  for (std::uint32_t i = 0; i < catalog.size(); i += 97) {
    ++titles_checked;
    const auto items = engine.similar_to(i, 10);
    if (items.size() != std::min<std::size_t>(10, catalog.size() - 1)) problem("similar_to(" + std::to_string(i) + ") returned too few");
    for (const auto& item : items) {
      if (item.movie_index == i) problem("similar_to(" + std::to_string(i) + ") returned the query movie");
    }
    const auto match = engine.find_titles(catalog.movie(i).title, 1);
    if (match.empty() || match.front().kind != TitleMatchKind::exact) problem("title lookup misses \"" + catalog.movie(i).title + "\"");
  }
  out << "similar + title lookup: " << titles_checked << " movies checked\n";

  // Every user of a small dataset; at full size an even spread of about 2,000 (each is a catalog scan).
  std::size_t users_checked = 0;
  const auto user_ids = engine.ratings().user_ids();
  const std::size_t user_stride = std::max<std::size_t>(1, user_ids.size() / 2000);
  for (std::size_t u = 0; u < user_ids.size(); u += user_stride) {
    const auto user_id = user_ids[u];
    const auto rated = *engine.ratings().ratings_of(user_id);
    if (std::none_of(rated.begin(), rated.end(), [](const auto& r) { return r.rating >= Recommender::kLikedRating; })) continue;
    ++users_checked;
    for (const auto& item : engine.recommend_for_user(user_id, 10).items) {
      if (std::any_of(rated.begin(), rated.end(), [&](const auto& r) { return r.movie_index == item.movie_index; })) {
        problem("user " + std::to_string(user_id) + " was recommended a movie they rated");
      }
    }
  }
  out << "recommend: " << users_checked << " users checked, no rated movie recommended\n";

  const TextEncoder text_encoder(loaded);
  if (text_encoder.dimension() != space.content_dimension) problem("the model's dimension differs from the index's content block");
  const auto query = text_encoder.embed(catalog.movie(0).title);
  const auto found = engine.search_by_vector(query, 10);
  out << "model: \"" << catalog.movie(0).title << "\" -> " << found.size() << " results\n";

  if (problems > 0) {
    out << "validate: FAILED with " << problems << " problem(s)\n";
    return 1;
  }
  out << "validate: OK\n";
  return 0;
}

}  // namespace movierec
