#include "artifacts/artifact_loader.hpp"

#include <algorithm>

#include "artifacts/artifact_writer.hpp"
#include "ingest/sha256.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace fs = std::filesystem;

std::vector<std::uint8_t> read_verified_artifact(const fs::path& dir, const nlohmann::json& manifest,
                                                 const std::string& name) {
  const auto& files = manifest.at("files");
  if (!files.contains(name)) throw ArtifactError("manifest.json does not list " + name);
  const auto& entry = files.at(name);
  const fs::path path = dir / name;
  if (!fs::exists(path)) throw ArtifactError(path.string() + " is missing");
  auto bytes = read_file_bytes(path);
  if (bytes.size() != entry.at("bytes").get<std::size_t>()) {
    throw ArtifactError(path.string() + " has " + std::to_string(bytes.size()) + " bytes, the manifest says " +
                        std::to_string(entry.at("bytes").get<std::size_t>()) + " (truncated or from another build)");
  }
  if (sha256_hex(bytes) != entry.at("sha256").get<std::string>()) {
    throw ArtifactError(path.string() + " does not match its SHA-256 in the manifest (corrupted or from another build)");
  }
  return bytes;
}

namespace {
// The browser checks each block of ratings.bin it reads against users.bin; so does every native load,
// so a build whose two files disagree never gets past validate.
void check_rating_blocks(const RatingsMatrix& ratings, std::span<const std::uint8_t> file) {
  const auto digests = ratings.block_sha256();
  for (std::size_t block = 0; block < digests.size(); ++block) {
    const std::size_t start = block * RatingsMatrix::kBlockBytes;
    const auto bytes = file.subspan(start, std::min<std::size_t>(RatingsMatrix::kBlockBytes, file.size() - start));
    if (sha256_digest(bytes) != digests[block]) {
      throw ArtifactError("ratings.bin block " + std::to_string(block) + " does not match its SHA-256 in users.bin");
    }
  }
}
}  // namespace

LoadedArtifacts load_artifacts(const fs::path& dir) {
  LoadedArtifacts loaded;
  loaded.dir = dir;
  const fs::path manifest_path = dir / "manifest.json";
  try {
    const auto bytes = read_file_bytes(manifest_path);
    loaded.manifest = nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& e) {
    throw ArtifactError(manifest_path.string() + " is not valid JSON: " + e.what());
  } catch (const Error& e) {
    throw ArtifactError(std::string(e.what()) + " (build the artifacts first: movierec build)");
  }
  try {
    const auto version = loaded.manifest.at("format_version").get<int>();
    if (version != kArtifactFormatVersion) {
      throw ArtifactError(manifest_path.string() + " has format version " + std::to_string(version) +
                          ", this movierec reads version " + std::to_string(kArtifactFormatVersion));
    }
    const auto& model = loaded.manifest.at("model");
    loaded.do_lower_case = model.at("do_lower_case").get<bool>();
    loaded.max_seq_length = model.at("max_seq_length").get<std::size_t>();
    const auto catalog_bytes = read_verified_artifact(dir, loaded.manifest, "catalog.bin");
    const auto users_bytes = read_verified_artifact(dir, loaded.manifest, "users.bin");
    const auto ratings_bytes = read_verified_artifact(dir, loaded.manifest, "ratings.bin");
    auto index_bytes = read_verified_artifact(dir, loaded.manifest, "index.faiss");
    const auto vocab_bytes = read_verified_artifact(dir, loaded.manifest, "vocab.txt");
    auto catalog = Catalog::decode(catalog_bytes);
    auto ratings = RatingsMatrix::decode(users_bytes, ratings_bytes, catalog.size());
    check_rating_blocks(ratings, ratings_bytes);
    auto index = VectorIndex::decode(std::move(index_bytes), catalog.size());
    // "hybrid" says how the index's rows split into content and collaborative blocks; an older,
    // content-only manifest has none.
    const auto hybrid = loaded.manifest.find("hybrid");
    const HybridSpace space =
        hybrid_space_from_json(hybrid == loaded.manifest.end() ? "null" : hybrid->dump(), index.dimension());
    const auto dimension = model.at("dimension").get<std::size_t>();
    if (space.content_dimension != dimension) {
      throw ArtifactError("index.faiss has a content block of " + std::to_string(space.content_dimension) +
                          " dimensions, the model has " + std::to_string(dimension));
    }
    loaded.vocab.assign(vocab_bytes.begin(), vocab_bytes.end());
    loaded.recommender = std::make_unique<Recommender>(std::move(catalog), std::move(ratings), std::move(index), space);
  } catch (const nlohmann::json::exception& e) {
    throw ArtifactError(manifest_path.string() + " is missing a field: " + e.what());
  }
  return loaded;
}

}  // namespace movierec
