#pragma once
// Loading and cleaning a ratings dataset: MovieLens CSVs (movies.csv + ratings.csv, optional tags.csv,
// links.csv and ml-25m's tag genome, genome-tags.csv + genome-scores.csv) or the simple seed format (movies.csv with movie_id,title,genres,overview and
// ratings.csv with user_id,movie_id,rating).
//
// Malformed files (bad quoting, ragged rows, missing columns, non-numeric ids or ratings) throw
// movierec::InputError naming file:line. Rows that parse but cannot be used are dropped, counted per
// reason in IngestStats, and the first few are kept as "file:line: reason" for the report.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace movierec {

struct MovieRow {
  std::uint32_t movie_id = 0;
  std::string title;                // as in movies.csv (year included), surrounding spaces trimmed
  std::vector<std::string> genres;  // split on '|'
  std::uint16_t year = 0;           // from a trailing "(YYYY)"; 0 = unknown
  std::string overview;             // seed format only; empty for MovieLens
};

struct RatingRow {
  std::uint32_t user_id = 0;
  std::uint32_t movie_id = 0;
  float rating = 0.0F;
  std::int64_t timestamp = 0;  // 0 if the file has no timestamp column
};

struct TagRow {
  std::uint32_t user_id = 0;
  std::uint32_t movie_id = 0;
  std::string tag;
};

struct LinkRow {
  std::uint32_t movie_id = 0;
  std::uint32_t imdb_id = 0;  // 0 = missing
  std::uint32_t tmdb_id = 0;  // 0 = missing
};

// One strong tag-genome score: how well a genome tag describes a movie, from 0 to 1 (ml-25m and
// ml-latest score 1,128 tags for every movie with enough ratings; only scores of at least
// kGenomeRelevance are kept, they are what the movie text uses).
inline constexpr float kGenomeRelevance = 0.5F;
struct GenomeScore {
  std::uint32_t movie_id = 0;
  std::uint32_t tag = 0;  // index into Dataset::genome_tags
  float relevance = 0.0F;
};

enum class RejectReason {
  duplicate_movie,      // a movie id seen before: the first row is kept
  missing_title,
  no_genres,            // "(no genres listed)" or an empty genres field
  rating_out_of_range,  // outside 0.5–5.0
  duplicate_rating,     // the same (user, movie) rated again later: the last row is kept
  unknown_movie,        // the movie is not in movies.csv or was dropped from it
  empty_tag,
  duplicate_link,       // a second links.csv row for a movie: the first row is kept
  duplicate_genome_tag, // a genome tag id seen before: the first row is kept
  unknown_genome_tag,   // a genome score for a tag id genome-tags.csv does not have
  relevance_out_of_range,  // a genome relevance outside 0-1
};

[[nodiscard]] std::string_view describe(RejectReason reason);

struct FileStats {
  static constexpr std::size_t kSampleLimit = 5;

  std::string file;        // "movies.csv"
  bool present = false;    // tags.csv and links.csv are optional
  std::size_t rows_read = 0;
  std::size_t rows_kept = 0;
  std::map<RejectReason, std::size_t> rejected;
  std::vector<std::string> first_rejections;  // the kSampleLimit lowest lines, "file:line: reason (detail)"

  [[nodiscard]] std::size_t rows_rejected() const;
  [[nodiscard]] std::size_t count(RejectReason reason) const;
  // Counts a dropped row; keeps its description if it is among the first kSampleLimit by line.
  void reject(std::size_t line, RejectReason reason, std::string_view detail);

 private:
  std::vector<std::size_t> sample_lines_;  // parallel to first_rejections, ascending
};

struct IngestStats {
  std::string format;  // "MovieLens" or "seed"
  FileStats movies, ratings, tags, links, genome_tags, genome_scores;
};

struct Dataset {
  std::vector<MovieRow> movies;    // in file order
  std::vector<RatingRow> ratings;  // in file order
  std::vector<TagRow> tags;
  std::vector<LinkRow> links;
  std::vector<std::string> genome_tags;  // genome-tags.csv's tags, in file order
  std::vector<GenomeScore> genome;       // the strong scores, in file order
  IngestStats stats;
  std::string name;  // the directory name, e.g. "ml-latest-small"
};

// The CSV texts of one dataset, for callers that already hold the bytes (and the fuzzer).
struct DatasetTexts {
  std::string name;
  std::string movies_csv, ratings_csv;
  std::optional<std::string> tags_csv, links_csv, genome_tags_csv, genome_scores_csv;
  std::filesystem::path directory;  // prefixes file names in error messages; may be empty
};

// Reads <dir>/movies.csv, ratings.csv and, if present, tags.csv, links.csv, genome-tags.csv and
// genome-scores.csv (scores without their tags are an InputError).
[[nodiscard]] Dataset load_dataset(const std::filesystem::path& dir);
[[nodiscard]] Dataset parse_dataset(const DatasetTexts& texts);

// Counts per file, reasons for dropped rows, and the first dropped rows with file:line.
void print_ingest_report(const Dataset& dataset, std::ostream& out);

}  // namespace movierec
