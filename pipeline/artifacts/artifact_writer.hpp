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

// manifest.json's format_version. 2: catalog.bin carries overviews, the index adds the linear and prior
// blocks and `hybrid.queries` holds the settings per kind of question. 3: users.bin holds the directory
// of MovieLens users and ratings.bin only their ratings, read one user at a time. 4: catalog.bin carries
// the series the build derived. 5: `hybrid.queries` profiles carry `disliked_neighbours`. 6:
// `hybrid.queries.similar` carries `genre_bonus`.
inline constexpr int kArtifactFormatVersion = 6;

struct ArtifactFile {
  std::string name;  // plain file name, no folders
  std::vector<std::uint8_t> bytes;
};

// manifest: everything but "files", which this fills in. Returns the manifest as written.
nlohmann::json write_artifacts(const std::filesystem::path& out_dir, const std::vector<ArtifactFile>& files,
                               nlohmann::json manifest);

std::vector<std::uint8_t> read_file_bytes(const std::filesystem::path& path);  // throws Error naming the path

}  // namespace movierec
