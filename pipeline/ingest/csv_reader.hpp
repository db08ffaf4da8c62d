#pragma once
// An RFC 4180 CSV reader over an in-memory buffer: one record at a time, physical line numbers, header
// lookup by column name and strict number parsing. Every problem throws movierec::InputError with
// "<source>:<line>: <what>", because a malformed input file must stop the pipeline with a message
// that points at the exact place to fix.
//
// Accepted: quoted fields with "" escapes and embedded commas / line breaks, CRLF or LF line ends,
// an optional final line break, a UTF-8 byte order mark at the start. Blank lines are skipped (a file
// ending in several line breaks is common and carries no records). Rejected: an unterminated quote, a
// quote inside an unquoted field or text after a closing quote, a bare CR, invalid UTF-8, and a record
// whose field count differs from the first record's (ragged row).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace movierec {

class CsvReader {
 public:
  // `bytes` must outlive the reader; `source` names the file in error messages.
  CsvReader(std::string_view bytes, std::string source);

  // Reads the next record; false at the end of the input.
  bool read_record();

  // Reads the first record as the header row. Throws if the input has no records.
  void read_header();

  // Goes on with the next piece of the same file (CsvFileChunks): the header, the field count, line
  // numbers and records read carry over. `bytes` starts at a record boundary and must outlive the reads.
  void continue_with(std::string_view bytes);

  // Index of a header column, if present (exact, case-sensitive match).
  [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;
  // Indices of the named columns, in order; throws one error naming every missing column.
  [[nodiscard]] std::vector<std::size_t> require_columns(std::initializer_list<std::string_view> names) const;
  [[nodiscard]] std::size_t require_column(std::string_view name) const;
  [[nodiscard]] const std::vector<std::string>& header() const { return header_; }

  [[nodiscard]] std::size_t field_count() const { return field_count_; }
  [[nodiscard]] std::string_view field(std::size_t column) const;

  // Strict numbers: the whole field must be the number, no spaces, no sign on unsigned values.
  // Non-numbers and out-of-range values are malformed input and throw.
  [[nodiscard]] std::uint32_t field_u32(std::size_t column) const;
  [[nodiscard]] std::int64_t field_i64(std::size_t column) const;
  [[nodiscard]] float field_float(std::size_t column) const;  // finite values only

  // Physical line (1-based) where the current record starts.
  [[nodiscard]] std::size_t line() const { return record_line_; }
  [[nodiscard]] const std::string& source() const { return source_; }
  // Data records read so far, the header excluded.
  [[nodiscard]] std::size_t records_read() const { return records_read_; }

  // Throws InputError "<source>:<line of the current record>: <what>".
  [[noreturn]] void fail(std::string_view what) const;

 private:
  [[noreturn]] void fail_at(std::size_t line, std::string_view what) const;
  [[nodiscard]] std::string column_label(std::size_t column) const;
  void skip_blank_lines();
  void read_quoted_field(std::string& out);
  void read_unquoted_field(std::string& out);
  void check_utf8(std::size_t begin, std::size_t end) const;

  std::string_view bytes_;
  std::string source_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;          // physical line at pos_
  std::size_t record_line_ = 0;   // physical line where the current record starts
  std::vector<std::string> fields_;  // reused between records so parsing does not allocate per field
  std::size_t field_count_ = 0;
  std::size_t expected_fields_ = 0;  // set by the first record
  std::vector<std::string> header_;
  std::size_t header_line_ = 1;
  std::size_t records_read_ = 0;
  bool header_read_ = false;
};

// A CSV file read in pieces that end at record boundaries (a line break outside quotes), so a CsvReader
// goes through a file of any size holding one piece at a time: ratings.csv of ml-32m is 877 MB.
class CsvFileChunks {
 public:
  explicit CsvFileChunks(const std::filesystem::path& path, std::size_t piece_bytes = std::size_t{16} << 20);
  // The next piece, valid until the next call; nullopt after the last. A record longer than a piece
  // makes the piece longer.
  std::optional<std::string_view> next();
  [[nodiscard]] std::uint64_t file_bytes() const { return file_bytes_; }

 private:
  std::filesystem::path path_;
  std::ifstream in_;
  std::size_t piece_bytes_;
  std::uint64_t file_bytes_ = 0;
  std::string buffer_;
  std::size_t returned_ = 0;  // the bytes of buffer_ the last piece handed out
  bool at_end_ = false;
};

}  // namespace movierec
