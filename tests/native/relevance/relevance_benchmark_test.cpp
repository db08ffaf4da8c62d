// The relevance benchmark files: the shipped ones parse, and a broken row is named by file, line and
// column.
#include <gtest/gtest.h>

#include <string>

#include "movierec/errors.hpp"
#include "relevance/relevance_benchmark.hpp"
#include "relevance/relevance_command.hpp"

namespace movierec {
namespace {

const std::string kDescribeHeader = "kind\tquery\tmovie_ids\ttitles\n";
const std::string kSimilarHeader = "movie_id\ttitle\texpected_ids\texpected_titles\twhy\n";

std::string describe_error(const std::string& body) {
  try {
    parse_describe_benchmark(kDescribeHeader + body, "describe.tsv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string similar_error(const std::string& body) {
  try {
    parse_similar_benchmark(kSimilarHeader + body, "similar.tsv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(RelevanceBenchmark, TheShippedFilesParseWithFilmsMoodsAndSimilarRows) {
  const auto benchmarks = read_relevance_benchmarks(std::string(MOVIEREC_SOURCE_DIR) + "/benchmarks/relevance");
  std::size_t films = 0;
  for (const auto& row : benchmarks.describe) {
    films += row.kind == DescribeKind::film ? 1 : 0;
    EXPECT_EQ(row.movie_ids.size(), row.titles.size()) << row.line;
  }
  EXPECT_EQ(films, 115U);
  EXPECT_EQ(benchmarks.describe.size() - films, 31U);
  ASSERT_EQ(benchmarks.similar.size(), 62U);
  EXPECT_EQ(benchmarks.describe.front().movie_ids, std::vector<std::uint32_t>{79132});
  EXPECT_EQ(benchmarks.describe.front().titles.front(), "Inception (2010)");
  EXPECT_EQ(benchmarks.similar.front().movie_id, 1U);
  EXPECT_EQ(benchmarks.similar.front().expected_titles.front(), "Toy Story 2 (1999)");
  EXPECT_EQ(benchmarks.similar.front().line, 2U);
}

TEST(RelevanceBenchmark, AcceptsCrlfABomAndBlankLines) {
  const std::string bytes = "\xEF\xBB\xBF" "kind\tquery\tmovie_ids\ttitles\r\n\r\nfilm\ta robot alone in space\t1\tA (2000)\r\n";
  const auto rows = parse_describe_benchmark(bytes, "describe.tsv");
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].line, 3U);
  EXPECT_EQ(rows[0].query, "a robot alone in space");
}

TEST(RelevanceBenchmark, NamesTheFileLineAndColumnOfABrokenRow) {
  EXPECT_EQ(describe_error("film\tq\t1\tA (2000)\nfilm\tq\t1 2\tA | B\n"),
            "describe.tsv:3: column 3 (movie_ids) must hold exactly one id for a film query, found 2");
  EXPECT_NE(describe_error("movie\tq\t1\tA\n").find("describe.tsv:2: column 1 (kind) must be film or mood"), std::string::npos);
  EXPECT_NE(describe_error("mood\tq\t1 2 3\tA | B | C\n").find("column 3 (movie_ids) must hold 4 to 12"), std::string::npos);
  EXPECT_NE(describe_error("film\tq\t1x\tA\n").find("\"1x\" is not a movie id"), std::string::npos);
  EXPECT_NE(describe_error("film\tq\t1\n").find("expected 4 tab-separated columns"), std::string::npos);
  EXPECT_NE(describe_error("film\t \t1\tA\n").find("column 2 (query) must not be empty"), std::string::npos);
  EXPECT_NE(describe_error("film\tq\xff\t1\tA\n").find("is not valid UTF-8"), std::string::npos);
  EXPECT_NE(describe_error("mood\tq\t1 2  3 4\tA | B | C | D\n").find("single spaces"), std::string::npos);
  EXPECT_NE(similar_error("1\tA\t2 3 1\tB | C | A\tw\n").find("lists the film itself (1)"), std::string::npos);
  EXPECT_NE(similar_error("1\tA\t2 3 3\tB | C | C\tw\n").find("lists movie id 3 twice"), std::string::npos);
  EXPECT_NE(similar_error("1\tA\t2 3 4\tB | C\tw\n").find("lists 2 titles for the 3 ids"), std::string::npos);
  EXPECT_NE(similar_error("1\tA\t2 3\tB | C\tw\n").find("must hold 3 to 10"), std::string::npos);
  try {
    parse_similar_benchmark("movie_id\ttitle\n", "similar.tsv");
    FAIL() << "a wrong header was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("similar.tsv:1: the header must be"), std::string::npos);
  }
}

}  // namespace
}  // namespace movierec
