#pragma once
// Builds the FAISS index the browser ships, choosing its on-the-wire precision by measurement: every
// candidate encoding is scored for recall@10 against exact search and for gzipped size, and the
// smallest one that keeps recall within 1% of exact wins. (The engine decodes it once into a float
// index for SIMD search; see VectorIndex::decode.)
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "movierec/vector_index.hpp"

namespace movierec {

struct IndexCandidate {
  std::string name;          // "flat-fp32", "sq-fp16", "sq8", "sq6", "sq4"
  std::string faiss_factory;  // the faiss::index_factory description
  double recall_at_10 = 0;   // vs exact inner-product search, a spread sample of movies as queries
  std::size_t bytes = 0;
  std::size_t gzip_bytes = 0;
};

struct IndexChoice {
  VectorIndex index;
  IndexCandidate chosen;
  std::vector<IndexCandidate> measured;
};

inline constexpr double kMinRecallAt10 = 0.99;  // the product bar is 0.95; stay within 1% of exact

// vectors: row-major [rows, dim], L2-normalised.
VectorIndex build_index(std::span<const float> vectors, std::size_t dim, const std::string& faiss_factory);
IndexChoice choose_index(std::span<const float> vectors, std::size_t dim);
double recall_at_10(const VectorIndex& approximate, std::span<const float> vectors, std::size_t dim);
std::size_t gzip_size(std::span<const std::uint8_t> bytes);

}  // namespace movierec
