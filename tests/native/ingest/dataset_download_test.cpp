#include "ingest/dataset_download.hpp"

#include <gtest/gtest.h>

#include "fixture_dataset.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zip.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ingest/movielens_dataset.hpp"
#include "ingest/sha256.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

namespace fs = std::filesystem;

const fs::path kTinyDataset = movierec::testing::materialize_fixture("movielens_tiny");
const std::vector<std::string> kTinyFiles = {"README.txt", "links.csv", "movies.csv", "ratings.csv", "tags.csv"};

fs::path movielens_dir() {
  if (const char* dir = std::getenv("MOVIELENS_DIR")) return dir;
  return fs::path(MOVIEREC_SOURCE_DIR) / ".." / "shared" / "data" / "ml-latest-small";
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A one-connection-at-a-time HTTP/1.1 server on 127.0.0.1 and an ephemeral port, serving fixed
// bodies by path. `declared_length` larger than the body makes it hang up mid-transfer.
class LocalHttpServer {
 public:
  struct Response {
    int status = 200;
    std::string body;
    std::size_t declared_length = 0;  // 0 = the body's size
    bool ranges = true;               // answers "Range: bytes=N-" with 206 (416 past the end)
  };

  explicit LocalHttpServer(std::map<std::string, Response> routes) : routes_(std::move(routes)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (listener_ < 0) throw std::runtime_error("socket() failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listener_, 8) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ::close(listener_);
      throw std::runtime_error("cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;
  ~LocalHttpServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);  // wakes the blocked accept()
    thread_.join();
    ::close(listener_);
  }

  [[nodiscard]] std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  [[nodiscard]] std::size_t requests() const { return requests_; }
  // The N of the last "Range: bytes=N-" received, or -1.
  [[nodiscard]] long long last_range_start() const { return last_range_start_; }

 private:
  void serve() {
    while (!stopping_) {
      const int client = ::accept(listener_, nullptr, nullptr);
      if (client < 0) continue;  // shut down (stopping_ is set) or a transient error
      answer(client);
      ::close(client);
    }
  }

  void answer(int client) {
    std::string request;
    std::array<char, 4096> buffer{};
    while (request.find("\r\n\r\n") == std::string::npos) {
      const ssize_t count = ::recv(client, buffer.data(), buffer.size(), 0);
      if (count <= 0) return;
      request.append(buffer.data(), static_cast<std::size_t>(count));
    }
    ++requests_;
    std::istringstream first_line(request.substr(0, request.find("\r\n")));
    std::string method, path;
    first_line >> method >> path;

    Response response{404, "not found\n", 0};
    if (const auto it = routes_.find(path); it != routes_.end()) response = it->second;
    std::string extra_headers;
    constexpr std::string_view kRange = "\r\nRange: bytes=";
    const std::size_t range_at = request.find(kRange);
    if (range_at != std::string::npos) {
      const std::size_t start = std::stoull(request.substr(range_at + kRange.size()));
      last_range_start_ = static_cast<long long>(start);
      if (response.status == 200 && response.ranges) {
        const std::size_t total = response.body.size();
        if (start >= total) {
          response = Response{416, "", 0};
        } else {
          extra_headers = "Content-Range: bytes " + std::to_string(start) + "-" + std::to_string(total - 1) + "/" +
                          std::to_string(total) + "\r\n";
          response = Response{206, response.body.substr(start), 0};
        }
      }
    }
    const std::size_t length = response.declared_length != 0 ? response.declared_length : response.body.size();
    const char* reason = response.status == 200 ? " OK" : response.status == 206 ? " Partial Content"
                         : response.status == 416 ? " Range Not Satisfiable" : " Not Found";
    const std::string head = "HTTP/1.1 " + std::to_string(response.status) + reason + "\r\nContent-Length: " +
                             std::to_string(length) + "\r\n" + extra_headers +
                             "Content-Type: application/zip\r\nConnection: close\r\n\r\n";
    send_all(client, head);
    send_all(client, response.body);
  }

  static void send_all(int client, std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t sent = ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (sent <= 0) return;
      bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
  }

  std::map<std::string, Response> routes_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> requests_{0};
  std::atomic<long long> last_range_start_{-1};
};

// A zip shaped like the GroupLens release: every file under "<folder>/".
std::string build_zip(const fs::path& work_dir, const std::string& folder,
                      const std::map<std::string, std::string>& files) {
  const fs::path zip_path = work_dir / "built.zip";
  int error = 0;
  zip_t* archive = zip_open(zip_path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) throw std::runtime_error("zip_open failed");
  for (const auto& [name, bytes] : files) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (source == nullptr || zip_file_add(archive, (folder + "/" + name).c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      zip_discard(archive);
      throw std::runtime_error("zip_file_add failed");
    }
  }
  if (zip_close(archive) != 0) throw std::runtime_error("zip_close failed");
  std::string zip = read_bytes(zip_path);
  fs::remove(zip_path);
  return zip;
}

std::map<std::string, std::string> tiny_files() {
  std::map<std::string, std::string> files;
  for (const std::string& name : kTinyFiles) files[name] = read_bytes(kTinyDataset / name);
  return files;
}

std::map<std::string, std::string> tiny_hashes() {
  std::map<std::string, std::string> hashes;
  for (const std::string& name : kTinyFiles) hashes[name] = sha256_hex_of_file(kTinyDataset / name);
  return hashes;
}

bool is_empty_directory(const fs::path& dir) { return fs::is_directory(dir) && fs::is_empty(dir); }

class DatasetDownload : public ::testing::Test {
 protected:
  void SetUp() override {
    // The test server is local: a proxy from the environment must not get in the way.
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    ::setenv("no_proxy", "127.0.0.1,localhost", 1);
    work_ = fs::temp_directory_path() /
            ("movierec_download_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(work_);
    fs::create_directories(work_);
    zip_ = build_zip(work_, "ml-latest-small", tiny_files());
  }
  void TearDown() override { fs::remove_all(work_); }

  DownloadOptions options_for(const LocalHttpServer& server, const std::string& path) {
    DownloadOptions options;
    options.url = server.url(path);
    options.cache_dir = work_ / "cache";
    options.expected_sha256 = tiny_hashes();
    options.progress = [this](std::uint64_t received, std::uint64_t total) { progress_.emplace_back(received, total); };
    return options;
  }

  std::string error_of(const DownloadOptions& options) {
    try {
      (void)ensure_movielens(options);
    } catch (const Error& error) {
      return error.what();
    }
    ADD_FAILURE() << "expected movierec::Error";
    return {};
  }

  fs::path work_;
  std::string zip_;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> progress_;
};

#define EXPECT_CONTAINS(haystack, needle) \
  EXPECT_NE(std::string(haystack).find(needle), std::string::npos) << "in: " << (haystack)

TEST_F(DatasetDownload, DownloadsVerifiesAndThenReusesTheCachedCopy) {
  LocalHttpServer server({{"/ml-latest-small.zip", {200, zip_, 0}}});
  DownloadOptions options = options_for(server, "/ml-latest-small.zip");

  const fs::path dir = ensure_movielens(options);
  EXPECT_EQ(dir, work_ / "cache" / "ml-latest-small");
  EXPECT_EQ(server.requests(), 1U);
  for (const std::string& name : kTinyFiles) EXPECT_EQ(read_bytes(dir / name), read_bytes(kTinyDataset / name)) << name;
  // Only the dataset is left: no archive, no temporary directory.
  EXPECT_EQ(std::distance(fs::directory_iterator(work_ / "cache"), fs::directory_iterator()), 1);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 5);
  EXPECT_EQ(load_dataset(dir).movies.size(), 9U);

  ASSERT_FALSE(progress_.empty());
  EXPECT_EQ(progress_.back(), std::make_pair(std::uint64_t{zip_.size()}, std::uint64_t{zip_.size()}));
  for (std::size_t i = 1; i < progress_.size(); ++i) EXPECT_LE(progress_[i - 1].first, progress_[i].first);

  // A verified copy is used as it is: no request, even when the URL is now wrong.
  progress_.clear();
  options.url = server.url("/gone.zip");
  EXPECT_EQ(ensure_movielens(options), dir);
  EXPECT_EQ(server.requests(), 1U);
  EXPECT_TRUE(progress_.empty());

  // A cached copy that no longer verifies is replaced by a fresh download.
  std::ofstream(dir / "ratings.csv", std::ios::app) << "9,9,5.0,0\r\n";
  options.url = server.url("/ml-latest-small.zip");
  EXPECT_EQ(ensure_movielens(options), dir);
  EXPECT_EQ(server.requests(), 2U);
  EXPECT_EQ(read_bytes(dir / "ratings.csv"), read_bytes(kTinyDataset / "ratings.csv"));
  EXPECT_EQ(std::distance(fs::directory_iterator(work_ / "cache"), fs::directory_iterator()), 1);
}

TEST_F(DatasetDownload, AHashMismatchIsNamedAndLeavesNothingInTheCache) {
  LocalHttpServer server({{"/ml-latest-small.zip", {200, zip_, 0}}});
  DownloadOptions options = options_for(server, "/ml-latest-small.zip");
  const std::string wrong = std::string(64, '0');
  options.expected_sha256["movies.csv"] = wrong;

  const std::string message = error_of(options);
  EXPECT_CONTAINS(message, "ml-latest-small.zip (from " + options.url + "): movies.csv has SHA-256 " +
                               sha256_hex_of_file(kTinyDataset / "movies.csv") + ", expected " + wrong);
  EXPECT_TRUE(is_empty_directory(options.cache_dir));
}

TEST_F(DatasetDownload, Http404IsNamed) {
  LocalHttpServer server({{"/ml-latest-small.zip", {200, zip_, 0}}});
  const DownloadOptions options = options_for(server, "/missing.zip");
  EXPECT_CONTAINS(error_of(options), "download of " + options.url + " failed: HTTP 404");
  EXPECT_TRUE(is_empty_directory(options.cache_dir));
}

TEST_F(DatasetDownload, ATruncatedZipIsNamed) {
  LocalHttpServer server({{"/half.zip", {200, zip_.substr(0, zip_.size() / 2), 0}}});
  const DownloadOptions options = options_for(server, "/half.zip");
  EXPECT_CONTAINS(error_of(options), "ml-latest-small.zip (from " + options.url + ") is not a readable zip archive");
  EXPECT_TRUE(is_empty_directory(options.cache_dir));
}

TEST_F(DatasetDownload, AConnectionClosedMidTransferIsNamed) {
  LocalHttpServer server({{"/cut.zip", {200, zip_.substr(0, zip_.size() / 2), zip_.size()}}});
  const DownloadOptions options = options_for(server, "/cut.zip");
  const std::string message = error_of(options);
  EXPECT_CONTAINS(message, "download of " + options.url + " failed: ");
  EXPECT_CONTAINS(message, "bytes remaining");
  // What arrived is kept for the next attempt, and nothing else.
  EXPECT_EQ(read_bytes(options.cache_dir / ".ml-latest-small.zip.part"), zip_.substr(0, zip_.size() / 2));
  EXPECT_EQ(std::distance(fs::directory_iterator(options.cache_dir), fs::directory_iterator()), 1);
}

TEST_F(DatasetDownload, AnInterruptedDownloadResumesWhereItStopped) {
  const std::size_t half = zip_.size() / 2;
  {
    LocalHttpServer cut({{"/ml-latest-small.zip", {200, zip_.substr(0, half), zip_.size()}}});
    (void)error_of(options_for(cut, "/ml-latest-small.zip"));
  }
  LocalHttpServer server({{"/ml-latest-small.zip", {200, zip_, 0}}});
  const DownloadOptions options = options_for(server, "/ml-latest-small.zip");
  progress_.clear();
  const fs::path dir = ensure_movielens(options);
  EXPECT_EQ(server.last_range_start(), static_cast<long long>(half));
  for (const auto& [received, total] : progress_) {  // counted from where the first attempt stopped
    EXPECT_GE(received, half);
    if (total != 0) EXPECT_EQ(total, zip_.size());
  }
  for (const std::string& name : kTinyFiles) EXPECT_EQ(read_bytes(dir / name), read_bytes(kTinyDataset / name)) << name;
  EXPECT_EQ(progress_.back(), std::make_pair(std::uint64_t{zip_.size()}, std::uint64_t{zip_.size()}));
  EXPECT_EQ(std::distance(fs::directory_iterator(options.cache_dir), fs::directory_iterator()), 1);  // no part left
}

TEST_F(DatasetDownload, AServerWithoutRangesGetsOneFreshDownload) {
  fs::create_directories(work_ / "cache");
  std::ofstream(work_ / "cache" / ".ml-latest-small.zip.part", std::ios::binary) << zip_.substr(0, 100);
  LocalHttpServer server({{"/ml-latest-small.zip", {200, zip_, 0, false}}});
  const fs::path dir = ensure_movielens(options_for(server, "/ml-latest-small.zip"));
  EXPECT_EQ(server.requests(), 2U);  // the refused range, then the whole file
  EXPECT_EQ(read_bytes(dir / "movies.csv"), read_bytes(kTinyDataset / "movies.csv"));
}

TEST_F(DatasetDownload, ThePublishedMd5VouchesForTheArchive) {
  const fs::path zip_path = work_ / "served.zip";
  std::ofstream(zip_path, std::ios::binary) << zip_;
  const std::string md5 = md5_hex_of_file(zip_path);
  LocalHttpServer server({{"/ml-latest-small.zip", {200, zip_, 0}},
                          {"/good.md5", {200, md5 + "  ml-latest-small.zip\n", 0}},
                          {"/bad.md5", {200, std::string(32, 'f') + "  ml-latest-small.zip\n", 0}}});
  DownloadOptions options = options_for(server, "/ml-latest-small.zip");
  for (auto& [file, hash] : options.expected_sha256) hash.clear();  // only the MD5 vouches, as for ml-32m
  options.archive_md5_url = server.url("/bad.md5");
  const std::string message = error_of(options);
  EXPECT_CONTAINS(message, "ml-latest-small.zip (from " + options.url + "): MD5 " + md5 + ", " + options.archive_md5_url +
                               " says " + std::string(32, 'f'));
  EXPECT_TRUE(is_empty_directory(options.cache_dir));  // a corrupt archive is not kept for resuming

  options.archive_md5_url = server.url("/good.md5");
  const fs::path dir = ensure_movielens(options);
  EXPECT_EQ(read_bytes(dir / "ratings.csv"), read_bytes(kTinyDataset / "ratings.csv"));
}

TEST_F(DatasetDownload, AMissingArchiveEntryIsNamed) {
  LocalHttpServer server({{"/ml-latest-small.zip", {200, zip_, 0}}});
  DownloadOptions options = options_for(server, "/ml-latest-small.zip");
  options.expected_sha256["genome-scores.csv"] = std::string(64, 'a');
  EXPECT_CONTAINS(error_of(options), "has no entry ml-latest-small/genome-scores.csv");
  EXPECT_TRUE(is_empty_directory(options.cache_dir));
}

TEST_F(DatasetDownload, TheDefaultHashesMatchTheSharedMlLatestSmallCopy) {
  const fs::path dir = movielens_dir();
  ASSERT_TRUE(fs::exists(dir / "SHA256SUMS")) << dir << " is missing: set MOVIELENS_DIR";
  std::map<std::string, std::string> published;
  std::istringstream sums(read_bytes(dir / "SHA256SUMS"));
  std::string hash, name;
  while (sums >> hash >> name) published[name] = hash;
  EXPECT_EQ(DownloadOptions{}.expected_sha256, published);
  EXPECT_EQ(find_hash_mismatch(dir, DownloadOptions{}.expected_sha256), std::nullopt);

  // The shared copy counts as a verified cache: returned without touching the (unreachable) URL.
  DownloadOptions options;
  options.url = "http://127.0.0.1:9/unreachable.zip";
  options.cache_dir = dir.parent_path();
  options.dataset_name = dir.filename().string();
  EXPECT_EQ(ensure_movielens(options), dir);
}

TEST(DatasetDownloadOptions, EveryReleaseHasItsUrlFilesAndChecksum) {
  EXPECT_EQ(release_download_options("ml-latest-small").expected_sha256, ml_latest_small_sha256());
  EXPECT_TRUE(release_download_options("ml-latest-small").archive_md5_url.empty());
  const DownloadOptions full = release_download_options("ml-32m");
  EXPECT_EQ(full.url, "https://files.grouplens.org/datasets/movielens/ml-32m.zip");
  EXPECT_EQ(full.archive_md5_url, "https://files.grouplens.org/datasets/movielens/ml-32m.zip.md5");
  EXPECT_EQ(full.dataset_name, "ml-32m");
  EXPECT_EQ(full.expected_sha256.size(), 4U);
  EXPECT_EQ(release_download_options("ml-25m").expected_sha256.count("genome-scores.csv"), 1U);
  EXPECT_EQ(release_download_options("ml-latest").expected_sha256.count("genome-tags.csv"), 1U);
  try {
    (void)release_download_options("ml-100k");
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_CONTAINS(std::string(e.what()), "unknown MovieLens release 'ml-100k' (known: ml-latest-small, ml-25m, ml-32m, ml-latest)");
  }
}

TEST(DatasetDownloadOptions, DefaultsPointAtTheGroupLensRelease) {
  const DownloadOptions options;
  EXPECT_EQ(options.url, "https://files.grouplens.org/datasets/movielens/ml-latest-small.zip");
  EXPECT_EQ(options.cache_dir, fs::path("data"));
  EXPECT_EQ(options.dataset_name, "ml-latest-small");
  EXPECT_EQ(options.expected_sha256.at("README.txt"),
            "63d22ac138e80fae37021797ed8e1b9424b5239dc576a137422adf783ae3f404");
}

}  // namespace
}  // namespace movierec
