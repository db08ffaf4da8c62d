#pragma once
// Writes the artifact folder all at once: files go to a temporary sibling folder, the manifest (with each
// file's size and SHA-256) is written last, and only then is the folder renamed into place. A failed or
// interrupted build leaves the previous artifacts untouched and nothing half-written.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace movierec {

inline constexpr int kArtifactFormatVersion = 1;

struct ArtifactFile {
  std::string name;  // plain file name, no folders
  std::vector<std::uint8_t> bytes;
};

// manifest: everything but "files", which this fills in. Returns the manifest as written.
nlohmann::json write_artifacts(const std::filesystem::path& out_dir, const std::vector<ArtifactFile>& files,
                               nlohmann::json manifest);

std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path);  // throws Error naming the path

}  // namespace movierec
