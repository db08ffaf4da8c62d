#include "movierec/vector_index.hpp"

#include <faiss/Index.h>
#include <faiss/IndexFlat.h>
#include <faiss/IndexScalarQuantizer.h>
#include <faiss/impl/FaissException.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "movierec/byte_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {
// FAISS's reader trusts the sizes it reads (it allocates up to 2^40 elements before reading them, and
// does not check that a scalar-quantizer index holds ntotal codes), so the layout of the index types
// the pipeline writes -- IndexFlatIP ("IxFI") and IndexScalarQuantizer ("IxSQ") -- is walked here
// first with bounds-checked reads; anything else is refused before FAISS sees it.
void check_faiss_layout(std::span<const std::uint8_t> bytes, std::size_t expected_rows) {
  ByteReader in(bytes, "index.faiss");
  const auto fourcc = std::string(in.read_bytes(4, "index type"));
  if (fourcc != "IxFI" && fourcc != "IxSQ") in.fail("has index type '" + fourcc + "', which this engine does not load");
  const auto d = in.read<std::int32_t>("dimension");
  const auto ntotal = in.read<std::int64_t>("vector count");
  in.read_bytes(16, "header padding");
  const auto is_trained = in.read<std::uint8_t>("is_trained");
  const auto metric = in.read<std::int32_t>("metric");
  if (d <= 0 || d > 4096) in.fail("has an invalid dimension " + std::to_string(d));
  if (ntotal < 0 || static_cast<std::uint64_t>(ntotal) != expected_rows) {
    in.fail("holds " + std::to_string(ntotal) + " vectors but the catalog has " + std::to_string(expected_rows) +
            " movies (artifacts from different builds?)");
  }
  if (is_trained != 1) in.fail("is not trained");
  if (metric != 0) in.fail("does not use the inner-product metric");
  const auto dim = static_cast<std::uint64_t>(d);
  const auto rows = static_cast<std::uint64_t>(ntotal);
  if (fourcc == "IxFI") {
    const auto floats = in.read<std::uint64_t>("vector data size");
    if (floats != rows * dim) in.fail("has " + std::to_string(floats) + " floats of vector data, expected rows x dimension");
    in.require_elements(floats, 4, "vector data size");
    in.skip(floats * 4, "vector data");
  } else {
    const auto qtype = in.read<std::int32_t>("quantizer type");
    in.read<std::int32_t>("range statistic");
    in.read<float>("range statistic argument");
    const auto sq_d = in.read<std::uint64_t>("quantizer dimension");
    const auto code_size = in.read<std::uint64_t>("code size");
    // Code bytes and trained parameters per quantizer type, as FAISS 1.7.3 defines them.
    std::uint64_t expected_code_size = 0, expected_trained = 0;
    switch (qtype) {
      case 0: expected_code_size = dim; expected_trained = 2 * dim; break;            // QT_8bit
      case 1: expected_code_size = (dim + 1) / 2; expected_trained = 2 * dim; break;  // QT_4bit
      case 2: expected_code_size = dim; expected_trained = 2; break;                  // QT_8bit_uniform
      case 3: expected_code_size = (dim + 1) / 2; expected_trained = 2; break;        // QT_4bit_uniform
      case 4: expected_code_size = 2 * dim; expected_trained = 0; break;              // QT_fp16
      case 6: expected_code_size = (dim * 6 + 7) / 8; expected_trained = 2 * dim; break;  // QT_6bit
      default: in.fail("has an unsupported quantizer type " + std::to_string(qtype));
    }
    if (sq_d != dim || code_size != expected_code_size) in.fail("has quantizer sizes that do not match its dimension");
    const auto trained = in.read<std::uint64_t>("trained parameter count");
    if (trained != expected_trained) in.fail("has " + std::to_string(trained) + " trained parameters, expected " + std::to_string(expected_trained));
    in.skip(trained * 4, "trained parameters");
    const auto codes = in.read<std::uint64_t>("code bytes");
    if (codes != rows * code_size) in.fail("has " + std::to_string(codes) + " code bytes, expected rows x code size");
    in.skip(codes, "codes");
  }
  in.expect_end();
}

// How the engine keeps a scalar-quantized index: 8-bit codes as they are (MovieRows reads them one row
// at a time, a quarter of the floats' memory); any other encoding decoded once into a flat float index.
std::unique_ptr<faiss::Index> to_engine_form(std::unique_ptr<faiss::Index> index) {
  auto* quantized = dynamic_cast<faiss::IndexScalarQuantizer*>(index.get());
  if (quantized == nullptr || quantized->sq.qtype == faiss::ScalarQuantizer::QT_8bit) return index;
  auto flat = std::make_unique<faiss::IndexFlatIP>(quantized->d);
  flat->codes.resize(static_cast<std::size_t>(quantized->ntotal) * static_cast<std::size_t>(quantized->d) * sizeof(float));
  flat->ntotal = quantized->ntotal;
  quantized->sa_decode(quantized->ntotal, quantized->codes.data(), flat->get_xb());
  return flat;
}

}  // namespace

VectorIndex::VectorIndex() = default;
VectorIndex::VectorIndex(std::unique_ptr<faiss::Index> index) : index_(std::move(index)) {}
VectorIndex::VectorIndex(VectorIndex&&) noexcept = default;
VectorIndex& VectorIndex::operator=(VectorIndex&&) noexcept = default;
VectorIndex::~VectorIndex() = default;

VectorIndex VectorIndex::flat(std::span<const float> vectors, std::size_t dimension) {
  if (dimension == 0 || vectors.size() % dimension != 0) throw InputError("vectors do not match the dimension");
  auto index = std::make_unique<faiss::IndexFlatIP>(static_cast<faiss::Index::idx_t>(dimension));
  index->add(static_cast<faiss::Index::idx_t>(vectors.size() / dimension), vectors.data());
  return VectorIndex(std::move(index));
}

VectorIndex VectorIndex::decode(std::vector<std::uint8_t> bytes, std::size_t expected_rows) {
  check_faiss_layout(bytes, expected_rows);
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
  std::vector<std::uint8_t>().swap(reader.data);  // the file's bytes are not needed any more
  if (index->metric_type != faiss::METRIC_INNER_PRODUCT) {
    throw ArtifactError("index.faiss does not use the inner-product metric");
  }
  if (static_cast<std::size_t>(index->ntotal) != expected_rows) {
    throw ArtifactError("index.faiss holds " + std::to_string(index->ntotal) + " vectors but the catalog has " +
                        std::to_string(expected_rows) + " movies (artifacts from different builds?)");
  }
  return VectorIndex(to_engine_form(std::move(index)));
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

std::vector<Neighbour> VectorIndex::search_many(std::span<const float> queries, std::size_t count) const {
  const auto dim = dimension();
  if (dim == 0 || queries.size() % dim != 0) throw InputError("query vectors do not match the index dimension");
  const auto n = queries.size() / dim;
  count = std::min(count, size());
  std::vector<float> scores(n * count);
  std::vector<faiss::Index::idx_t> rows(n * count);
  if (n > 0 && count > 0) {
    index_->search(static_cast<faiss::Index::idx_t>(n), queries.data(), static_cast<faiss::Index::idx_t>(count),
                   scores.data(), rows.data());
  }
  std::vector<Neighbour> result(n * count);
  for (std::size_t i = 0; i < result.size(); ++i) {
    result[i] = {rows[i] < 0 ? UINT32_MAX : static_cast<std::uint32_t>(rows[i]), scores[i]};
  }
  return result;
}

std::span<const float> VectorIndex::flat_vectors() const {
  const auto* flat = dynamic_cast<const faiss::IndexFlat*>(index_.get());
  if (flat == nullptr) return {};
  return {flat->get_xb(), size() * dimension()};
}

MovieRows VectorIndex::rows() const {
  if (dynamic_cast<const faiss::IndexFlat*>(index_.get()) != nullptr) return MovieRows::floats(flat_vectors(), dimension());
  const auto* quantized = dynamic_cast<const faiss::IndexScalarQuantizer*>(index_.get());
  if (quantized == nullptr || quantized->sq.qtype != faiss::ScalarQuantizer::QT_8bit) {
    throw InputError("the engine reads flat or 8-bit scalar-quantized indexes only");
  }
  const std::size_t d = dimension();
  const std::span<const float> trained(quantized->sq.trained);  // vmin, then vdiff (FAISS's layout)
  return MovieRows::eight_bit(quantized->codes, trained.first(d), trained.subspan(d, d));
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
