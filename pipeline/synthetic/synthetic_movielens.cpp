#include "synthetic/synthetic_movielens.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <unistd.h>
#include <unordered_set>
#include <vector>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

// splitmix64: tiny, fast and fully specified, so a seed means the same dataset everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }
  bool chance(double p) { return uniform() < p; }
  // About standard normal (Irwin-Hall of four uniforms): plain arithmetic, no libm.
  double normal() { return (uniform() + uniform() + uniform() + uniform() - 2.0) * 1.7320508075688772; }
  // Pareto with minimum 1 and tail index `shape`: power-law activity.
  double pareto(double shape) { return std::pow(1.0 - uniform(), -1.0 / shape); }
  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

 private:
  std::uint64_t state_;
};

// A kind of film: its genres, the words its titles and tags draw on, and its share of the catalog.
struct Kind {
  std::string_view genres;
  std::array<std::string_view, 6> words;
  double share;
};

constexpr std::array<Kind, 20> kKinds{{
    {"Animation|Children|Comedy", {"talking animals", "friendship", "toys", "pixar", "family", "cute"}, 0.04},
    {"Action|Sci-Fi|Thriller", {"robots", "time travel", "aliens", "dystopia", "cyberpunk", "space"}, 0.06},
    {"Drama|Romance", {"love story", "wedding", "heartbreak", "letters", "first love", "tearjerker"}, 0.10},
    {"Horror|Thriller", {"haunted house", "zombies", "slasher", "ghosts", "creepy", "gore"}, 0.07},
    {"Crime|Drama|Thriller", {"heist", "mafia", "detective", "prison", "corruption", "revenge"}, 0.07},
    {"Comedy|Romance", {"romcom", "road trip", "misunderstanding", "quirky", "feel-good", "new york"}, 0.07},
    {"Documentary", {"nature", "music", "politics", "true story", "history", "interviews"}, 0.06},
    {"Western", {"cowboys", "gunfight", "frontier", "outlaws", "desert", "bounty hunter"}, 0.02},
    {"Drama|War", {"world war ii", "soldiers", "battle", "resistance", "veterans", "sacrifice"}, 0.03},
    {"Adventure|Fantasy", {"dragons", "magic", "quest", "wizards", "sword and sorcery", "epic"}, 0.04},
    {"Musical|Romance", {"singing", "broadway", "dance", "showbiz", "songs", "stage"}, 0.02},
    {"Crime|Film-Noir|Mystery", {"femme fatale", "private eye", "noir", "black and white", "murder", "shadows"}, 0.01},
    {"Mystery|Thriller", {"twist ending", "conspiracy", "amnesia", "paranoia", "whodunit", "suspense"}, 0.05},
    {"Comedy", {"slapstick", "parody", "stand-up", "satire", "dark comedy", "absurd"}, 0.10},
    {"Drama", {"family drama", "coming of age", "small town", "addiction", "grief", "based on a book"}, 0.14},
    {"Action|Adventure", {"explosions", "treasure", "car chase", "martial arts", "spies", "jungle"}, 0.04},
    {"Comedy|Horror", {"vampires", "werewolves", "campy", "b-movie", "monsters", "cult film"}, 0.02},
    {"Adventure|Children|Fantasy", {"fairy tale", "princess", "talking animals", "wizards", "magic", "kids"}, 0.02},
    {"Action|Crime", {"cops", "gangsters", "shootout", "undercover", "hitman", "car chase"}, 0.03},
    {"Animation|Fantasy|Sci-Fi", {"anime", "mecha", "post-apocalyptic", "spirits", "japan", "robots"}, 0.01},
}};

constexpr std::array<std::string_view, 19> kGenres{
    "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir",
    "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"};
constexpr std::array<std::string_view, 16> kAdjectives{"Silent", "Last", "Broken", "Golden", "Dark", "Lost", "Wild",
                                                       "Crimson", "Hidden", "Endless", "Little", "Burning",
                                                       "Secret", "Frozen", "Lonely", "Electric"};
constexpr std::array<std::string_view, 16> kNouns{"River", "Night", "Heart", "City", "Garden", "Road", "Summer",
                                                  "Kingdom", "Shadow", "Island", "Dream", "Storm", "Mirror",
                                                  "Station", "Promise", "Machine"};
// Alternative (original-language) titles: accents, and a leading article MovieLens moves to the end.
constexpr std::array<std::string_view, 8> kForeignWords{"Fleuve", "Été", "Mädchen", "Noël", "Señor", "Rêve",
                                                        "Città", "Ångest"};
constexpr std::array<std::string_view, 4> kForeignArticles{"Le", "La", "Der", "El"};
constexpr std::array<std::string_view, 8> kRemarks{"classic", "overrated", "must see", "boring", "great soundtrack",
                                                   "visually appealing", "atmospheric", "funny"};

std::string capitalized(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// A made-up proper name ("Kalvora", "Mendis") from two or three syllables: about 15,000 of them, so
// titles stay nearly unique at 87k films, as real ones are, and a franchise prefix before ":" is shared
// by a handful of films, not by thousands.
std::string place_name(Random& random) {
  static constexpr std::array<std::string_view, 24> kSyllables{"ka", "lor", "men", "dis", "va", "ro", "tel", "an",
                                                               "bri", "sa", "mor", "quen", "ith", "zar", "el", "du",
                                                               "nor", "ha", "vel", "ti", "cor", "ash", "ul", "fen"};
  std::string name;
  const std::size_t parts = random.chance(0.6) ? 2 : 3;
  for (std::size_t i = 0; i < parts; ++i) name += random.pick(kSyllables);
  return capitalized(name);
}

// "Name" with MovieLens's conventions; `article` goes to the end ("Silent River, The").
std::string movie_name(Random& random, const Kind& kind) {
  std::string name;
  switch (random.below(4)) {
    case 0:
      name = std::string(random.pick(kAdjectives)) + " " + std::string(random.pick(kNouns)) + " of " + place_name(random);
      break;
    case 1: name = place_name(random) + " and the " + capitalized(random.pick(kind.words)); break;
    case 2:  // a franchise and its episode: "Kalvora: Silent River"
      name = place_name(random) + ": " + std::string(random.pick(kAdjectives)) + " " + std::string(random.pick(kNouns));
      break;
    default:
      name = std::string(random.pick(kNouns)) + ", " + std::string(random.pick(kNouns)) + " and " + place_name(random);
  }
  if (random.chance(0.01)) name += " \"" + std::string(random.pick(kAdjectives)) + "\"";
  const double article = random.uniform();
  if (article < 0.25) name += ", The";
  else if (article < 0.30) name += ", A";
  if (random.chance(0.06)) {
    std::string alternative = std::string(random.pick(kForeignWords)) + " " + std::string(random.pick(kForeignWords));
    if (random.chance(0.5)) alternative += ", " + std::string(random.pick(kForeignArticles));
    name += " (" + alternative + ")";
  }
  return name;
}

// A buffered CSV file that reports the first failure with its name.
class CsvFile {
 public:
  CsvFile(const std::filesystem::path& path, std::string_view header) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
    if (file_ == nullptr) throw Error("could not create " + path.string());
    buffer_.reserve(kFlushAt + 4096);
    buffer_.append(header);
    buffer_ += '\n';
  }
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;
  ~CsvFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  CsvFile& number(std::uint64_t value) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    buffer_.append(digits, end);
    return *this;
  }
  CsvFile& text(std::string_view value) {
    buffer_.append(value);
    return *this;
  }
  // A field that may hold commas or quotes: quoted, with quotes doubled (RFC 4180).
  CsvFile& quoted(std::string_view value) {
    if (value.find_first_of(",\"") == std::string_view::npos) return text(value);
    buffer_ += '"';
    for (const char c : value) {
      if (c == '"') buffer_ += '"';
      buffer_ += c;
    }
    buffer_ += '"';
    return *this;
  }
  CsvFile& comma() { return text(","); }
  void end_row() {
    buffer_ += '\n';
    if (buffer_.size() >= kFlushAt) flush();
  }
  void close() {
    flush();
    const bool failed = std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed) throw Error("could not write " + path_.string());
  }

 private:
  static constexpr std::size_t kFlushAt = 1 << 20;
  void flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) throw Error("could not write " + path_.string());
    buffer_.clear();
  }
  std::filesystem::path path_;
  std::FILE* file_;
  std::string buffer_;
};

struct Movie {
  std::uint32_t id = 0;
  std::uint32_t kind = 0;
  double quality = 0.0;  // shifts every rating of the movie
};

// Per kind, its movies and their cumulative popularity, for drawing a movie of that kind.
struct KindPool {
  std::vector<std::uint32_t> movies;
  std::vector<double> cumulative;
  std::uint32_t draw(Random& random) const {
    const double target = random.uniform() * cumulative.back();
    const auto at = std::upper_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin();
    return movies[std::min<std::size_t>(static_cast<std::size_t>(at), movies.size() - 1)];
  }
};

std::uint32_t draw_kind(Random& random) {
  double target = random.uniform();
  for (std::uint32_t k = 0; k < kKinds.size(); ++k) {
    target -= kKinds[k].share;
    if (target < 0.0) return k;
  }
  return static_cast<std::uint32_t>(kKinds.size() - 1);
}

std::vector<Movie> write_movies(const std::filesystem::path& dir, const SyntheticOptions& options, Random& random) {
  CsvFile movies(dir / "movies.csv", "movieId,title,genres");
  CsvFile links(dir / "links.csv", "movieId,imdbId,tmdbId");
  std::vector<Movie> out;
  std::vector<std::string> names;
  out.reserve(options.movies);
  std::uint32_t id = 0;
  for (std::uint32_t i = 0; i < options.movies; ++i) {
    id += random.chance(0.3) ? 1 + static_cast<std::uint32_t>(random.below(5)) : 1;  // real ids have gaps
    Movie movie{id, draw_kind(random), 0.45 * random.normal()};
    const Kind& kind = kKinds[movie.kind];
    std::string name;
    if (!names.empty() && random.chance(0.04)) {  // a sequel of an earlier film
      std::string first = names[random.below(names.size())];
      first = first.substr(0, first.find(" ("));  // without its alternative title
      const std::size_t article = first.rfind(", ");  // "Silent River 2, The", as MovieLens writes it
      const bool moved = article != std::string::npos && first.size() - article <= 5;
      const std::string number = random.chance(0.5) ? " 2" : " II";
      name = moved ? first.substr(0, article) + number + first.substr(article) : first + number;
    } else {
      name = movie_name(random, kind);
    }
    names.push_back(name);
    const auto year = 1920 + static_cast<std::uint32_t>(105.0 * std::sqrt(random.uniform()));  // more recent films
    std::string title = name;
    if (!random.chance(0.003)) title += " (" + std::to_string(year) + ")";
    std::string genres(kind.genres);
    if (random.chance(0.15)) {
      const std::string_view extra = random.pick(kGenres);
      if (genres.find(extra) == std::string::npos) genres += "|" + std::string(extra);
    }
    if (random.chance(0.005)) genres = "(no genres listed)";
    movies.number(movie.id).comma().quoted(title).comma().text(genres).end_row();
    char imdb[16];
    std::snprintf(imdb, sizeof imdb, "%07u", 100000U + movie.id * 7U);
    links.number(movie.id).comma().text(imdb).comma();
    if (!random.chance(0.01)) links.number(10000U + movie.id * 3U + static_cast<std::uint32_t>(random.below(3)));
    links.end_row();
    out.push_back(movie);
  }
  movies.close();
  links.close();
  return out;
}

// The genome's tags: every kind's words and the remarks, once each, in first-seen order.
std::vector<std::string_view> genome_words() {
  std::vector<std::string_view> words;
  const auto add = [&](std::string_view word) {
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  };
  for (const Kind& kind : kKinds) {
    for (const std::string_view word : kind.words) add(word);
  }
  for (const std::string_view remark : kRemarks) add(remark);
  return words;
}

void write_genome(const std::filesystem::path& dir, const std::vector<Movie>& movies, Random& random) {
  const std::vector<std::string_view> words = genome_words();
  CsvFile tags(dir / "genome-tags.csv", "tagId,tag");
  for (std::size_t t = 0; t < words.size(); ++t) tags.number(t + 1).comma().quoted(words[t]).end_row();
  tags.close();
  CsvFile scores(dir / "genome-scores.csv", "movieId,tagId,relevance");
  for (const Movie& movie : movies) {
    const auto& own = kKinds[movie.kind].words;
    for (std::size_t t = 0; t < words.size(); ++t) {
      const bool of_kind = std::find(own.begin(), own.end(), words[t]) != own.end();
      const double u = random.uniform();
      const double relevance = of_kind ? 0.6 + 0.4 * u : 0.3 * u * u * u;
      char text[16];
      std::snprintf(text, sizeof text, "%.5f", relevance);
      scores.number(movie.id).comma().number(t + 1).comma().text(text).end_row();
    }
  }
  scores.close();
}

// Ratings per user: a power law with the options' minimum, scaled so the total is about options.ratings.
std::vector<std::uint32_t> activity(const SyntheticOptions& options, std::size_t ratable, Random& random) {
  const double mean = static_cast<double>(options.ratings) / options.users;
  const double floor = std::min<double>(options.min_user_ratings, std::max(1.0, mean / 2.0));
  const double shape = mean > floor * 1.05 ? mean / (mean - floor) : 50.0;
  std::vector<double> drawn(options.users);
  for (double& d : drawn) d = floor * random.pareto(shape);
  const double cap = std::max(floor, static_cast<double>(ratable) / 2.0);
  std::vector<std::uint32_t> counts(options.users);
  double scale = 1.0;
  for (int round = 0; round < 8; ++round) {  // the clamps move the total: scale until it settles
    double total = 0.0;
    for (std::size_t u = 0; u < drawn.size(); ++u) {
      counts[u] = static_cast<std::uint32_t>(std::clamp(std::round(drawn[u] * scale), floor, cap));
      total += counts[u];
    }
    scale *= static_cast<double>(options.ratings) / total;
  }
  return counts;
}

}  // namespace

SyntheticSummary write_synthetic_movielens(const std::filesystem::path& out, const SyntheticOptions& options,
                                           const std::function<void(std::uint64_t, std::uint64_t)>& progress) {
  if (options.movies == 0 || options.users == 0 || options.ratings == 0) {
    throw InputError("a synthetic dataset needs movies, users and ratings (got " + std::to_string(options.movies) + ", " +
                     std::to_string(options.users) + ", " + std::to_string(options.ratings) + ")");
  }
  if (options.movies < 2 * options.min_user_ratings) {
    throw InputError(std::to_string(options.movies) + " movies are too few for users who rate at least " +
                     std::to_string(options.min_user_ratings));
  }
  const std::filesystem::path tmp = out.parent_path() / (out.filename().string() + ".tmp-" + std::to_string(getpid()));
  std::filesystem::remove_all(tmp);
  std::filesystem::create_directories(tmp);
  try {
    Random random(options.seed);
    const std::vector<Movie> movies = write_movies(tmp, options, random);
    if (options.genome) write_genome(tmp, movies, random);

    // Within a kind, popularity is Zipf's law over a random order of its films: the r-th most popular
    // draws r^-1.2 as often as the first (the top tenth of ml-latest-small's films get 60 % of its ratings).
    std::vector<KindPool> pools(kKinds.size());
    for (std::uint32_t i = 0; i < movies.size(); ++i) pools[movies[i].kind].movies.push_back(i);
    for (KindPool& pool : pools) {
      for (std::size_t i = pool.movies.size(); i > 1; --i) std::swap(pool.movies[i - 1], pool.movies[random.below(i)]);
      for (std::size_t rank = 1; rank <= pool.movies.size(); ++rank) {
        pool.cumulative.push_back((pool.cumulative.empty() ? 0.0 : pool.cumulative.back()) + std::pow(static_cast<double>(rank), -1.2));
      }
    }
    const std::vector<std::uint32_t> counts = activity(options, movies.size(), random);

    SyntheticSummary summary{options.movies, options.users, 0, 0};
    std::uint64_t planned = 0;
    for (const auto c : counts) planned += c;
    CsvFile ratings(tmp / "ratings.csv", "userId,movieId,rating,timestamp");
    struct Tagger {
      std::uint32_t user;
      std::vector<std::uint32_t> movies;
    };
    std::vector<Tagger> taggers;  // about 4 % of users tag, the films they rated
    std::unordered_set<std::uint32_t> seen;
    std::vector<std::uint32_t> picks;
    for (std::uint32_t u = 0; u < options.users; ++u) {
      // Taste: one to three favourite kinds take most picks and rate higher; the rest wander.
      std::array<std::uint32_t, 3> favourites{};
      const std::size_t favourite_count = 1 + random.below(3);
      for (std::size_t f = 0; f < favourite_count; ++f) favourites[f] = draw_kind(random);
      const double wander = 0.15 + 0.2 * random.uniform();
      const double bias = 0.35 * random.normal();
      const bool whole_stars = random.chance(0.25);
      seen.clear();
      picks.clear();
      for (std::size_t attempt = 0; picks.size() < counts[u] && attempt < 30ULL * counts[u]; ++attempt) {
        const std::uint32_t kind = random.chance(wander) ? draw_kind(random) : favourites[random.below(favourite_count)];
        if (pools[kind].movies.empty()) continue;
        const std::uint32_t movie = pools[kind].draw(random);
        if (seen.insert(movie).second) picks.push_back(movie);
      }
      std::sort(picks.begin(), picks.end());  // MovieLens lists a user's ratings by movie id
      auto timestamp = static_cast<std::uint64_t>(820454400.0 + random.uniform() * 8.5e8);
      for (const std::uint32_t m : picks) {
        const bool favourite = std::find(favourites.begin(), favourites.begin() + static_cast<std::ptrdiff_t>(favourite_count),
                                         movies[m].kind) != favourites.begin() + static_cast<std::ptrdiff_t>(favourite_count);
        const double score = 3.3 + bias + movies[m].quality + (favourite ? 0.45 : -0.25) + 0.7 * random.normal();
        const double step = whole_stars ? 1.0 : 0.5;
        const double rating = std::clamp(std::round(score / step) * step, step == 1.0 ? 1.0 : 0.5, 5.0);
        timestamp += 1 + random.below(3 * 86400);
        ratings.number(u + 1).comma().number(movies[m].id).comma();
        char text[8];
        std::snprintf(text, sizeof text, "%.1f", rating);
        ratings.text(text).comma().number(timestamp).end_row();
      }
      summary.ratings += picks.size();
      if (!picks.empty() && (random.chance(0.04) || u == 0)) taggers.push_back({u + 1, picks});
      if (progress && (u % 1024 == 0 || u + 1 == options.users)) progress(summary.ratings, planned);
    }
    ratings.close();

    CsvFile tags(tmp / "tags.csv", "userId,movieId,tag,timestamp");
    struct TagRowOut {
      std::uint32_t user, movie;
      std::string tag;
    };
    std::vector<TagRowOut> rows;
    rows.reserve(options.tags);
    for (std::uint64_t t = 0; t < options.tags && !taggers.empty(); ++t) {
      const Tagger& tagger = taggers[random.below(taggers.size())];
      const Movie& movie = movies[tagger.movies[random.below(tagger.movies.size())]];
      const double which = random.uniform();
      std::string tag;
      if (which < 0.65) {
        tag = std::string(random.pick(kKinds[movie.kind].words));
      } else if (which < 0.85) {
        const std::string_view genres = kKinds[movie.kind].genres;
        tag = std::string(genres.substr(0, genres.find('|')));
      } else {
        tag = std::string(random.pick(kRemarks));
      }
      if (random.chance(0.2)) tag = capitalized(tag);
      rows.push_back({tagger.user, movie.id, std::move(tag)});
    }
    std::stable_sort(rows.begin(), rows.end(), [](const TagRowOut& a, const TagRowOut& b) {
      return a.user != b.user ? a.user < b.user : a.movie < b.movie;
    });
    for (const auto& row : rows) {
      tags.number(row.user).comma().number(row.movie).comma().quoted(row.tag).comma();
      tags.number(1136073600 + random.below(5e8)).end_row();
    }
    tags.close();
    summary.tags = rows.size();

    std::filesystem::remove_all(out);
    std::filesystem::rename(tmp, out);
    return summary;
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(tmp, ignored);
    throw;
  }
}

}  // namespace movierec
