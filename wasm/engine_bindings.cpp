// The browser's view of the engine: embind bindings over movierec::Recommender and
// movierec::WordPieceTokenizer, exactly the API of docs/architecture.md ("The WASM engine API").
//
// Kept thin on purpose: conversions between JS typed arrays and spans, and engine errors turned into
// JS Errors carrying the engine's message. Anything that decides something belongs in core/.
//
// Results are returned as JS-owned typed arrays (copies), never as views into WASM memory: a view
// would be detached the next time memory grows.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "movierec/catalog.hpp"
#include "movierec/errors.hpp"
#include "movierec/hybrid_space.hpp"
#include "movierec/movie_title.hpp"
#include "movierec/ratings_matrix.hpp"
#include "movierec/recommender.hpp"
#include "movierec/vector_index.hpp"
#include "movierec/wordpiece_tokenizer.hpp"

namespace movierec {
namespace {

using emscripten::val;

[[noreturn]] void throw_js_error(const std::string& message) {
  val::global("Error").new_(val(message)).throw_();
}

// Runs `body`; a C++ exception leaves as a JS Error with the same message. The message is copied out
// of the catch block first so the C++ exception is fully released before JS unwinds the stack.
template <typename Body>
auto guarded(Body&& body) -> decltype(body()) {
  std::string message;
  try {
    return body();
  } catch (const std::exception& e) {
    message = e.what();
  } catch (...) {
    message = "unexpected engine error";
  }
  throw_js_error(message);
}

template <typename T>
val js_copy_of(std::span<const T> values) {
  // slice() copies the bytes out of WASM memory into a new, JS-owned typed array.
  return val(emscripten::typed_memory_view(values.size(), values.data())).call<val>("slice");
}

template <typename T>
std::vector<T> copy_typed_array(const val& array, const char* what) {
  if (!val::global("ArrayBuffer").call<bool>("isView", array) || array.instanceof(val::global("DataView"))) {
    throw InputError(std::string(what) + " must be a typed array");
  }
  return emscripten::convertJSArrayToNumberVector<T>(array);
}

std::uint32_t to_u32(double value, const char* what) {
  if (!(value >= 0.0 && value <= 4294967295.0) || value != static_cast<double>(static_cast<std::uint32_t>(value))) {
    throw InputError(std::string(what) + " must be a whole number from 0 to 4294967295, got " + std::to_string(value));
  }
  return static_cast<std::uint32_t>(value);
}

int to_k(double value) {
  // Out-of-range k is the engine's to report; only non-integers are caught here so they are not truncated.
  if (!(value >= -2147483648.0 && value <= 2147483647.0) || value != static_cast<double>(static_cast<int>(value))) {
    throw InputError("k must be a whole number, got " + std::to_string(value));
  }
  return static_cast<int>(value);
}

val ranked(const std::vector<Recommendation>& items) {
  std::vector<std::uint32_t> indices;
  std::vector<float> scores;
  indices.reserve(items.size());
  scores.reserve(items.size());
  for (const auto& item : items) {
    indices.push_back(item.movie_index);
    scores.push_back(item.similarity);
  }
  val result = val::object();
  result.set("indices", js_copy_of(std::span<const std::uint32_t>(indices)));
  result.set("scores", js_copy_of(std::span<const float>(scores)));
  return result;
}

// Profile results also say which liked movie each one is nearest to (kNoMovie = 4294967295: none), and
// whether they are personal at all (nothing liked: popular picks that keep away from the dislikes).
val explained(const ProfileRecommendations& result) {
  std::vector<std::uint32_t> because;
  because.reserve(result.items.size());
  for (const auto& item : result.items) because.push_back(item.because);
  val out = ranked(result.items);
  out.set("because", js_copy_of(std::span<const std::uint32_t>(because)));
  out.set("personal", result.personal);
  out.set("likedMovies", static_cast<double>(result.liked_movies));
  out.set("dislikedMovies", static_cast<double>(result.disliked_movies));
  return out;
}

double number_field(const val& object, const char* field, double fallback) {
  const val value = object[field];
  if (value.isUndefined() || value.isNull()) return fallback;
  if (!value.isNumber()) throw InputError(std::string("filter.") + field + " must be a number");
  return value.as<double>();
}

std::uint16_t year_field(const val& object, const char* field) {
  const auto year = to_u32(number_field(object, field, 0.0), field);
  if (year > 65535) throw InputError(std::string("filter.") + field + " must be a year, got " + std::to_string(year));
  return static_cast<std::uint16_t>(year);
}

// The blend a JS filter object asks for (filter.audienceShare, 0-1); missing means the build's tuned
// share for that kind of question.
std::optional<float> audience_share_of(const val& object) {
  if (object.isUndefined() || object.isNull()) return std::nullopt;
  const val value = object["audienceShare"];
  if (value.isUndefined() || value.isNull()) return std::nullopt;
  const auto share = static_cast<float>(number_field(object, "audienceShare", 0.0));
  check_audience_share(share);
  return share;
}

// A JS filter object (web/src/engine/engine.ts, MovieFilter) as the engine's MovieFilter; undefined or null
// is no filter, a missing field does not restrict.
MovieFilter to_filter(const val& object) {
  MovieFilter filter;
  if (object.isUndefined() || object.isNull()) return filter;
  if (object.typeOf().as<std::string>() != "object") throw InputError("filter must be an object");
  filter.genre_mask = to_u32(number_field(object, "genreMask", 0.0), "filter.genreMask");
  const val all = object["allGenres"];
  if (!all.isUndefined() && !all.isNull() && !all.isTrue() && !all.isFalse()) {
    throw InputError("filter.allGenres must be true or false");
  }
  filter.all_genres = all.isTrue();
  filter.min_year = year_field(object, "minYear");
  filter.max_year = year_field(object, "maxYear");
  filter.min_rating_count = to_u32(number_field(object, "minRatingCount", 0.0), "filter.minRatingCount");
  const val hidden = object["hiddenMovies"];
  if (!hidden.isUndefined() && !hidden.isNull()) {
    filter.hidden_movies = copy_typed_array<std::uint32_t>(hidden, "filter.hiddenMovies");
  }
  return filter;
}

std::vector<ProfileRating> to_profile(const val& movie_indices, const val& ratings) {
  const auto indices = copy_typed_array<std::uint32_t>(movie_indices, "movieIndices");
  const auto values = copy_typed_array<float>(ratings, "ratings");
  if (indices.size() != values.size()) {
    throw InputError("movieIndices has " + std::to_string(indices.size()) + " entries but ratings has " +
                     std::to_string(values.size()));
  }
  std::vector<ProfileRating> profile;
  profile.reserve(indices.size());
  for (std::size_t i = 0; i < indices.size(); ++i) profile.push_back({indices[i], values[i]});
  return profile;
}

std::span<const std::uint8_t> bytes_of(const std::vector<std::uint8_t>& bytes) { return bytes; }

}  // namespace

class Engine {
 public:
  // max_seq_length and do_lower_case: the manifest's model fields, so the tokenizer matches the model;
  // hybrid_json: JSON.stringify(manifest.hybrid ?? null), the layout of the index's vectors.
  // users: users.bin, the directory of MovieLens users; their ratings come per query (recommendForUser).
  Engine(const val& catalog, const val& users, const val& index, const val& vocab, double max_seq_length,
         bool do_lower_case, const std::string& hybrid_json)
      : state_(guarded([&] {
          return load(catalog, users, index, vocab, max_seq_length, do_lower_case, hybrid_json);
        })) {}

  double movie_count() const { return static_cast<double>(state_->recommender.catalog().size()); }
  double user_count() const { return static_cast<double>(state_->recommender.ratings().user_count()); }
  double dimension() const { return static_cast<double>(state_->recommender.index().dimension()); }
  // The WASM linear memory's size: what the engine holds after loading, for the benchmark and About.
  double memory_bytes() const { return static_cast<double>(__builtin_wasm_memory_size(0)) * 65536.0; }
  bool has_collaborative() const { return state_->recommender.space().has_collaborative(); }
  void prepare() const { state_->recommender.prepare(); }

  val genres() const {
    val names = val::array();
    for (const auto& name : state_->recommender.catalog().genre_names()) names.call<void>("push", val(name));
    return names;
  }

  double index_of_movie(double movie_id) const {
    return guarded([&] {
      const auto row = state_->recommender.catalog().index_of(to_u32(movie_id, "movie id"));
      return row ? static_cast<double>(*row) : -1.0;
    });
  }

  val movie(double index) const {
    return guarded([&] {
      const auto& catalog = state_->recommender.catalog();
      const auto row = to_u32(index, "movie index");
      if (row >= catalog.size()) {
        throw InputError("movie index " + std::to_string(row) + " is outside the catalog of " +
                         std::to_string(catalog.size()) + " movies");
      }
      const Movie& m = catalog.movie(row);
      val genres = val::array();
      for (const auto genre : catalog.genres_of(row)) genres.call<void>("push", val(std::string(genre)));
      val info = val::object();
      info.set("index", row);
      info.set("id", m.id);
      info.set("title", m.title);
      info.set("displayTitle", spoken_title(m.title));
      info.set("year", m.year);
      info.set("genres", genres);
      info.set("averageRating", m.average_rating);
      info.set("ratingCount", m.rating_count);
      info.set("imdbId", m.imdb_id);
      info.set("tmdbId", m.tmdb_id);
      info.set("tags", m.tags);
      info.set("overview", m.overview);
      return info;
    });
  }

  val find_titles(const std::string& query, double limit) const {
    return guarded([&] {
      const auto matches = state_->recommender.find_titles(query, to_u32(limit, "limit"));
      std::vector<std::uint32_t> indices;
      indices.reserve(matches.size());
      for (const auto& match : matches) indices.push_back(match.movie_index);
      return js_copy_of(std::span<const std::uint32_t>(indices));
    });
  }

  // Every query takes an optional trailing filter (embind tells the overloads apart by argument count).
  val similar_to(double movie_index, double k) const { return similar_to_filtered(movie_index, k, val::undefined()); }
  val similar_to_filtered(double movie_index, double k, const val& filter) const {
    return guarded([&] {
      return ranked(state_->recommender.similar_to(to_u32(movie_index, "movie index"), to_k(k), to_filter(filter),
                                                   audience_share_of(filter)));
    });
  }

  // Which blocks of ratings.bin hold a MovieLens user's ratings: { first, count }. InputError for an
  // unknown user, naming the range of ids.
  val user_rating_blocks(double user_id) const {
    return guarded([&] {
      const auto& ratings = state_->recommender.ratings();
      const auto id = to_u32(user_id, "user id");
      const auto blocks = ratings.blocks_of(id);
      if (!blocks) throw_unknown_user(id, ratings.user_ids());
      val out = val::object();
      out.set("first", blocks->first);
      out.set("count", blocks->count);
      return out;
    });
  }

  // Blocks first .. first + count - 1 of ratings.bin as [{ start, end, sha256 }] (byte range, end
  // excluded; SHA-256 in hex), what the page fetches and verifies before handing bytes to the engine.
  val rating_blocks(double first, double count) const {
    return guarded([&] {
      const auto& ratings = state_->recommender.ratings();
      const auto digests = ratings.block_sha256();
      const auto begin = to_u32(first, "first block");
      const auto n = to_u32(count, "block count");
      if (begin > digests.size() || n > digests.size() - begin) {
        throw InputError("ratings.bin has " + std::to_string(digests.size()) + " blocks, asked for " +
                         std::to_string(begin) + " + " + std::to_string(n));
      }
      const auto file_bytes = static_cast<double>(ratings.ratings_file_bytes());
      val out = val::array();
      for (auto block = begin; block < begin + n; ++block) {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string hex;
        for (const auto byte : digests[block]) {
          hex.push_back(kHex[byte >> 4]);
          hex.push_back(kHex[byte & 15]);
        }
        val entry = val::object();
        const double start = static_cast<double>(block) * RatingsMatrix::kBlockBytes;
        entry.set("start", start);
        entry.set("end", std::min(file_bytes, start + RatingsMatrix::kBlockBytes));
        entry.set("sha256", hex);
        out.call<void>("push", entry);
      }
      return out;
    });
  }
  double rating_block_count() const {
    return static_cast<double>(state_->recommender.ratings().block_sha256().size());
  }

  // blocks: the user's blocks of ratings.bin (user_rating_blocks), already verified by the caller.
  val recommend_for_user(double user_id, const val& blocks, double k) const {
    return recommend_for_user_filtered(user_id, blocks, k, val::undefined());
  }
  val recommend_for_user_filtered(double user_id, const val& blocks, double k, const val& filter) const {
    return guarded([&] {
      const auto bytes = copy_typed_array<std::uint8_t>(blocks, "blocks");
      const auto result = state_->recommender.recommend_for_user(to_u32(user_id, "user id"), bytes_of(bytes), to_k(k),
                                                                 to_filter(filter), audience_share_of(filter));
      val out = explained(result);
      out.set("totalRatings", static_cast<double>(result.total_ratings));
      return out;
    });
  }

  val recommend_for_profile(const val& movie_indices, const val& ratings, double k) const {
    return recommend_for_profile_filtered(movie_indices, ratings, k, val::undefined());
  }
  val recommend_for_profile_filtered(const val& movie_indices, const val& ratings, double k, const val& filter) const {
    return guarded([&] {
      const auto profile = to_profile(movie_indices, ratings);
      return explained(
          state_->recommender.recommend_for_profile(profile, to_k(k), to_filter(filter), audience_share_of(filter)));
    });
  }

  val search_by_vector(const val& vector, double k) const { return search_by_vector_filtered(vector, k, val::undefined()); }
  val search_by_vector_filtered(const val& vector, double k, const val& filter) const {
    return guarded([&] {
      const auto query = copy_typed_array<float>(vector, "vector");
      return ranked(state_->recommender.search_by_vector(query, to_k(k), to_filter(filter)));
    });
  }

  // diverse: skip near-duplicates of earlier picks (kDiverseMaxSimilarity), for a cold-start grid.
  val popular(double k, const val& filter, bool diverse) const {
    return guarded([&] {
      const auto rows = state_->recommender.popular(to_k(k), to_filter(filter), diverse ? kDiverseMaxSimilarity : 1.0f);
      return js_copy_of(std::span<const std::uint32_t>(rows));
    });
  }

  val tokenize(const std::string& text) const {
    return guarded([&] {
      const auto ids = state_->tokenizer.encode(text);
      return js_copy_of(std::span<const std::int32_t>(ids));
    });
  }

 private:
  struct State {
    Recommender recommender;
    WordPieceTokenizer tokenizer;
  };

  static std::unique_ptr<State> load(const val& catalog_bytes, const val& users_bytes, const val& index_bytes,
                                     const val& vocab_bytes, double max_seq_length, bool do_lower_case,
                                     const std::string& hybrid_json) {
    // Each artifact is copied once into WASM memory and decoded; the JS buffers are not kept.
    auto catalog = Catalog::decode(bytes_of(copy_typed_array<std::uint8_t>(catalog_bytes, "catalog")));
    auto ratings = RatingsMatrix::decode_directory(bytes_of(copy_typed_array<std::uint8_t>(users_bytes, "users")),
                                                   catalog.size());
    const auto rows = catalog.size();
    auto index = VectorIndex::decode(copy_typed_array<std::uint8_t>(index_bytes, "index"), rows);
    const HybridSpace space = hybrid_space_from_json(hybrid_json, index.dimension());
    const auto vocab = copy_typed_array<std::uint8_t>(vocab_bytes, "vocab");
    const std::string_view vocab_text(reinterpret_cast<const char*>(vocab.data()), vocab.size());
    WordPieceTokenizer tokenizer(vocab_text, do_lower_case, to_u32(max_seq_length, "maxSeqLength"));
    return std::make_unique<State>(
        State{Recommender(std::move(catalog), std::move(ratings), std::move(index), space), std::move(tokenizer)});
  }

  std::unique_ptr<State> state_;
};

}  // namespace movierec

EMSCRIPTEN_BINDINGS(movierec_engine) {
  using movierec::Engine;
  emscripten::class_<Engine>("Engine")
      .constructor<const emscripten::val&, const emscripten::val&, const emscripten::val&, const emscripten::val&,
                   double, bool, const std::string&>()
      .function("movieCount", &Engine::movie_count)
      .function("userCount", &Engine::user_count)
      .function("dimension", &Engine::dimension)
      .function("memoryBytes", &Engine::memory_bytes)
      .function("hasCollaborative", &Engine::has_collaborative)
      .function("prepare", &Engine::prepare)
      .function("genres", &Engine::genres)
      .function("movie", &Engine::movie)
      .function("indexOfMovie", &Engine::index_of_movie)
      .function("findTitles", &Engine::find_titles)
      .function("similarTo", &Engine::similar_to)
      .function("similarTo", &Engine::similar_to_filtered)
      .function("userRatingBlocks", &Engine::user_rating_blocks)
      .function("ratingBlocks", &Engine::rating_blocks)
      .function("ratingBlockCount", &Engine::rating_block_count)
      .function("recommendForUser", &Engine::recommend_for_user)
      .function("recommendForUser", &Engine::recommend_for_user_filtered)
      .function("recommendForProfile", &Engine::recommend_for_profile)
      .function("recommendForProfile", &Engine::recommend_for_profile_filtered)
      .function("searchByVector", &Engine::search_by_vector)
      .function("searchByVector", &Engine::search_by_vector_filtered)
      .function("popular", &Engine::popular)
      .function("tokenize", &Engine::tokenize);
}
