#pragma once
// Builds the FAISS index the browser ships, choosing its on-the-wire precision by measurement: every
// candidate encoding is scored for recall@10 against exact search and for gzipped size, and the
// smallest one that keeps recall@10 >= kMinRecallAt10 wins. (The engine decodes it once into a float
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

// The product bar. On ml-latest-small the hybrid's 578 dimensions keep 0.983 with SQ8 and 0.944 with
// SQ6, so SQ8 ships; on a full-size catalog (87,585 movies) SQ8 keeps 0.962 and the next encoding,
// fp16, would double a download of tens of megabytes (84 MB instead of 38 MB gzipped) for the last 4%.
// `movierec eval` scores the served hybrid through the shipped encoding, so what this bar costs in
// recommendation quality is measured.
inline constexpr double kMinRecallAt10 = 0.95;

// vectors: row-major [rows, dim], L2-normalised.
VectorIndex build_index(std::span<const float> vectors, std::size_t dim, const std::string& faiss_factory);
IndexChoice choose_index(std::span<const float> vectors, std::size_t dim);
// The vectors as the browser sees them: encoded with faiss_factory, written, read back and decoded.
std::vector<float> round_trip(std::span<const float> vectors, std::size_t dim, const std::string& faiss_factory);
double recall_at_10(const VectorIndex& approximate, std::span<const float> vectors, std::size_t dim);
std::size_t gzip_size(std::span<const std::uint8_t> bytes);

}  // namespace movierec
