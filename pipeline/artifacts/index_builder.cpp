#include "artifacts/index_builder.hpp"

#include <faiss/IndexFlat.h>
#include <faiss/index_factory.h>
#include <zlib.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "movierec/errors.hpp"

namespace movierec {

VectorIndex build_index(std::span<const float> vectors, std::size_t dim, const std::string& faiss_factory) {
  if (dim == 0 || vectors.size() % dim != 0) throw Error("vector data does not match the dimension");
  const auto rows = static_cast<faiss::Index::idx_t>(vectors.size() / dim);
  std::unique_ptr<faiss::Index> index(
      faiss::index_factory(static_cast<int>(dim), faiss_factory.c_str(), faiss::METRIC_INNER_PRODUCT));
  if (!index->is_trained) index->train(rows, vectors.data());
  index->add(rows, vectors.data());
  return VectorIndex(std::move(index));
}

std::vector<float> round_trip(std::span<const float> vectors, std::size_t dim, const std::string& faiss_factory) {
  const auto shipped = VectorIndex::decode(build_index(vectors, dim, faiss_factory).encode(), vectors.size() / dim);
  return shipped.rows().all();
}

double recall_at_10(const VectorIndex& approximate, std::span<const float> vectors, std::size_t dim) {
  constexpr std::size_t k = 10;
  const std::size_t rows = vectors.size() / dim;
  if (rows == 0) return 1.0;
  // A fixed, evenly spread sample of at most kRecallQueries movies is the query set (the estimate's
  // standard error stays under 0.003); both searches run batched.
  constexpr std::size_t kRecallQueries = 1000;
  const std::size_t stride = (rows + kRecallQueries - 1) / kRecallQueries;
  std::vector<float> queries;
  for (std::size_t q = 0; q < rows; q += stride) queries.insert(queries.end(), vectors.begin() + q * dim, vectors.begin() + (q + 1) * dim);
  const std::size_t query_count = queries.size() / dim;
  const auto truth = build_index(vectors, dim, "Flat").search_many(queries, k);
  const auto got = approximate.search_many(queries, k);
  const std::size_t per_query = std::min(k, rows);
  double found = 0;
  for (std::size_t q = 0; q < query_count; ++q) {
    std::unordered_set<std::uint32_t> truth_rows;
    for (std::size_t i = 0; i < per_query; ++i) truth_rows.insert(truth[q * per_query + i].row);
    for (std::size_t i = 0; i < per_query; ++i) found += truth_rows.contains(got[q * per_query + i].row) ? 1.0 : 0.0;
  }
  return found / static_cast<double>(query_count * per_query);
}

std::size_t gzip_size(std::span<const std::uint8_t> bytes) {
  uLongf size = compressBound(static_cast<uLong>(bytes.size()));
  std::vector<Bytef> out(size);
  if (compress2(out.data(), &size, bytes.data(), static_cast<uLong>(bytes.size()), 9) != Z_OK) {
    throw Error("zlib could not compress the index for measuring");
  }
  return size;
}

IndexChoice choose_index(std::span<const float> vectors, std::size_t dim) {
  // Smallest first: the first candidate that keeps recall wins; exact float search is the fallback.
  const std::pair<const char*, const char*> candidates[] = {
      {"sq4", "SQ4"}, {"sq6", "SQ6"}, {"sq8", "SQ8"}, {"sq-fp16", "SQfp16"}, {"flat-fp32", "Flat"}};
  IndexChoice choice;
  for (const auto& [name, factory] : candidates) {
    auto index = build_index(vectors, dim, factory);
    const auto bytes = index.encode();
    // Measured on the index as the engine will load it (decoded from the shipped bytes), which is also
    // the fast way: the decoded floats are searched in one batched BLAS call.
    const auto shipped = VectorIndex::decode(bytes, vectors.size() / dim);
    IndexCandidate measured{name, factory, recall_at_10(shipped, vectors, dim), 0, 0};
    measured.bytes = bytes.size();
    measured.gzip_bytes = gzip_size(bytes);
    choice.measured.push_back(measured);
    if (measured.recall_at_10 >= kMinRecallAt10) {
      choice.index = std::move(index);
      choice.chosen = measured;
      break;  // larger encodings cannot win
    }
  }
  return choice;
}

}  // namespace movierec
