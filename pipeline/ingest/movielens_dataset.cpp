#include "ingest/movielens_dataset.hpp"

#include <algorithm>
#include <functional>
#include <numeric>
#include <fstream>
#include <iomanip>
#include <iterator>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "ingest/csv_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {

namespace {

constexpr float kMinRating = 0.5F;
constexpr float kMaxRating = 5.0F;
constexpr std::string_view kNoGenres = "(no genres listed)";

// Column names of one on-disk format. Optional columns may be absent from the header.
struct Schema {
  std::string_view format;
  std::string_view movie_id, title, genres, overview /*optional*/;
  std::string_view user_id, rating, timestamp /*optional*/, tag, imdb_id, tmdb_id;
};

constexpr Schema kMovieLens{"MovieLens", "movieId", "title", "genres", "overview",
                            "userId",    "rating",  "timestamp", "tag", "imdbId", "tmdbId"};
constexpr Schema kSeed{"seed",    "movie_id", "title",     "genres", "overview",
                       "user_id", "rating",   "timestamp", "tag",    "imdb_id", "tmdb_id"};

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const std::size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::uint16_t year_of(std::string_view title) {
  if (title.size() < 6 || title.back() != ')' || title[title.size() - 6] != '(') return 0;
  std::uint16_t year = 0;
  for (std::size_t i = title.size() - 5; i < title.size() - 1; ++i) {
    const char c = title[i];
    if (c < '0' || c > '9') return 0;
    year = static_cast<std::uint16_t>(year * 10 + (c - '0'));
  }
  return year;
}

std::vector<std::string> split_genres(std::string_view text) {
  std::vector<std::string> genres;
  while (!text.empty()) {
    const std::size_t bar = text.find('|');
    const std::string_view genre = trim(text.substr(0, bar));
    if (!genre.empty()) genres.emplace_back(genre);
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return genres;
}

std::string source_name(const DatasetTexts& texts, std::string_view file) {
  if (texts.directory.empty()) return std::string(file);
  return (texts.directory / file).string();
}

// Whether each movie id in movies.csv was kept; lets later files tell "dropped" from "never listed".
using MovieIdStatus = std::unordered_map<std::uint32_t, bool>;

std::string unknown_movie_detail(const MovieIdStatus& status, std::uint32_t movie_id) {
  const auto it = status.find(movie_id);
  if (it == status.end()) return "movie " + std::to_string(movie_id) + " is not in movies.csv";
  return "movie " + std::to_string(movie_id) + " was dropped from movies.csv";
}

bool is_kept(const MovieIdStatus& status, std::uint32_t movie_id) {
  const auto it = status.find(movie_id);
  return it != status.end() && it->second;
}

const Schema& detect_schema(const CsvReader& reader) {
  if (reader.find_column(kMovieLens.movie_id)) return kMovieLens;
  if (reader.find_column(kSeed.movie_id)) return kSeed;
  std::string present;
  for (const std::string& name : reader.header()) present += (present.empty() ? "" : ",") + name;
  reader.fail("missing required column '" + std::string(kMovieLens.movie_id) + "' (MovieLens) or '" +
              std::string(kSeed.movie_id) + "' (seed format) (header is: " + present + ")");
}

void parse_movies(const std::string& text, const std::string& source, const Schema*& schema, Dataset& dataset,
                  MovieIdStatus& status) {
  CsvReader reader(text, source);
  reader.read_header();
  schema = &detect_schema(reader);
  const auto columns = reader.require_columns({schema->movie_id, schema->title, schema->genres});
  const std::optional<std::size_t> overview_column = reader.find_column(schema->overview);

  FileStats& stats = dataset.stats.movies;
  std::unordered_map<std::uint32_t, std::size_t> first_line;
  while (reader.read_record()) {
    const std::uint32_t movie_id = reader.field_u32(columns[0]);
    const std::string_view title = trim(reader.field(columns[1]));
    const std::string_view genres = trim(reader.field(columns[2]));
    const std::string id_text = "movie " + std::to_string(movie_id);

    // Every row claims its id, even one dropped below: "keep the first" means the first row decides.
    const auto [seen, inserted] = first_line.try_emplace(movie_id, reader.line());
    if (!inserted) {
      stats.reject(reader.line(), RejectReason::duplicate_movie,
                   id_text + " already on line " + std::to_string(seen->second));
      continue;
    }
    status.emplace(movie_id, false);
    if (title.empty()) {
      stats.reject(reader.line(), RejectReason::missing_title, id_text);
      continue;
    }
    if (genres.empty() || genres == kNoGenres) {
      stats.reject(reader.line(), RejectReason::no_genres, id_text + " \"" + std::string(title) + "\"");
      continue;
    }
    MovieRow& movie = dataset.movies.emplace_back();
    movie.movie_id = movie_id;
    movie.title = title;
    movie.genres = split_genres(genres);
    movie.year = year_of(title);
    if (overview_column) movie.overview = trim(reader.field(*overview_column));
    status[movie_id] = true;
  }
  stats.rows_read = reader.records_read();
  stats.rows_kept = dataset.movies.size();
}

// The pieces of a CSV file in order (CsvFileChunks), or nullopt after the last.
using NextPiece = std::function<std::optional<std::string_view>()>;

// ratings.csv, one piece at a time: only the parsed rows are held, never the file's text.
void parse_ratings(const NextPiece& next_piece, std::uint64_t file_bytes, const std::string& source,
                   const Schema& schema, Dataset& dataset, const MovieIdStatus& status) {
  const auto first = next_piece();
  CsvReader reader(first.value_or(std::string_view()), source);
  reader.read_header();
  const auto columns = reader.require_columns({schema.user_id, schema.movie_id, schema.rating});
  const std::optional<std::size_t> timestamp_column = reader.find_column(schema.timestamp);

  FileStats& stats = dataset.stats.ratings;
  std::vector<RatingRow>& rows = dataset.ratings;
  std::vector<std::uint32_t> lines;  // per row, for the report
  rows.reserve(static_cast<std::size_t>(file_bytes / 24));  // about 24 bytes per MovieLens ratings line
  lines.reserve(rows.capacity());
  for (;;) {
    while (reader.read_record()) {
      RatingRow row;
      row.user_id = reader.field_u32(columns[0]);
      row.movie_id = reader.field_u32(columns[1]);
      row.rating = reader.field_float(columns[2]);
      if (timestamp_column && !reader.field(*timestamp_column).empty()) {
        row.timestamp = reader.field_i64(*timestamp_column);
      }
      if (!(row.rating >= kMinRating && row.rating <= kMaxRating)) {
        std::ostringstream detail;
        detail << "rating " << row.rating << " of user " << row.user_id << " for movie " << row.movie_id;
        stats.reject(reader.line(), RejectReason::rating_out_of_range, detail.str());
        continue;
      }
      if (!is_kept(status, row.movie_id)) {
        stats.reject(reader.line(), RejectReason::unknown_movie, unknown_movie_detail(status, row.movie_id));
        continue;
      }
      rows.push_back(row);
      lines.push_back(static_cast<std::uint32_t>(reader.line()));
    }
    const auto piece = next_piece();
    if (!piece) break;
    reader.continue_with(*piece);
  }

  // Keep the last rating of each (user, movie): a later row is a re-rating, so it wins. The rows sorted
  // by (user, movie, file order) put each pair's ratings side by side, its last one at the end.
  std::vector<std::uint32_t> order(rows.size());
  std::iota(order.begin(), order.end(), 0U);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (rows[a].user_id != rows[b].user_id) return rows[a].user_id < rows[b].user_id;
    if (rows[a].movie_id != rows[b].movie_id) return rows[a].movie_id < rows[b].movie_id;
    return a < b;
  });
  std::vector<bool> keep(rows.size(), true);
  for (std::size_t i = 0; i + 1 < order.size(); ++i) {
    const RatingRow& row = rows[order[i]];
    const RatingRow& later = rows[order[i + 1]];
    if (row.user_id != later.user_id || row.movie_id != later.movie_id) continue;
    keep[order[i]] = false;
    // The pair's last row is the one kept.
    std::size_t last = i + 1;
    while (last + 1 < order.size() && rows[order[last + 1]].user_id == row.user_id &&
           rows[order[last + 1]].movie_id == row.movie_id) {
      ++last;
    }
    stats.reject(lines[order[i]], RejectReason::duplicate_rating,
                 "user " + std::to_string(row.user_id) + " rated movie " + std::to_string(row.movie_id) +
                     " again on line " + std::to_string(lines[order[last]]));
  }
  order = {};
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (keep[i]) rows[kept++] = rows[i];
  }
  rows.resize(kept);
  rows.shrink_to_fit();
  stats.rows_read = reader.records_read();
  stats.rows_kept = rows.size();
}

// A file already in memory, as one piece.
NextPiece whole(const std::string& text) {
  return [&text, given = false]() mutable -> std::optional<std::string_view> {
    if (given) return std::nullopt;
    given = true;
    return std::string_view(text);
  };
}

void parse_tags(const std::string& text, const std::string& source, const Schema& schema, Dataset& dataset,
                const MovieIdStatus& status) {
  CsvReader reader(text, source);
  reader.read_header();
  const auto columns = reader.require_columns({schema.user_id, schema.movie_id, schema.tag});

  FileStats& stats = dataset.stats.tags;
  while (reader.read_record()) {
    const std::uint32_t user_id = reader.field_u32(columns[0]);
    const std::uint32_t movie_id = reader.field_u32(columns[1]);
    const std::string_view tag = trim(reader.field(columns[2]));
    if (!is_kept(status, movie_id)) {
      stats.reject(reader.line(), RejectReason::unknown_movie, unknown_movie_detail(status, movie_id));
      continue;
    }
    if (tag.empty()) {
      stats.reject(reader.line(), RejectReason::empty_tag,
                   "user " + std::to_string(user_id) + ", movie " + std::to_string(movie_id));
      continue;
    }
    dataset.tags.push_back(TagRow{user_id, movie_id, std::string(tag)});
  }
  stats.rows_read = reader.records_read();
  stats.rows_kept = dataset.tags.size();
}

void parse_links(const std::string& text, const std::string& source, const Schema& schema, Dataset& dataset,
                 const MovieIdStatus& status) {
  CsvReader reader(text, source);
  reader.read_header();
  const auto columns = reader.require_columns({schema.movie_id, schema.imdb_id, schema.tmdb_id});
  // MovieLens leaves tmdbId empty for a few movies: empty means "no link", not malformed.
  const auto optional_id = [&reader](std::size_t column) -> std::uint32_t {
    return reader.field(column).empty() ? 0 : reader.field_u32(column);
  };

  FileStats& stats = dataset.stats.links;
  std::unordered_map<std::uint32_t, std::size_t> first_line;
  while (reader.read_record()) {
    const LinkRow row{reader.field_u32(columns[0]), optional_id(columns[1]), optional_id(columns[2])};
    if (!is_kept(status, row.movie_id)) {
      stats.reject(reader.line(), RejectReason::unknown_movie, unknown_movie_detail(status, row.movie_id));
      continue;
    }
    const auto [seen, inserted] = first_line.try_emplace(row.movie_id, reader.line());
    if (!inserted) {
      stats.reject(reader.line(), RejectReason::duplicate_link,
                   "movie " + std::to_string(row.movie_id) + " already on line " + std::to_string(seen->second));
      continue;
    }
    dataset.links.push_back(row);
  }
  stats.rows_read = reader.records_read();
  stats.rows_kept = dataset.links.size();
}

// genome-tags.csv: tagId,tag. Returns tag id -> index into dataset.genome_tags.
std::unordered_map<std::uint32_t, std::uint32_t> parse_genome_tags(const std::string& text, const std::string& source,
                                                                   Dataset& dataset) {
  CsvReader reader(text, source);
  reader.read_header();
  const auto columns = reader.require_columns({"tagId", "tag"});
  FileStats& stats = dataset.stats.genome_tags;
  std::unordered_map<std::uint32_t, std::uint32_t> index_of;
  std::unordered_map<std::uint32_t, std::size_t> first_line;
  while (reader.read_record()) {
    const std::uint32_t id = reader.field_u32(columns[0]);
    const std::string_view tag = trim(reader.field(columns[1]));
    if (tag.empty()) {
      stats.reject(reader.line(), RejectReason::empty_tag, "genome tag " + std::to_string(id));
      continue;
    }
    const auto [seen, inserted] = first_line.try_emplace(id, reader.line());
    if (!inserted) {
      stats.reject(reader.line(), RejectReason::duplicate_genome_tag,
                   "tag " + std::to_string(id) + " already on line " + std::to_string(seen->second));
      continue;
    }
    index_of[id] = static_cast<std::uint32_t>(dataset.genome_tags.size());
    dataset.genome_tags.emplace_back(tag);
  }
  stats.rows_read = reader.records_read();
  stats.rows_kept = dataset.genome_tags.size();
  return index_of;
}

// genome-scores.csv: movieId,tagId,relevance. Every valid row counts as kept; only the strong ones
// (kGenomeRelevance and up) are stored.
void parse_genome_scores(const std::string& text, const std::string& source,
                         const std::unordered_map<std::uint32_t, std::uint32_t>& tag_index, Dataset& dataset,
                         const MovieIdStatus& status) {
  CsvReader reader(text, source);
  reader.read_header();
  const auto columns = reader.require_columns({"movieId", "tagId", "relevance"});
  FileStats& stats = dataset.stats.genome_scores;
  std::size_t valid = 0;
  while (reader.read_record()) {
    const std::uint32_t movie_id = reader.field_u32(columns[0]);
    const std::uint32_t tag_id = reader.field_u32(columns[1]);
    const float relevance = reader.field_float(columns[2]);
    if (!is_kept(status, movie_id)) {
      stats.reject(reader.line(), RejectReason::unknown_movie, unknown_movie_detail(status, movie_id));
      continue;
    }
    const auto tag = tag_index.find(tag_id);
    if (tag == tag_index.end()) {
      stats.reject(reader.line(), RejectReason::unknown_genome_tag, "tag " + std::to_string(tag_id));
      continue;
    }
    if (!(relevance >= 0.0F && relevance <= 1.0F)) {
      stats.reject(reader.line(), RejectReason::relevance_out_of_range, std::string(reader.field(columns[2])));
      continue;
    }
    ++valid;
    if (relevance >= kGenomeRelevance) dataset.genome.push_back(GenomeScore{movie_id, tag->second, relevance});
  }
  stats.rows_read = reader.records_read();
  stats.rows_kept = valid;
}

std::string read_file(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    throw InputError(path.string() + ": file not found");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot be opened for reading");
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw InputError(path.string() + ": read error");
  return bytes;
}

std::optional<std::string> read_optional_file(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) return std::nullopt;
  return read_file(path);
}

void print_file_stats(const FileStats& stats, std::ostream& out) {
  out << "  " << std::left << std::setw(18) << stats.file << std::right;  // "genome-scores.csv" and a space
  if (!stats.present) {
    out << "not present\n";
    return;
  }
  out << "read " << stats.rows_read << ", kept " << stats.rows_kept << ", dropped " << stats.rows_rejected()
      << '\n';
  for (const auto& [reason, count] : stats.rejected) {
    out << "    " << describe(reason) << ": " << count << '\n';
  }
  if (!stats.first_rejections.empty()) {
    out << "    first dropped rows:\n";
    for (const std::string& sample : stats.first_rejections) out << "      " << sample << '\n';
  }
}

}  // namespace

std::string_view describe(RejectReason reason) {
  switch (reason) {
    case RejectReason::duplicate_movie: return "duplicate movie id (first row kept)";
    case RejectReason::missing_title: return "missing title";
    case RejectReason::no_genres: return "no genres listed";
    case RejectReason::rating_out_of_range: return "rating outside 0.5-5.0";
    case RejectReason::duplicate_rating: return "duplicate (user, movie) rating (last row kept)";
    case RejectReason::unknown_movie: return "unknown or dropped movie";
    case RejectReason::empty_tag: return "empty tag";
    case RejectReason::duplicate_link: return "duplicate link for a movie (first row kept)";
    case RejectReason::duplicate_genome_tag: return "duplicate genome tag id (first row kept)";
    case RejectReason::unknown_genome_tag: return "unknown genome tag id";
    case RejectReason::relevance_out_of_range: return "genome relevance outside 0-1";
  }
  return "unknown reason";
}

std::size_t FileStats::rows_rejected() const {
  std::size_t total = 0;
  for (const auto& [reason, count] : rejected) total += count;
  return total;
}

std::size_t FileStats::count(RejectReason reason) const {
  const auto it = rejected.find(reason);
  return it == rejected.end() ? 0 : it->second;
}

void FileStats::reject(std::size_t line, RejectReason reason, std::string_view detail) {
  ++rejected[reason];
  // Rejections arrive out of line order (duplicate ratings are found walking backwards), so keep the
  // kSampleLimit smallest lines rather than the first kSampleLimit seen.
  const auto at = std::upper_bound(sample_lines_.begin(), sample_lines_.end(), line);
  const auto index = at - sample_lines_.begin();
  if (static_cast<std::size_t>(index) >= kSampleLimit) return;
  std::string sample = file + ":" + std::to_string(line) + ": " + std::string(describe(reason));
  if (!detail.empty()) sample += " (" + std::string(detail) + ")";
  sample_lines_.insert(at, line);
  first_rejections.insert(first_rejections.begin() + index, std::move(sample));
  if (sample_lines_.size() > kSampleLimit) {
    sample_lines_.pop_back();
    first_rejections.pop_back();
  }
}

namespace {
// Every file from `texts` but ratings.csv, whose pieces come from `ratings`.
Dataset parse_dataset_with(const DatasetTexts& texts, const NextPiece& ratings, std::uint64_t ratings_bytes) {
  Dataset dataset;
  dataset.name = texts.name;
  IngestStats& stats = dataset.stats;
  stats.movies.file = "movies.csv";
  stats.ratings.file = "ratings.csv";
  stats.tags.file = "tags.csv";
  stats.links.file = "links.csv";
  stats.genome_tags.file = "genome-tags.csv";
  stats.genome_scores.file = "genome-scores.csv";
  stats.movies.present = stats.ratings.present = true;
  stats.tags.present = texts.tags_csv.has_value();
  stats.links.present = texts.links_csv.has_value();
  stats.genome_tags.present = texts.genome_tags_csv.has_value();
  stats.genome_scores.present = texts.genome_scores_csv.has_value();
  if (texts.genome_scores_csv && !texts.genome_tags_csv) {
    throw InputError(source_name(texts, "genome-scores.csv") + ": present without genome-tags.csv, which names its tags");
  }

  const Schema* schema = nullptr;
  MovieIdStatus status;
  parse_movies(texts.movies_csv, source_name(texts, "movies.csv"), schema, dataset, status);
  stats.format = std::string(schema->format);
  parse_ratings(ratings, ratings_bytes, source_name(texts, "ratings.csv"), *schema, dataset, status);
  if (texts.tags_csv) parse_tags(*texts.tags_csv, source_name(texts, "tags.csv"), *schema, dataset, status);
  if (texts.links_csv) parse_links(*texts.links_csv, source_name(texts, "links.csv"), *schema, dataset, status);
  if (texts.genome_tags_csv) {
    const auto tag_index = parse_genome_tags(*texts.genome_tags_csv, source_name(texts, "genome-tags.csv"), dataset);
    if (texts.genome_scores_csv) {
      parse_genome_scores(*texts.genome_scores_csv, source_name(texts, "genome-scores.csv"), tag_index, dataset, status);
    }
  }
  return dataset;
}
}  // namespace

Dataset parse_dataset(const DatasetTexts& texts) {
  return parse_dataset_with(texts, whole(texts.ratings_csv), texts.ratings_csv.size());
}

Dataset load_dataset(const std::filesystem::path& dir) {
  std::error_code error;
  if (!std::filesystem::is_directory(dir, error)) {
    throw InputError(dir.string() + ": dataset directory not found");
  }
  DatasetTexts texts;
  texts.directory = dir;
  // "data/ml-latest-small/" names the dataset "ml-latest-small" too.
  texts.name = (dir.filename().empty() ? dir.parent_path() : dir).filename().string();
  texts.movies_csv = read_file(dir / "movies.csv");
  CsvFileChunks ratings(dir / "ratings.csv");  // streamed: at ml-32m's size it is 877 MB of text
  texts.tags_csv = read_optional_file(dir / "tags.csv");
  texts.links_csv = read_optional_file(dir / "links.csv");
  texts.genome_tags_csv = read_optional_file(dir / "genome-tags.csv");
  texts.genome_scores_csv = read_optional_file(dir / "genome-scores.csv");
  return parse_dataset_with(texts, [&ratings] { return ratings.next(); }, ratings.file_bytes());
}

void print_ingest_report(const Dataset& dataset, std::ostream& out) {
  const IngestStats& stats = dataset.stats;
  out << "Dataset " << dataset.name << " (" << stats.format << " format)\n";
  print_file_stats(stats.movies, out);
  print_file_stats(stats.ratings, out);
  print_file_stats(stats.tags, out);
  print_file_stats(stats.links, out);
  if (stats.genome_tags.present) print_file_stats(stats.genome_tags, out);
  if (stats.genome_scores.present) print_file_stats(stats.genome_scores, out);

  std::unordered_set<std::uint32_t> users;
  for (const RatingRow& rating : dataset.ratings) users.insert(rating.user_id);
  out << "Kept " << dataset.movies.size() << " movies, " << users.size() << " users, " << dataset.ratings.size()
      << " ratings, " << dataset.tags.size() << " tags, " << dataset.links.size() << " links";
  if (dataset.stats.genome_scores.present) out << ", " << dataset.genome.size() << " genome scores >= " << kGenomeRelevance;
  out << "\n";
}

}  // namespace movierec
