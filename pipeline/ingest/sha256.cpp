#include "ingest/sha256.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <memory>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

class Digest {
 public:
  explicit Digest(const EVP_MD* kind) : context_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), kind, nullptr) != 1) throw Error("OpenSSL digests are unavailable");
  }
  void update(const void* data, std::size_t size) { EVP_DigestUpdate(context_.get(), data, size); }
  // The digest's bytes; `length` of them are set.
  std::array<unsigned char, EVP_MAX_MD_SIZE> finish(unsigned int& length) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    EVP_DigestFinal_ex(context_.get(), digest.data(), &length);
    return digest;
  }
  std::string hex() {
    unsigned int length = 0;
    const auto digest = finish(length);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
      out.push_back(kHex[digest[i] >> 4]);
      out.push_back(kHex[digest[i] & 15]);
    }
    return out;
  }

 private:
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

std::string hex_of_file(const std::filesystem::path& path, const EVP_MD* kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot read " + path.string());
  Digest hash(kind);
  std::array<char, 1 << 16> buffer{};
  while (in) {
    in.read(buffer.data(), buffer.size());
    hash.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
  }
  return hash.hex();
}

}  // namespace

std::string sha256_hex(std::span<const std::uint8_t> bytes) {
  Digest hash(EVP_sha256());
  hash.update(bytes.data(), bytes.size());
  return hash.hex();
}

std::array<std::uint8_t, 32> sha256_digest(std::span<const std::uint8_t> bytes) {
  Digest hash(EVP_sha256());
  hash.update(bytes.data(), bytes.size());
  unsigned int length = 0;
  const auto digest = hash.finish(length);
  std::array<std::uint8_t, 32> out{};
  std::copy_n(digest.begin(), out.size(), out.begin());
  return out;
}

std::string sha256_hex_of_file(const std::filesystem::path& path) { return hex_of_file(path, EVP_sha256()); }

std::string md5_hex_of_file(const std::filesystem::path& path) { return hex_of_file(path, EVP_md5()); }

}  // namespace movierec
