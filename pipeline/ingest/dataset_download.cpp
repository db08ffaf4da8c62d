#include "ingest/dataset_download.hpp"

#include <curl/curl.h>
#include <zip.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <system_error>

#include <unistd.h>

#include "ingest/progress_bar.hpp"
#include "ingest/sha256.hpp"
#include "movierec/errors.hpp"

namespace movierec {

namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Removes a temporary directory on every exit path unless the work inside it was committed.
class TemporaryDirectory {
 public:
  explicit TemporaryDirectory(const std::filesystem::path& parent, const std::string& prefix) {
    std::string pattern = (parent / (prefix + "XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw Error("cannot create a temporary directory in " + parent.string() + ": " +
                  std::generic_category().message(errno));
    }
    path_ = pattern;
  }
  TemporaryDirectory(const TemporaryDirectory&) = delete;
  TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The server answered a Range request with the whole file: the part cannot be resumed.
struct RangeRefused {};

struct Transfer {
  std::FILE* file = nullptr;
  const DownloadProgress* progress = nullptr;
  std::uint64_t reported = 0;
  std::uint64_t resumed_at = 0;  // bytes an earlier attempt already fetched: progress counts from there
};

std::size_t write_to_file(char* data, std::size_t size, std::size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  return std::fwrite(data, size, count, transfer->file) * size;  // a short count makes curl fail
}

int report_progress(void* user, curl_off_t total, curl_off_t received, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  const auto now = static_cast<std::uint64_t>(std::max<curl_off_t>(received, 0));
  if (now != transfer->reported) {
    transfer->reported = now;
    const auto announced = static_cast<std::uint64_t>(std::max<curl_off_t>(total, 0));
    (*transfer->progress)(transfer->resumed_at + now, announced == 0 ? 0 : transfer->resumed_at + announced);
  }
  return 0;
}

// Appends to `destination` from its current size (a Range request) unless `resume` is false. A server
// with nothing past that size (HTTP 416: the part was already whole) leaves it as it is.
void download(const std::string& url, const std::filesystem::path& destination, const DownloadProgress& progress,
              bool resume) {
  static std::once_flag curl_initialised;
  std::call_once(curl_initialised, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("libcurl could not be initialised");
  });
  const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) throw Error("libcurl could not be initialised");

  std::error_code size_error;
  const std::uint64_t have = resume && std::filesystem::exists(destination, size_error)
                                 ? static_cast<std::uint64_t>(std::filesystem::file_size(destination)) : 0;
  const std::unique_ptr<std::FILE, decltype(&std::fclose)> file(std::fopen(destination.c_str(), have > 0 ? "ab" : "wb"),
                                                                &std::fclose);
  if (!file) throw Error("cannot write " + destination.string() + ": " + std::generic_category().message(errno));
  Transfer transfer{file.get(), &progress, 0, have};

  std::array<char, CURL_ERROR_SIZE> error_text{};
  CURL* handle = curl.get();
  curl_easy_setopt(handle, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, error_text.data());
  curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(handle, CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https,file");  // file:// serves an offline mirror
  curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 30L);
  // Give up on a stalled connection (under 1 byte/s for a minute) instead of hanging forever.
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(handle, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(handle, CURLOPT_USERAGENT, "movierec");
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &write_to_file);
  curl_easy_setopt(handle, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, &report_progress);
  curl_easy_setopt(handle, CURLOPT_XFERINFODATA, &transfer);
  if (have > 0) curl_easy_setopt(handle, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(have));

  const CURLcode result = curl_easy_perform(handle);
  if (result == CURLE_HTTP_RETURNED_ERROR) {
    long status = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &status);
    if (status == 416 && have > 0) return;
    throw Error("download of " + url + " failed: HTTP " + std::to_string(status));
  }
  if (result == CURLE_RANGE_ERROR && have > 0) {
    throw RangeRefused();
  }
  if (result != CURLE_OK) {
    const std::string detail = error_text[0] != '\0' ? error_text.data() : curl_easy_strerror(result);
    throw Error("download of " + url + " failed: " + detail);
  }
  if (std::fflush(file.get()) != 0) {
    throw Error("cannot write " + destination.string() + ": " + std::generic_category().message(errno));
  }
  progress(have + transfer.reported, have + transfer.reported);  // the final call always reports completion
}

// Fetches `url` into `part`, resuming what an earlier attempt left there; a server that refuses ranges
// gets one fresh download.
void download_resuming(const std::string& url, const std::filesystem::path& part, const DownloadProgress& progress) {
  try {
    download(url, part, progress, true);
  } catch (const RangeRefused&) {
    download(url, part, progress, false);
  }
}

// The first word of a published checksum file ("<hex>  ml-32m.zip"), lowercased.
std::string published_md5(const std::string& url, const std::filesystem::path& work_dir) {
  const std::filesystem::path path = work_dir / "archive.md5";
  download(url, path, [](std::uint64_t, std::uint64_t) {}, false);
  std::ifstream in(path);
  std::string word;
  in >> word;
  word = lowercase(word);
  if (word.size() != 32 || word.find_first_not_of("0123456789abcdef") != std::string::npos) {
    throw Error(url + " does not start with an MD5 checksum");
  }
  return word;
}

std::string zip_error_text(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

// Extracts <dataset_name>/<file> for every expected file into `destination`. Entries not in the
// list are never written, so archive paths cannot escape the destination.
void extract(const std::filesystem::path& archive_path, const std::string& source, const std::string& dataset_name,
             const std::map<std::string, std::string>& expected_sha256, const std::filesystem::path& destination) {
  int open_error = 0;
  const std::unique_ptr<zip_t, decltype(&zip_discard)> archive(
      zip_open(archive_path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &open_error), &zip_discard);
  if (!archive) throw Error(source + " is not a readable zip archive: " + zip_error_text(open_error));

  std::filesystem::create_directories(destination);
  std::array<char, 1 << 16> buffer{};
  for (const auto& [file_name, hash] : expected_sha256) {
    const std::string entry = dataset_name + "/" + file_name;
    const zip_int64_t index = zip_name_locate(archive.get(), entry.c_str(), 0);
    if (index < 0) throw Error(source + " has no entry " + entry);
    const std::unique_ptr<zip_file_t, decltype(&zip_fclose)> input(
        zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(index), 0), &zip_fclose);
    if (!input) throw Error(source + ": cannot open " + entry + ": " + zip_strerror(archive.get()));

    const std::filesystem::path output_path = destination / file_name;
    std::ofstream output(output_path, std::ios::binary);
    if (!output) throw Error("cannot write " + output_path.string());
    for (;;) {
      const zip_int64_t count = zip_fread(input.get(), buffer.data(), buffer.size());
      if (count < 0) {
        throw Error(source + ": cannot extract " + entry + ": " + zip_error_strerror(zip_file_get_error(input.get())));
      }
      if (count == 0) break;
      output.write(buffer.data(), static_cast<std::streamsize>(count));
    }
    if (!output.flush()) throw Error("cannot write " + output_path.string());
  }
}

}  // namespace

std::map<std::string, std::string> ml_latest_small_sha256() {
  return {
      {"README.txt", "63d22ac138e80fae37021797ed8e1b9424b5239dc576a137422adf783ae3f404"},
      {"links.csv", "97ad18e4e56a09363c65676b6cb3482ce3e2cea2372a24620c1599c843325f31"},
      {"movies.csv", "5a5f32dd9bb3797b8e728a1b98958789d2b13f294a69fdfbc5727f8a9611aa07"},
      {"ratings.csv", "aa289ca83157595d0df6aea1be6a4ded676ddc4385472e8313a8ed9805352646"},
      {"tags.csv", "92a9f8bb7916dceef6151209845788c3643f794dfa79d1feaec7121b5960399d"},
  };
}

DownloadOptions release_download_options(const std::string& dataset) {
  DownloadOptions options;
  if (dataset == "ml-latest-small") return options;
  std::map<std::string, std::string> files{{"movies.csv", ""}, {"ratings.csv", ""}, {"tags.csv", ""}, {"links.csv", ""}};
  if (std::find(std::begin(kMovieLensReleases), std::end(kMovieLensReleases), dataset) == std::end(kMovieLensReleases)) {
    std::string known;
    for (const char* name : kMovieLensReleases) known += std::string(known.empty() ? "" : ", ") + name;
    throw InputError("unknown MovieLens release '" + dataset + "' (known: " + known + ")");
  }
  if (dataset == "ml-25m" || dataset == "ml-latest") {  // the releases with a tag genome
    files["genome-scores.csv"] = "";
    files["genome-tags.csv"] = "";
  }
  options.url = "https://files.grouplens.org/datasets/movielens/" + dataset + ".zip";
  options.archive_md5_url = options.url + ".md5";
  options.dataset_name = dataset;
  options.expected_sha256 = std::move(files);
  return options;
}

std::optional<std::string> find_hash_mismatch(const std::filesystem::path& dir,
                                              const std::map<std::string, std::string>& expected_sha256) {
  for (const auto& [file_name, expected] : expected_sha256) {
    const std::filesystem::path path = dir / file_name;
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) return file_name + " is missing";
    if (expected.empty()) continue;  // no pinned hash: present is all we can check
    const std::string actual = sha256_hex_of_file(path);
    if (actual != lowercase(expected)) {
      return file_name + " has SHA-256 " + actual + ", expected " + lowercase(expected);
    }
  }
  return std::nullopt;
}

std::filesystem::path ensure_movielens(const DownloadOptions& options) {
  if (options.dataset_name.empty() || options.dataset_name.find('/') != std::string::npos ||
      options.dataset_name == "." || options.dataset_name == "..") {
    throw Error("invalid dataset name '" + options.dataset_name + "'");
  }
  for (const auto& [file_name, hash] : options.expected_sha256) {
    if (file_name.empty() || file_name.find('/') != std::string::npos || file_name == "." || file_name == "..") {
      throw Error("invalid dataset file name '" + file_name + "'");
    }
  }
  const std::filesystem::path final_dir = options.cache_dir / options.dataset_name;
  std::error_code error;
  if (std::filesystem::is_directory(final_dir, error)) {
    const auto problem = find_hash_mismatch(final_dir, options.expected_sha256);
    if (!problem) return final_dir;
    std::cerr << "Cached " << final_dir.string() << " does not verify (" << *problem << "); downloading again\n";
  }

  std::filesystem::create_directories(options.cache_dir);
  // Inside the cache directory, so the final rename stays on one file system and is atomic.
  const TemporaryDirectory work(options.cache_dir, "." + options.dataset_name + ".download-");
  const std::string archive_name = options.dataset_name + ".zip";
  // Beside the cache, not in the work directory: what an interrupted transfer fetched is kept for the
  // next attempt. Anything that fails verification is deleted.
  const std::filesystem::path archive_path = options.cache_dir / ("." + archive_name + ".part");
  const std::string source = archive_name + " (from " + options.url + ")";
  const std::filesystem::path extracted = work.path() / options.dataset_name;
  {
    std::optional<ProgressBar> bar;
    DownloadProgress progress = options.progress;
    if (!progress) {
      bar.emplace("Downloading " + archive_name, ProgressBar::Unit::megabytes);
      progress = [&bar](std::uint64_t received, std::uint64_t total) { bar->update(received, total); };
    }
    const bool resumable = std::filesystem::exists(archive_path, error);
    try {
      download_resuming(options.url, archive_path, progress);
    } catch (...) {
      // An HTTP error before any byte arrived leaves an empty part: nothing worth resuming.
      if (!resumable && std::filesystem::file_size(archive_path, error) == 0 && !error) {
        std::filesystem::remove(archive_path, error);
      }
      throw;
    }
  }
  try {
    if (!options.archive_md5_url.empty()) {
      const std::string expected = published_md5(options.archive_md5_url, work.path());
      if (const std::string actual = md5_hex_of_file(archive_path); actual != expected) {
        throw Error(source + ": MD5 " + actual + ", " + options.archive_md5_url + " says " + expected +
                    " (the download is corrupted or the archive changed upstream)");
      }
    }
    extract(archive_path, source, options.dataset_name, options.expected_sha256, extracted);
    if (const auto problem = find_hash_mismatch(extracted, options.expected_sha256)) {
      throw Error(source + ": " + *problem + " (the download is corrupted or the archive changed upstream)");
    }
  } catch (...) {
    std::filesystem::remove(archive_path, error);
    throw;
  }
  std::filesystem::remove(archive_path);

  if (std::filesystem::exists(final_dir, error)) {
    // An unverifiable copy: move it into the work directory, which is deleted on return.
    std::filesystem::rename(final_dir, work.path() / "stale");
  }
  std::filesystem::rename(extracted, final_dir, error);
  if (error) {
    // Another process may have finished the same download first; its copy is as good as ours.
    if (std::filesystem::is_directory(final_dir) && !find_hash_mismatch(final_dir, options.expected_sha256)) {
      return final_dir;
    }
    throw Error("cannot move the verified dataset to " + final_dir.string() + ": " + error.message());
  }
  return final_dir;
}

}  // namespace movierec
