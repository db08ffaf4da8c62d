#include "movierec/vector_index.hpp"

#include <faiss/Index.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {
// The index types the pipeline writes (FAISS fourcc codes). Anything else is refused before FAISS parses
// it, so a corrupted or foreign file cannot reach code paths we never exercise.
constexpr const char* kAcceptedFourccs[] = {"IxFI", "IxSQ", "IHNf", "IHNs"};
}  // namespace

VectorIndex::VectorIndex() = default;
VectorIndex::VectorIndex(std::unique_ptr<faiss::Index> index) : index_(std::move(index)) {}
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;
VectorIndex::~VectorIndex() = default;

VectorIndex VectorIndex::decode(std::vector<std::uint8_t> bytes, std::size_t expected_rows) {
  if (bytes.size() < 4) throw ArtifactError("index.faiss is truncated: " + std::to_string(bytes.size()) + " bytes");
  const std::string fourcc(reinterpret_cast<const char*>(bytes.data()), 4);
  if (std::none_of(std::begin(kAcceptedFourccs), std::end(kAcceptedFourccs),
                   [&](const char* code) { return fourcc == code; })) {
    throw ArtifactError("index.faiss has index type '" + fourcc + "', which this engine does not load");
  }
  faiss::VectorIOReader reader;
  reader.data = std::move(bytes);
  std::unique_ptr<faiss::Index> index;
  try {
    index.reset(faiss::read_index(&reader));
  } catch (const faiss::FaissException& e) {
    throw ArtifactError(std::string("index.faiss is corrupted: ") + e.what());
  } catch (const std::bad_alloc&) {
    throw ArtifactError("index.faiss is corrupted: it declares more data than memory allows");
  }
  if (reader.rp != reader.data.size()) throw ArtifactError("index.faiss has unexpected trailing bytes");
  if (index->metric_type != faiss::METRIC_INNER_PRODUCT) {
    throw ArtifactError("index.faiss does not use the inner-product metric");
  }
  if (static_cast<std::size_t>(index->ntotal) != expected_rows) {
    throw ArtifactError("index.faiss holds " + std::to_string(index->ntotal) + " vectors but the catalog has " +
                        std::to_string(expected_rows) + " movies (artifacts from different builds?)");
  }
  if (index->d <= 0 || index->d > 4096) throw ArtifactError("index.faiss has an invalid dimension");
  return VectorIndex(std::move(index));
}

std::vector<std::uint8_t> VectorIndex::encode() const {
  faiss::VectorIOWriter writer;
  faiss::write_index(index_.get(), &writer);
  return std::move(writer.data);
}

std::size_t VectorIndex::size() const { return index_ ? static_cast<std::size_t>(index_->ntotal) : 0; }
std::size_t VectorIndex::dimension() const { return index_ ? static_cast<std::size_t>(index_->d) : 0; }

std::vector<Neighbour> VectorIndex::search(std::span<const float> query, std::size_t count) const {
  if (query.size() != dimension()) {
    throw InputError("query vector has " + std::to_string(query.size()) + " dimensions, the index has " +
                     std::to_string(dimension()));
  }
  count = std::min(count, size());
  if (count == 0) return {};
  std::vector<float> scores(count);
  std::vector<faiss::Index::idx_t> rows(count);
  index_->search(1, query.data(), static_cast<faiss::Index::idx_t>(count), scores.data(), rows.data());
  std::vector<Neighbour> result;
  result.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (rows[i] < 0) break;  // FAISS pads with -1 when fewer results exist
    result.push_back({static_cast<std::uint32_t>(rows[i]), scores[i]});
  }
  return result;
}

std::vector<float> VectorIndex::vector(std::uint32_t row) const {
  std::vector<float> out(dimension());
  vector_into(row, out);
  return out;
}

void VectorIndex::vector_into(std::uint32_t row, std::span<float> out) const {
  if (row >= size()) throw InputError("movie index " + std::to_string(row) + " is outside the index");
  if (out.size() != dimension()) throw InputError("output span does not match the index dimension");
  index_->reconstruct(static_cast<faiss::Index::idx_t>(row), out.data());
}

}  // namespace movierec
