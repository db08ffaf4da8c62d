#pragma once
// The hand-written relevance benchmarks of benchmarks/relevance/ (format in its README.md):
// describe.tsv, free-text queries with the films they mean, and similar.tsv, films with the films a
// film lover expects among similar ones. Parsed from bytes; every problem throws InputError
// "<source>:<line>: column <n> (<name>): <what>", so a broken row is found at once. Ids are MovieLens
// movieIds and are not checked against any catalog here: a scorer decides what to do with unknown ones.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace movierec {

enum class DescribeKind {
  film,  // a description of one specific film: exactly one id
  mood,  // a mood or kind of evening: kMinMoodFilms to kMaxMoodFilms films that fit
};

inline constexpr std::size_t kMinMoodFilms = 4;
inline constexpr std::size_t kMaxMoodFilms = 12;
// At most 10, so a perfect top 10 can hold every expected film (recall@10 can reach 1).
inline constexpr std::size_t kMinExpectedSimilar = 3;
inline constexpr std::size_t kMaxExpectedSimilar = 10;

struct DescribeQuery {
  std::size_t line = 0;  // 1-based line in the file, the header being line 1
  DescribeKind kind = DescribeKind::film;
  std::string query;
  std::vector<std::uint32_t> movie_ids;  // distinct
  std::vector<std::string> titles;       // one per id, as in movies.csv
};

struct SimilarCase {
  std::size_t line = 0;
  std::uint32_t movie_id = 0;
  std::string title;
  std::vector<std::uint32_t> expected_ids;  // distinct, never movie_id itself
  std::vector<std::string> expected_titles;
  std::string why;
};

struct RelevanceBenchmarks {
  std::vector<DescribeQuery> describe;
  std::vector<SimilarCase> similar;
};

// `source` names the file in messages. A UTF-8 byte order mark, CRLF line ends and blank lines are
// accepted; anything else the README does not allow throws InputError.
std::vector<DescribeQuery> parse_describe_benchmark(std::string_view bytes, const std::string& source);
std::vector<SimilarCase> parse_similar_benchmark(std::string_view bytes, const std::string& source);

std::string_view describe_kind_name(DescribeKind kind);

}  // namespace movierec
