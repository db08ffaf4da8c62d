#pragma once
// Loads an artifact folder natively, checking what the browser checks: manifest format version, each
// file's size and SHA-256, then the engine's own parsing of every file.
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "movierec/recommender.hpp"

namespace movierec {

struct LoadedArtifacts {
  std::filesystem::path dir;
  nlohmann::json manifest;
  std::unique_ptr<Recommender> recommender;
  std::string vocab;  // vocab.txt contents
  bool do_lower_case = true;
  std::size_t max_seq_length = 256;

  std::filesystem::path model_path() const { return dir / manifest.at("model").at("file").get<std::string>(); }
};

// Throws ArtifactError naming the file and what is wrong with it.
LoadedArtifacts load_artifacts(const std::filesystem::path& dir);

// Reads one file listed in the manifest, verifying size and SHA-256.
std::vector<std::uint8_t> read_verified_artifact(const std::filesystem::path& dir, const nlohmann::json& manifest,
                                                 const std::string& name);

}  // namespace movierec
