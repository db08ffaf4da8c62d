#include "ingest/embeddings_csv.hpp"

#include <charconv>
#include <cmath>
#include <unordered_map>

#include "ingest/csv_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// "e0", "e1", ...: built piece by piece (GCC 12 warns falsely about "e" + std::string).
std::string column_name(std::size_t dimension) {
  std::string name = "e";
  name += std::to_string(dimension);
  return name;
}

}  // namespace

std::vector<float> read_embeddings_csv(std::string_view bytes, const std::string& source,
                                       std::span<const std::uint32_t> movie_ids, std::size_t dimension) {
  if (dimension == 0) throw InputError("embeddings need at least one dimension");
  CsvReader reader(bytes, source);
  reader.read_header();
  const std::size_t id_column = reader.require_column("movieId");
  std::vector<std::size_t> columns(dimension);
  for (std::size_t d = 0; d < dimension; ++d) columns[d] = reader.require_column(column_name(d));
  if (reader.header().size() != dimension + 1) {
    reader.fail("has " + std::to_string(reader.header().size() - 1) + " columns besides movieId; the model has " +
                std::to_string(dimension) + " dimensions (e0 to e" + std::to_string(dimension - 1) + ")");
  }
  std::unordered_map<std::uint32_t, std::size_t> row_of;
  for (std::size_t i = 0; i < movie_ids.size(); ++i) row_of.emplace(movie_ids[i], i);
  std::vector<float> rows(movie_ids.size() * dimension);
  std::vector<bool> seen(movie_ids.size(), false);
  while (reader.read_record()) {
    const std::uint32_t id = reader.field_u32(id_column);
    const auto row = row_of.find(id);
    if (row == row_of.end()) reader.fail("movieId " + std::to_string(id) + " is not in the catalog");
    if (seen[row->second]) reader.fail("movieId " + std::to_string(id) + " appears a second time");
    seen[row->second] = true;
    float* out = rows.data() + row->second * dimension;
    double norm = 0.0;
    for (std::size_t d = 0; d < dimension; ++d) {
      out[d] = reader.field_float(columns[d]);
      norm += static_cast<double>(out[d]) * out[d];
    }
    if (std::abs(std::sqrt(norm) - 1.0) > 1e-3) {
      reader.fail("the embedding of movieId " + std::to_string(id) + " has length " + std::to_string(std::sqrt(norm)) +
                  ", not 1: the encoder's vectors are normalised");
    }
  }
  std::string missing;
  std::size_t missing_count = 0;
  for (std::size_t i = 0; i < movie_ids.size(); ++i) {
    if (seen[i]) continue;
    if (++missing_count > 5) continue;
    if (!missing.empty()) missing += ", ";
    missing += std::to_string(movie_ids[i]);
  }
  if (missing_count > 0) {
    throw InputError(source + ": no embedding for " + std::to_string(missing_count) + " of the catalog's " +
                     std::to_string(movie_ids.size()) + " movies (movieId " + missing + (missing_count > 5 ? ", ..." : "") + ")");
  }
  return rows;
}

std::string write_embeddings_csv(std::span<const std::uint32_t> movie_ids, std::span<const float> rows,
                                 std::size_t dimension) {
  if (rows.size() != movie_ids.size() * dimension) throw InputError("embeddings do not match the movies");
  std::string out = "movieId";
  for (std::size_t d = 0; d < dimension; ++d) {
    out += ',';
    out += column_name(d);
  }
  out += '\n';
  char number[32];
  for (std::size_t i = 0; i < movie_ids.size(); ++i) {
    out += std::to_string(movie_ids[i]);
    for (std::size_t d = 0; d < dimension; ++d) {
      // Shortest text that reads back as the same float.
      const auto [end, error] = std::to_chars(number, number + sizeof number, rows[i * dimension + d]);
      out += ',';
      out.append(number, end);
    }
    out += '\n';
  }
  return out;
}

}  // namespace movierec
