#include "artifacts/artifact_writer.hpp"

#include <fstream>
#include <random>

#include "ingest/sha256.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace fs = std::filesystem;
namespace {

void write_file(const fs::path& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error("cannot write " + path.string());
}

fs::path sibling_with_suffix(const fs::path& dir, const std::string& suffix) {
  std::random_device random;
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "." + std::string&&.
  std::string name = ".";
  name += dir.filename().string();
  name += suffix;
  name += std::to_string(random() % 1000000);
  return dir.parent_path() / name;
}

}  // namespace

std::vector<std::uint8_t> read_file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string());
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return bytes;
}

nlohmann::json write_artifacts(const fs::path& out_dir, const std::vector<ArtifactFile>& files, nlohmann::json manifest) {
  const fs::path target = fs::absolute(out_dir).lexically_normal();
  fs::create_directories(target.parent_path());
  const fs::path staging = sibling_with_suffix(target, ".tmp-");
  fs::create_directories(staging);
  try {
    manifest["files"] = nlohmann::json::object();
    for (const auto& file : files) {
      if (file.name.empty() || file.name.find('/') != std::string::npos || file.name == "manifest.json") {
        throw Error("invalid artifact file name '" + file.name + "'");
      }
      write_file(staging / file.name, file.bytes);
      manifest["files"][file.name] = {{"bytes", file.bytes.size()}, {"sha256", sha256_hex(file.bytes)}};
    }
    const auto text = manifest.dump(2) + "\n";
    write_file(staging / "manifest.json", {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
    // Swap folders: the old one is moved aside first so the target name is never half-filled.
    const fs::path previous = sibling_with_suffix(target, ".old-");
    const bool had_previous = fs::exists(target);
    if (had_previous) fs::rename(target, previous);
    fs::rename(staging, target);
    if (had_previous) fs::remove_all(previous);
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    throw;
  }
  return manifest;
}

}  // namespace movierec
