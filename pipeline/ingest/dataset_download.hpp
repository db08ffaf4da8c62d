#pragma once
// Downloading a MovieLens archive once and keeping a verified copy: libcurl fetches the zip into
// <cache>/.<dataset>.zip.part (an interrupted download resumes from there with an HTTP Range request),
// its MD5 is checked against the one GroupLens publishes beside it when there is one, libzip extracts the
// expected files into a temporary directory next to the cache, every file with a pinned SHA-256 is
// checked, and only then is the directory renamed into place. A reader of <cache>/<dataset> therefore
// never sees a partial or unverified dataset, and a cached copy is used without network.
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

// The releases `MOVIELENS_DATASET` and `fetch-data --dataset` name, default first.
inline constexpr const char* kMovieLensReleases[] = {"ml-latest-small", "ml-25m", "ml-32m", "ml-latest"};

struct DownloadOptions {
  std::string url = "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip";
  // Relative paths resolve against the working directory: the CLI and the npm scripts run from the
  // repository root, so the default is <repo>/data (ignored by git).
  std::filesystem::path cache_dir = "data";
  // The folder inside the archive, and the folder created under cache_dir.
  std::string dataset_name = "ml-latest-small";
  // Only these files are extracted, and each must match its hash; an empty hash means none is pinned
  // (the archive's MD5 vouches for the file).
  std::map<std::string, std::string> expected_sha256 = ml_latest_small_sha256();
  // Where the archive's MD5 is published ("<hex>  <name>.zip"); empty: no archive check.
  std::string archive_md5_url;
  // Called as bytes arrive and once at the end; when empty, a progress bar is drawn on stderr.
  DownloadProgress progress;
};

// The options for a GroupLens release by name: its URL, the files the pipeline reads (ml-25m's and
// ml-latest's tag genome too), our pinned SHA-256s where we know them (ml-latest-small) and the MD5
// GroupLens publishes beside each large zip. Throws InputError naming the known releases otherwise.
[[nodiscard]] DownloadOptions release_download_options(const std::string& dataset);

// Returns <cache_dir>/<dataset_name>, downloading and verifying it first unless a verified copy is
// already there. Throws movierec::Error naming the URL, HTTP status, archive entry or file whose hash
// does not match; on failure nothing is left in cache_dir.
std::filesystem::path ensure_movielens(const DownloadOptions& options);

// The first problem with the files in `dir` ("movies.csv is missing", "ratings.csv has SHA-256 …,
// expected …"), or nothing when every expected file is present and matches.
[[nodiscard]] std::optional<std::string> find_hash_mismatch(const std::filesystem::path& dir,
                                                            const std::map<std::string, std::string>& expected_sha256);

}  // namespace movierec
