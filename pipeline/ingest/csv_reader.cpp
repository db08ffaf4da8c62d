#include "ingest/csv_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

#include <utf8proc.h>

#include "movierec/errors.hpp"

namespace movierec {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::size_t count_newlines(std::string_view text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// Shows a bad value in an error message without flooding the terminal.
std::string quoted_excerpt(std::string_view value) {
  constexpr std::size_t kMax = 40;
  std::size_t cut = std::min(value.size(), kMax);
  // Never split a UTF-8 sequence: the message must stay valid UTF-8 for JSON and terminals.
  while (cut < value.size() && cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0U) == 0x80U) --cut;
  std::string out = "'";
  out += value.substr(0, cut);
  if (cut < value.size()) out += "...";
  out += "'";
  return out;
}

}  // namespace

CsvReader::CsvReader(std::string_view bytes, std::string source) : bytes_(bytes), source_(std::move(source)) {
  if (bytes_.substr(0, kUtf8Bom.size()) == kUtf8Bom) pos_ = kUtf8Bom.size();
}

void CsvReader::fail_at(std::size_t line, std::string_view what) const {
  throw InputError(source_ + ":" + std::to_string(line) + ": " + std::string(what));
}

void CsvReader::fail(std::string_view what) const { fail_at(record_line_, what); }

std::string CsvReader::column_label(std::size_t column) const {
  if (column < header_.size()) return "column '" + header_[column] + "'";
  return "field " + std::to_string(column + 1);
}

void CsvReader::skip_blank_lines() {
  while (pos_ < bytes_.size()) {
    if (bytes_[pos_] == '\n') {
      ++pos_;
    } else if (bytes_[pos_] == '\r' && pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '\n') {
      pos_ += 2;
    } else {
      return;
    }
    ++line_;
  }
}

void CsvReader::read_quoted_field(std::string& out) {
  const std::size_t opened_on = line_;
  ++pos_;  // the opening quote
  out.clear();
  for (;;) {
    const std::size_t close = bytes_.find('"', pos_);
    if (close == std::string_view::npos) {
      fail_at(opened_on, "unterminated quoted field in field " + std::to_string(field_count_ + 1) +
                             " (the quote opened here is never closed)");
    }
    const std::string_view chunk = bytes_.substr(pos_, close - pos_);
    out.append(chunk);
    line_ += count_newlines(chunk);
    pos_ = close + 1;
    if (pos_ < bytes_.size() && bytes_[pos_] == '"') {  // "" is an escaped quote
      out.push_back('"');
      ++pos_;
      continue;
    }
    break;
  }
  if (pos_ < bytes_.size()) {
    const char next = bytes_[pos_];
    if (next != ',' && next != '\n' && next != '\r') {
      fail_at(line_, "stray text after the closing quote of field " + std::to_string(field_count_ + 1) +
                         " (quotes inside a field must be doubled)");
    }
  }
}

void CsvReader::read_unquoted_field(std::string& out) {
  const std::size_t start = pos_;
  while (pos_ < bytes_.size()) {
    const char c = bytes_[pos_];
    if (c == ',' || c == '\n' || c == '\r') break;
    if (c == '"') {
      fail_at(line_, "stray quote in unquoted field " + std::to_string(field_count_ + 1) +
                         " (a field containing quotes must be quoted and its quotes doubled)");
    }
    ++pos_;
  }
  out.assign(bytes_.data() + start, pos_ - start);
}

void CsvReader::check_utf8(std::size_t begin, std::size_t end) const {
  const auto* data = reinterpret_cast<const utf8proc_uint8_t*>(bytes_.data());
  std::size_t i = begin;
  while (i < end) {
    if (data[i] < 0x80) {  // ASCII fast path: ratings.csv is all ASCII
      ++i;
      continue;
    }
    utf8proc_int32_t codepoint = 0;
    const utf8proc_ssize_t length =
        utf8proc_iterate(data + i, static_cast<utf8proc_ssize_t>(end - i), &codepoint);
    if (length <= 0) {
      const std::size_t line = record_line_ + count_newlines(bytes_.substr(begin, i - begin));
      fail_at(line, "invalid UTF-8 byte sequence at byte offset " + std::to_string(i));
    }
    i += static_cast<std::size_t>(length);
  }
}

bool CsvReader::read_record() {
  skip_blank_lines();
  if (pos_ >= bytes_.size()) return false;

  record_line_ = line_;
  const std::size_t record_start = pos_;
  field_count_ = 0;
  for (;;) {
    if (field_count_ == fields_.size()) fields_.emplace_back();
    std::string& out = fields_[field_count_];
    if (pos_ < bytes_.size() && bytes_[pos_] == '"') {
      read_quoted_field(out);
    } else {
      read_unquoted_field(out);
    }
    ++field_count_;

    if (pos_ >= bytes_.size()) break;  // last record without a final line break
    const char c = bytes_[pos_];
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == '\n') {
      ++pos_;
      ++line_;
      break;
    }
    // Only '\r' is left: read_*_field stop at ',', '\n' or '\r'.
    if (pos_ + 1 < bytes_.size() && bytes_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
      break;
    }
    fail_at(line_, "bare carriage return (line breaks must be LF or CRLF)");
  }
  check_utf8(record_start, pos_);

  if (expected_fields_ == 0) {
    expected_fields_ = field_count_;
  } else if (field_count_ != expected_fields_) {
    fail("ragged row: " + std::to_string(field_count_) + " fields, expected " + std::to_string(expected_fields_) +
         (header_read_ ? " as in the header" : " as in the first row"));
  }
  ++records_read_;
  return true;
}

void CsvReader::read_header() {
  if (!read_record()) fail_at(line_, "empty file: expected a header row");
  header_.assign(fields_.begin(), fields_.begin() + static_cast<std::ptrdiff_t>(field_count_));
  header_line_ = record_line_;
  header_read_ = true;
  records_read_ = 0;
}

void CsvReader::continue_with(std::string_view bytes) {
  bytes_ = bytes;
  pos_ = 0;
}

CsvFileChunks::CsvFileChunks(const std::filesystem::path& path, std::size_t piece_bytes)
    : path_(path), in_(path, std::ios::binary), piece_bytes_(std::max<std::size_t>(piece_bytes, 1)) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) throw InputError(path.string() + ": file not found");
  if (!in_) throw InputError(path.string() + ": cannot be opened for reading");
  file_bytes_ = std::filesystem::file_size(path, error);
}

std::optional<std::string_view> CsvFileChunks::next() {
  buffer_.erase(0, returned_);
  returned_ = 0;
  for (;;) {
    if (!at_end_) {
      const std::size_t old = buffer_.size();
      buffer_.resize(old + piece_bytes_);
      in_.read(buffer_.data() + old, static_cast<std::streamsize>(piece_bytes_));
      buffer_.resize(old + static_cast<std::size_t>(in_.gcount()));
      if (in_.bad()) throw InputError(path_.string() + ": read error");
      at_end_ = in_.eof();
    }
    if (at_end_) {
      if (buffer_.empty()) return std::nullopt;
      returned_ = buffer_.size();
      return std::string_view(buffer_);
    }
    // Quotes come in pairs inside quoted fields ("" escapes included), so from a record boundary an
    // even count of them means a line break ends a record.
    std::size_t cut = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < buffer_.size(); ++i) {
      if (buffer_[i] == '"') quoted = !quoted;
      else if (buffer_[i] == '\n' && !quoted) cut = i + 1;
    }
    if (cut > 0) {
      returned_ = cut;
      return std::string_view(buffer_.data(), cut);
    }
  }
}

std::optional<std::size_t> CsvReader::find_column(std::string_view name) const {
  const auto it = std::find(header_.begin(), header_.end(), name);
  if (it == header_.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header_.begin());
}

std::vector<std::size_t> CsvReader::require_columns(std::initializer_list<std::string_view> names) const {
  std::vector<std::size_t> indices;
  std::string missing;
  for (const std::string_view name : names) {
    if (const auto index = find_column(name)) {
      indices.push_back(*index);
    } else {
      missing += missing.empty() ? "'" : ", '";
      missing += name;
      missing += "'";
    }
  }
  if (!missing.empty()) {
    std::string present;
    for (const std::string& name : header_) present += (present.empty() ? "" : ",") + name;
    fail_at(header_line_, "missing required column " + missing + " (header is: " + present + ")");
  }
  return indices;
}

std::size_t CsvReader::require_column(std::string_view name) const { return require_columns({name}).front(); }

std::string_view CsvReader::field(std::size_t column) const {
  if (column >= field_count_) {
    fail("no " + column_label(column) + ": the row has " + std::to_string(field_count_) + " fields");
  }
  return fields_[column];
}

std::uint32_t CsvReader::field_u32(std::size_t column) const {
  const std::string_view text = field(column);
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) {
    fail(column_label(column) + ": " + quoted_excerpt(text) + " does not fit an unsigned 32-bit integer");
  }
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    fail(column_label(column) + ": " + quoted_excerpt(text) + " is not an unsigned integer");
  }
  return value;
}

std::int64_t CsvReader::field_i64(std::size_t column) const {
  const std::string_view text = field(column);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error == std::errc::result_out_of_range) {
    fail(column_label(column) + ": " + quoted_excerpt(text) + " does not fit a 64-bit integer");
  }
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    fail(column_label(column) + ": " + quoted_excerpt(text) + " is not an integer");
  }
  return value;
}

float CsvReader::field_float(std::size_t column) const {
  const std::string_view text = field(column);
  float value = 0.0F;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    fail(column_label(column) + ": " + quoted_excerpt(text) + " is not a finite number");
  }
  return value;
}

}  // namespace movierec
