#pragma once
// Downloading the MovieLens archive once and keeping a verified copy: libcurl fetches the zip, libzip
// extracts the expected files into a temporary directory next to the cache, every file's SHA-256 is
// checked, and only then is the directory renamed into place. A reader of <cache>/<dataset> therefore
// never sees a partial or unverified dataset, and a verified cached copy is used without network.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace movierec {

// Bytes received so far and the total size (0 while the server has not announced it).
using DownloadProgress = std::function<void(std::uint64_t received, std::uint64_t total)>;

// File name → lowercase hex SHA-256 of the ml-latest-small release (its published SHA256SUMS).
[[nodiscard]] std::map<std::string, std::string> ml_latest_small_sha256();

struct DownloadOptions {
  std::string url = "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip";
  // Relative paths resolve against the working directory: the CLI and the npm scripts run from the
  // repository root, so the default is <repo>/data (ignored by git).
  std::filesystem::path cache_dir = "data";
  // The folder inside the archive, and the folder created under cache_dir.
  std::string dataset_name = "ml-latest-small";
  // Only these files are extracted, and each must match its hash.
  std::map<std::string, std::string> expected_sha256 = ml_latest_small_sha256();
  // Called as bytes arrive and once at the end; when empty, a progress bar is drawn on stderr.
  DownloadProgress progress;
};

// Returns <cache_dir>/<dataset_name>, downloading and verifying it first unless a verified copy is
// already there. Throws movierec::Error naming the URL, HTTP status, archive entry or file whose hash
// does not match; on failure nothing is left in cache_dir.
std::filesystem::path ensure_movielens(const DownloadOptions& options);

// The first problem with the files in `dir` ("movies.csv is missing", "ratings.csv has SHA-256 …,
// expected …"), or nothing when every expected file is present and matches.
[[nodiscard]] std::optional<std::string> find_hash_mismatch(const std::filesystem::path& dir,
                                                            const std::map<std::string, std::string>& expected_sha256);

}  // namespace movierec
