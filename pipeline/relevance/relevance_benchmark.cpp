#include "relevance/relevance_benchmark.hpp"

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <utility>

#include <utf8proc.h>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kTitleSeparator = " | ";

// The rows of one TSV file after its header, one at a time, with messages that point at the line
// and column to fix.
class TsvRows {
 public:
  TsvRows(std::string_view bytes, std::string source, std::initializer_list<std::string_view> header)
      : bytes_(bytes), source_(std::move(source)), header_(header) {
    if (bytes_.starts_with(kByteOrderMark)) bytes_.remove_prefix(kByteOrderMark.size());
    if (!next_line()) fail_line("the file is empty: expected the header line");
    if (fields_.size() != header_.size() || !std::equal(fields_.begin(), fields_.end(), header_.begin())) {
      fail_line("the header must be the tab-separated columns " + joined_header());
    }
  }

  // Reads the next non-blank row; false at the end of the file.
  bool next() {
    while (next_line()) {
      if (fields_.size() == 1 && fields_[0].empty()) continue;
      if (fields_.size() != header_.size()) {
        fail_line("expected " + std::to_string(header_.size()) + " tab-separated columns (" + joined_header() +
                  "), found " + std::to_string(fields_.size()));
      }
      for (std::size_t column = 0; column < fields_.size(); ++column) check_text(column);
      return true;
    }
    return false;
  }

  std::size_t line() const { return line_; }
  std::string_view field(std::size_t column) const { return fields_.at(column); }

  std::string non_empty(std::size_t column) const {
    const auto text = field(column);
    if (text.find_first_not_of(' ') == std::string_view::npos) fail(column, "must not be empty");
    return std::string(text);
  }

  std::uint32_t movie_id(std::size_t column, std::string_view text) const {
    std::uint32_t id = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, id);
    if (text.empty() || ec != std::errc() || ptr != end || id == 0) {
      fail(column, "\"" + std::string(text) + "\" is not a movie id (a whole number from 1)");
    }
    return id;
  }

  // Ids separated by single spaces, each listed once.
  std::vector<std::uint32_t> movie_ids(std::size_t column) const {
    const auto text = field(column);
    if (text.empty()) fail(column, "must list at least one movie id");
    std::vector<std::uint32_t> ids;
    std::size_t start = 0;
    while (true) {
      const auto space = text.find(' ', start);
      const auto token = text.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start);
      if (token.empty()) fail(column, "ids must be separated by single spaces");
      const auto id = movie_id(column, token);
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) fail(column, "lists movie id " + std::to_string(id) + " twice");
      ids.push_back(id);
      if (space == std::string_view::npos) return ids;
      start = space + 1;
    }
  }

  // Titles separated by " | ", one per id of `ids_column`.
  std::vector<std::string> titles(std::size_t column, std::size_t ids_column, std::size_t id_count) const {
    std::vector<std::string> titles;
    const auto text = field(column);
    std::size_t start = 0;
    while (true) {
      const auto separator = text.find(kTitleSeparator, start);
      titles.emplace_back(text.substr(start, separator == std::string_view::npos ? std::string_view::npos : separator - start));
      if (titles.back().empty()) fail(column, "has an empty title");
      if (separator == std::string_view::npos) break;
      start = separator + kTitleSeparator.size();
    }
    if (titles.size() != id_count) {
      fail(column, "lists " + std::to_string(titles.size()) + " titles for the " + std::to_string(id_count) + " ids of column " +
                       std::to_string(ids_column + 1) + " (" + std::string(header_[ids_column]) + ")");
    }
    return titles;
  }

  [[noreturn]] void fail(std::size_t column, const std::string& what) const {
    fail_line("column " + std::to_string(column + 1) + " (" + std::string(header_[column]) + ") " + what);
  }

  [[noreturn]] void fail_line(const std::string& what) const {
    throw InputError(source_ + ":" + std::to_string(line_) + ": " + what);
  }

 private:
  // Splits the next physical line into fields; false at the end of the file.
  bool next_line() {
    if (position_ >= bytes_.size()) return false;
    const auto end = bytes_.find('\n', position_);
    auto text = bytes_.substr(position_, end == std::string_view::npos ? std::string_view::npos : end - position_);
    position_ = end == std::string_view::npos ? bytes_.size() : end + 1;
    ++line_;
    if (text.ends_with('\r')) text.remove_suffix(1);
    fields_.clear();
    std::size_t start = 0;
    while (true) {
      const auto tab = text.find('\t', start);
      fields_.push_back(text.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
      if (tab == std::string_view::npos) return true;
      start = tab + 1;
    }
  }

  // Fields end up in JSON and on terminals, so they must be valid UTF-8 without control characters.
  void check_text(std::size_t column) const {
    const auto text = field(column);
    const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    std::size_t i = 0;
    while (i < text.size()) {
      utf8proc_int32_t codepoint = 0;
      const auto length = utf8proc_iterate(data + i, static_cast<utf8proc_ssize_t>(text.size() - i), &codepoint);
      if (length <= 0) fail(column, "is not valid UTF-8 (byte " + std::to_string(i + 1) + ")");
      if (codepoint < 0x20 || codepoint == 0x7F) fail(column, "contains a control character (byte " + std::to_string(i + 1) + ")");
      i += static_cast<std::size_t>(length);
    }
  }

  std::string joined_header() const {
    std::string out;
    for (const auto name : header_) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
  }

  std::string_view bytes_;
  std::string source_;
  std::vector<std::string_view> header_;  // string literals: they outlive every reader
  std::size_t position_ = 0;
  std::size_t line_ = 0;
  std::vector<std::string_view> fields_;
};

}  // namespace

std::string_view describe_kind_name(DescribeKind kind) { return kind == DescribeKind::film ? "film" : "mood"; }

std::vector<DescribeQuery> parse_describe_benchmark(std::string_view bytes, const std::string& source) {
  enum Column : std::size_t { kind, query, movie_ids, titles };
  TsvRows rows(bytes, source, {"kind", "query", "movie_ids", "titles"});
  std::vector<DescribeQuery> out;
  while (rows.next()) {
    DescribeQuery row;
    row.line = rows.line();
    const auto kind_text = rows.field(kind);
    if (kind_text == "film") {
      row.kind = DescribeKind::film;
    } else if (kind_text == "mood") {
      row.kind = DescribeKind::mood;
    } else {
      rows.fail(kind, "must be film or mood, not \"" + std::string(kind_text) + "\"");
    }
    row.query = rows.non_empty(query);
    row.movie_ids = rows.movie_ids(movie_ids);
    const auto count = row.movie_ids.size();
    if (row.kind == DescribeKind::film && count != 1) {
      rows.fail(movie_ids, "must hold exactly one id for a film query, found " + std::to_string(count));
    }
    if (row.kind == DescribeKind::mood && (count < kMinMoodFilms || count > kMaxMoodFilms)) {
      rows.fail(movie_ids, "must hold " + std::to_string(kMinMoodFilms) + " to " + std::to_string(kMaxMoodFilms) +
                               " ids for a mood query, found " + std::to_string(count));
    }
    row.titles = rows.titles(titles, movie_ids, count);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<SimilarCase> parse_similar_benchmark(std::string_view bytes, const std::string& source) {
  enum Column : std::size_t { movie_id, title, expected_ids, expected_titles, why };
  TsvRows rows(bytes, source, {"movie_id", "title", "expected_ids", "expected_titles", "why"});
  std::vector<SimilarCase> out;
  while (rows.next()) {
    SimilarCase row;
    row.line = rows.line();
    row.movie_id = rows.movie_id(movie_id, rows.field(movie_id));
    row.title = rows.non_empty(title);
    row.expected_ids = rows.movie_ids(expected_ids);
    const auto count = row.expected_ids.size();
    if (count < kMinExpectedSimilar || count > kMaxExpectedSimilar) {
      rows.fail(expected_ids, "must hold " + std::to_string(kMinExpectedSimilar) + " to " + std::to_string(kMaxExpectedSimilar) +
                                  " ids, found " + std::to_string(count));
    }
    if (std::find(row.expected_ids.begin(), row.expected_ids.end(), row.movie_id) != row.expected_ids.end()) {
      rows.fail(expected_ids, "lists the film itself (" + std::to_string(row.movie_id) + ")");
    }
    row.expected_titles = rows.titles(expected_titles, expected_ids, count);
    row.why = std::string(rows.field(why));
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace movierec
