#include "index_builder.hpp"

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

double recall_at_10(const VectorIndex& approximate, std::span<const float> vectors, std::size_t dim) {
  const auto exact = build_index(vectors, dim, "Flat");
  const std::size_t rows = vectors.size() / dim;
  constexpr std::size_t k = 10;
  double found = 0;
  for (std::size_t q = 0; q < rows; ++q) {
    const auto query = vectors.subspan(q * dim, dim);
    const auto truth = exact.search(query, k);
    const auto got = approximate.search(query, k);
    std::unordered_set<std::uint32_t> truth_rows;
    for (const auto& n : truth) truth_rows.insert(n.row);
    for (const auto& n : got) found += truth_rows.contains(n.row) ? 1.0 : 0.0;
  }
  return found / static_cast<double>(rows * std::min(k, rows));
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
  bool chosen = false;
  for (const auto& [name, factory] : candidates) {
    auto index = build_index(vectors, dim, factory);
    IndexCandidate measured{name, factory, recall_at_10(index, vectors, dim), 0, 0};
    const auto bytes = index.encode();
    measured.bytes = bytes.size();
    measured.gzip_bytes = gzip_size(bytes);
    choice.measured.push_back(measured);
    if (!chosen && measured.recall_at_10 >= kMinRecallAt10) {
      choice.index = std::move(index);
      choice.chosen = measured;
      chosen = true;
    }
  }
  return choice;
}

}  // namespace movierec
