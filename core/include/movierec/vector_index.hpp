#pragma once
// The FAISS index over the movies' L2-normalised vectors; inner product = cosine similarity.
// Reads and writes bytes (never files) so the same code loads the index natively and in WASM.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "movierec/movie_rows.hpp"

namespace faiss {
struct Index;
}

namespace movierec {

struct Neighbour {
  std::uint32_t row;  // catalog index
  float score;        // inner product (cosine for unit vectors)
};

class VectorIndex {
 public:
  VectorIndex();
  explicit VectorIndex(std::unique_ptr<faiss::Index> index);
  VectorIndex(VectorIndex&&) noexcept;
  VectorIndex& operator=(VectorIndex&&) noexcept;
  ~VectorIndex();

  // An exact inner-product index over row-major vectors (copied).
  static VectorIndex flat(std::span<const float> vectors, std::size_t dimension);
  // Parses bytes written by encode(); throws ArtifactError for anything that is not an inner-product
  // index of the expected size and dimension. 8-bit scalar-quantized codes stay codes (rows() decodes
  // them on demand); other encodings are decoded once into floats.
  static VectorIndex decode(std::vector<std::uint8_t> bytes, std::size_t expected_rows);
  std::vector<std::uint8_t> encode() const;

  std::size_t size() const;
  std::size_t dimension() const;
  // Top `count` rows by inner product with `query` (dimension() floats), best first.
  std::vector<Neighbour> search(std::span<const float> query, std::size_t count) const;
  // Many queries at once (row-major, dimension() floats each): FAISS batches them through BLAS and
  // threads. Returns count neighbours per query, query after query; missing results have row UINT32_MAX.
  std::vector<Neighbour> search_many(std::span<const float> queries, std::size_t count) const;
  // Every row's vector, row-major, when the index keeps them as floats (a flat index); empty otherwise.
  // Valid while this index lives, also after a move.
  std::span<const float> flat_vectors() const;
  // Every row as the engine reads it (decode() keeps 8-bit codes as codes, anything else as floats);
  // valid while this index lives, also after a move.
  MovieRows rows() const;
  // The stored (possibly quantized) vector of a row.
  std::vector<float> vector(std::uint32_t row) const;
  void vector_into(std::uint32_t row, std::span<float> out) const;

 private:
  std::unique_ptr<faiss::Index> index_;
};

}  // namespace movierec
