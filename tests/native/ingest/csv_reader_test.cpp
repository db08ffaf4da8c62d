#include "ingest/csv_reader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

std::filesystem::path movielens_dir() {
  if (const char* dir = std::getenv("MOVIELENS_DIR")) return dir;
  return std::filesystem::path(MOVIEREC_SOURCE_DIR) / ".." / "shared" / "data" / "ml-latest-small";
}

std::vector<std::vector<std::string>> read_all(CsvReader& reader) {
  std::vector<std::vector<std::string>> records;
  while (reader.read_record()) {
    auto& record = records.emplace_back();
    for (std::size_t i = 0; i < reader.field_count(); ++i) record.emplace_back(reader.field(i));
  }
  return records;
}

std::vector<std::vector<std::string>> parse(std::string_view text) {
  CsvReader reader(text, "test.csv");
  return read_all(reader);
}

// The InputError message `action` throws, or a test failure if it does not throw one.
template <class Action>
std::string input_error_of(Action&& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "expected movierec::InputError";
  return {};
}

std::string parse_error(std::string_view text) {
  return input_error_of([&] { (void)parse(text); });
}

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << "in: " << (haystack)

using Records = std::vector<std::vector<std::string>>;

TEST(CsvReader, ReadsPlainRecordsWithLfLineEnds) {
  EXPECT_EQ(parse("a,b,c\n1,2,3\n"), (Records{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvReader, ReadsCrlfAndAMissingFinalLineBreak) {
  EXPECT_EQ(parse("a,b\r\n1,2\r\n3,4"), (Records{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
}

TEST(CsvReader, UnquotesFieldsWithCommasEscapedQuotesAndLineBreaks) {
  const Records records = parse(
      "id,title\r\n"
      "11,\"American President, The (1995)\"\r\n"
      "12,\"\"\"Great Performances\"\" Cats (1998)\"\r\n"
      "13,\"two\r\nlines\"\r\n"
      "14,\"\"\r\n");
  ASSERT_EQ(records.size(), 5U);
  EXPECT_EQ(records[1][1], "American President, The (1995)");
  EXPECT_EQ(records[2][1], "\"Great Performances\" Cats (1998)");
  EXPECT_EQ(records[3][1], "two\r\nlines");  // line breaks inside quotes are data, kept as written
  EXPECT_EQ(records[4][1], "");
}

TEST(CsvReader, KeepsEmptyFieldsIncludingATrailingOne) {
  EXPECT_EQ(parse("a,b,c\n,,\nx,,\n"), (Records{{"a", "b", "c"}, {"", "", ""}, {"x", "", ""}}));
  EXPECT_EQ(parse("a,b\n1,"), (Records{{"a", "b"}, {"1", ""}}));
}

TEST(CsvReader, ReportsPhysicalLineNumbersAcrossQuotedLineBreaksAndBlankLines) {
  const std::string text = "h1,h2\n1,\"one\ntwo\nthree\"\n\n\r\n2,x\n";
  CsvReader reader(text, "lines.csv");
  reader.read_header();
  EXPECT_EQ(reader.line(), 1U);
  ASSERT_TRUE(reader.read_record());
  EXPECT_EQ(reader.line(), 2U);
  ASSERT_TRUE(reader.read_record());
  EXPECT_EQ(reader.line(), 7U);  // lines 2-4 are one record, 5 and 6 are blank
  EXPECT_EQ(reader.field(0), "2");
  EXPECT_FALSE(reader.read_record());
  EXPECT_EQ(reader.records_read(), 2U);
}

TEST(CsvReader, StripsAUtf8ByteOrderMarkAndKeepsUtf8Text) {
  CsvReader reader("\xEF\xBB\xBFmovieId,title\n1,Amélie (2001)\n2,千と千尋の神隠し (2001)\n", "bom.csv");
  reader.read_header();
  EXPECT_EQ(reader.header().front(), "movieId");
  EXPECT_EQ(reader.require_column("movieId"), 0U);
  ASSERT_TRUE(reader.read_record());
  EXPECT_EQ(reader.field(1), "Amélie (2001)");
  ASSERT_TRUE(reader.read_record());
  EXPECT_EQ(reader.field(1), "千と千尋の神隠し (2001)");
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_TRUE(parse("").empty());
  EXPECT_TRUE(parse("\n\r\n").empty());
  CsvReader reader("", "empty.csv");
  EXPECT_CONTAINS(input_error_of([&] { reader.read_header(); }), "empty.csv:1: empty file");
}

TEST(CsvReader, RejectsAnUnterminatedQuoteAtTheLineItOpens) {
  const std::string message = parse_error("a,b\n1,2\n3,\"never closed\n4,5\n");
  EXPECT_CONTAINS(message, "test.csv:3: unterminated quoted field in field 2");
}

TEST(CsvReader, RejectsAStrayQuoteInsideAnUnquotedField) {
  EXPECT_CONTAINS(parse_error("a,b\n1,ab\"c\n"), "test.csv:2: stray quote in unquoted field 2");
}

TEST(CsvReader, RejectsTextAfterAClosingQuote) {
  EXPECT_CONTAINS(parse_error("a,b\r\n1,\"x\"y\r\n"), "test.csv:2: stray text after the closing quote of field 2");
}

TEST(CsvReader, RejectsRaggedRowsNamingBothFieldCounts) {
  EXPECT_CONTAINS(parse_error("a,b,c\n1,2,3\n1,2\n"), "test.csv:3: ragged row: 2 fields, expected 3");
  EXPECT_CONTAINS(parse_error("a,b\n1,2\n\"x,y\",z,w\n"), "test.csv:3: ragged row: 3 fields, expected 2");
}

TEST(CsvReader, RejectsABareCarriageReturn) {
  EXPECT_CONTAINS(parse_error("a,b\r1,2\n"), "test.csv:1: bare carriage return");
}

TEST(CsvReader, RejectsInvalidUtf8OnItsLine) {
  EXPECT_CONTAINS(parse_error("a,b\n1,ok\n2,\"bad\n\xC3\x28\"\n"), "test.csv:4: invalid UTF-8");
  EXPECT_CONTAINS(parse_error("a\n\xFF\n"), "test.csv:2: invalid UTF-8");
}

TEST(CsvReader, RequireColumnsNamesEveryMissingColumnAndTheHeader) {
  CsvReader reader("userId,movieId\n1,2\n", "data/ratings.csv");
  reader.read_header();
  EXPECT_EQ(reader.require_columns({"movieId", "userId"}), (std::vector<std::size_t>{1, 0}));
  EXPECT_EQ(reader.find_column("rating"), std::nullopt);
  const std::string message = input_error_of([&] { (void)reader.require_columns({"userId", "rating", "timestamp"}); });
  EXPECT_CONTAINS(message, "data/ratings.csv:1: missing required column 'rating', 'timestamp'");
  EXPECT_CONTAINS(message, "header is: userId,movieId");
}

TEST(CsvReader, ParsesNumbersStrictlyAndNamesTheColumnWhenTheyAreWrong) {
  const std::string text =
      "id,rating,time\n"
      "0114709,4.5,-12\n"
      "abc,4,0\n"
      "-1,nan,1\n"
      "4294967296, 3,1e3\n"
      ",inf,\n";
  CsvReader reader(text, "numbers.csv");
  reader.read_header();
  ASSERT_TRUE(reader.read_record());
  EXPECT_EQ(reader.field_u32(0), 114709U);
  EXPECT_FLOAT_EQ(reader.field_float(1), 4.5F);
  EXPECT_EQ(reader.field_i64(2), -12);

  ASSERT_TRUE(reader.read_record());
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_u32(0); }),
                  "numbers.csv:3: column 'id': 'abc' is not an unsigned integer");
  EXPECT_FLOAT_EQ(reader.field_float(1), 4.0F);

  ASSERT_TRUE(reader.read_record());
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_u32(0); }), "numbers.csv:4: column 'id': '-1'");
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_float(1); }),
                  "numbers.csv:4: column 'rating': 'nan' is not a finite number");

  ASSERT_TRUE(reader.read_record());
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_u32(0); }), "does not fit an unsigned 32-bit integer");
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_float(1); }), "' 3' is not a finite number");
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_i64(2); }), "'1e3' is not an integer");

  ASSERT_TRUE(reader.read_record());
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_u32(0); }), "numbers.csv:6: column 'id': '' is not");
  EXPECT_CONTAINS(input_error_of([&] { (void)reader.field_float(1); }), "'inf' is not a finite number");
}

TEST(CsvReader, ReadsEveryMovieLensMoviesRow) {
  const auto path = movielens_dir() / "movies.csv";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing: set MOVIELENS_DIR to an ml-latest-small directory";
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};

  CsvReader reader(bytes, path.string());
  reader.read_header();
  EXPECT_EQ(reader.header(), (std::vector<std::string>{"movieId", "title", "genres"}));
  std::size_t quoted_titles_with_commas = 0;
  while (reader.read_record()) {
    ASSERT_EQ(reader.field_count(), 3U);
    if (reader.field_u32(0) == 11) { EXPECT_EQ(reader.field(1), "American President, The (1995)"); }
    if (reader.field(1).find(',') != std::string_view::npos) ++quoted_titles_with_commas;
  }
  EXPECT_EQ(reader.records_read(), 9742U);
  EXPECT_EQ(reader.line(), 9743U);  // one record per physical line: no line breaks inside titles
  EXPECT_GT(quoted_titles_with_commas, 1000U);
}

// A file read in pieces of every small size gives the records, lines and counts the whole text gives:
// quoted line breaks, "" escapes, CRLF, blank lines and a byte order mark never fall across a cut.
TEST(CsvFileChunks, PiecesOfAnySizeReadLikeTheWholeFile) {
  const std::string text =
      "\xEF\xBB\xBF" "id,note,score\r\n1,\"two\nlines\",3\r\n\n2,\"a \"\"quoted\"\" word\",4\n"
      "3,plain,5\n4,\"x,\ny,\n\nz\",6\n5,last,7";
  const auto path = std::filesystem::temp_directory_path() / "movierec_chunks_test.csv";
  std::ofstream(path, std::ios::binary) << text;

  CsvReader whole(text, "test.csv");
  whole.read_header();
  std::vector<std::pair<std::size_t, std::vector<std::string>>> expected;
  while (whole.read_record()) expected.push_back({whole.line(), {std::string(whole.field(0)), std::string(whole.field(1))}});
  ASSERT_EQ(expected.size(), 5U);

  for (std::size_t piece = 1; piece <= text.size() + 1; ++piece) {
    CsvFileChunks chunks(path, piece);
    EXPECT_EQ(chunks.file_bytes(), text.size());
    const auto first = chunks.next();
    ASSERT_TRUE(first.has_value());
    CsvReader reader(*first, "test.csv");
    reader.read_header();
    EXPECT_EQ(reader.header(), (std::vector<std::string>{"id", "note", "score"})) << "piece " << piece;
    std::vector<std::pair<std::size_t, std::vector<std::string>>> got;
    for (;;) {
      while (reader.read_record()) got.push_back({reader.line(), {std::string(reader.field(0)), std::string(reader.field(1))}});
      const auto next = chunks.next();
      if (!next) break;
      reader.continue_with(*next);
    }
    EXPECT_EQ(got, expected) << "piece " << piece;
    EXPECT_EQ(reader.records_read(), 5U);
  }
  std::filesystem::remove(path);
}

TEST(CsvFileChunks, AnErrorInALaterPieceNamesItsLineAndAMissingFileIsNamed) {
  const auto path = std::filesystem::temp_directory_path() / "movierec_chunks_error.csv";
  std::ofstream(path, std::ios::binary) << "a,b\n1,2\n3,4\n5,6,7\n";
  CsvFileChunks chunks(path, 4);
  CsvReader reader(*chunks.next(), "test.csv");
  reader.read_header();
  const auto message = input_error_of([&] {
    for (;;) {
      while (reader.read_record()) {
      }
      const auto next = chunks.next();
      if (!next) break;
      reader.continue_with(*next);
    }
  });
  EXPECT_CONTAINS(message, "test.csv:4: ragged row");
  std::filesystem::remove(path);
  EXPECT_CONTAINS(input_error_of([&] { CsvFileChunks missing(path); }), "file not found");
}

}  // namespace
}  // namespace movierec
