// libFuzzer target for WordPieceTokenizer. The browser tokenizes whatever a visitor types, so encode()
// must hold up on any bytes: invalid UTF-8, controls, endless words, every Unicode block. Each input is
//  1. encoded with the real all-MiniLM-L6-v2 vocabulary (env MOVIEREC_VOCAB, default the shared copy),
//     checking the shape of the result and that truncation only ever cuts a longer encoding short;
//  2. appended as extra lines to a minimal vocabulary and used as the vocabulary itself, so the
//     vocabulary parser sees arbitrary lines, and the resulting tokenizer encodes the input too.
// ArtifactError from a bad vocabulary is expected; any other exception, crash or sanitizer report is
// a finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "movierec/errors.hpp"
#include "movierec/wordpiece_tokenizer.hpp"

namespace {

std::string vocab_path() {
  if (const char* path = std::getenv("MOVIEREC_VOCAB"); path != nullptr && *path != '\0') return path;
#ifdef MOVIEREC_SOURCE_DIR
  return std::string(MOVIEREC_SOURCE_DIR) + "/../shared/models/all-MiniLM-L6-v2/vocab.txt";
#else
  return "../shared/models/all-MiniLM-L6-v2/vocab.txt";
#endif
}

const std::string& real_vocab() {
  static const std::string vocab = [] {
    const std::string path = vocab_path();
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      std::fprintf(stderr, "cannot read the vocabulary %s (set MOVIEREC_VOCAB)\n", path.c_str());
      std::abort();
    }
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
  }();
  return vocab;
}

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "wordpiece_tokenizer_fuzz: %s\n", what);
  std::abort();
}

void check_shape(const std::vector<std::int32_t>& ids, const movierec::WordPieceTokenizer& tokenizer) {
  if (ids.size() < 2 || ids.size() > tokenizer.max_seq_length()) finding("length outside [2, max_seq_length]");
  for (const std::int32_t id : ids) {
    if (id < 0 || static_cast<std::size_t>(id) >= tokenizer.vocab_size()) finding("id outside the vocabulary");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const movierec::WordPieceTokenizer tokenizer(real_vocab(), true, 256);
  static const movierec::WordPieceTokenizer long_tokenizer(real_vocab(), true, 4096);
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const auto ids = tokenizer.encode(text);
  check_shape(ids, tokenizer);
  const auto long_ids = long_tokenizer.encode(text);
  check_shape(long_ids, long_tokenizer);
  if (ids.front() != long_ids.front() || ids.back() != long_ids.back()) finding("[CLS]/[SEP] differ");
  // Without the final [SEP], the truncated encoding is a prefix of the longer one.
  if (ids.size() > long_ids.size()) finding("truncation made the encoding longer");
  for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
    if (ids[i] != long_ids[i]) finding("truncation changed the ids before the cut");
  }

  const bool do_lower_case = size > 0 && (data[0] & 1) != 0;
  const std::size_t max_seq_length = size > 0 ? 2 + data[size - 1] % 16 : 2;
  try {
    const movierec::WordPieceTokenizer small(std::string("[PAD]\n[UNK]\n[CLS]\n[SEP]\n").append(text), do_lower_case,
                                             max_seq_length);
    check_shape(small.encode(text), small);
  } catch (const movierec::ArtifactError&) {
    // an empty, duplicate, oversized or invalid line: the parser said so, which is what we want
  }
  try {
    const movierec::WordPieceTokenizer raw(text, do_lower_case, max_seq_length);
    check_shape(raw.encode(text), raw);
  } catch (const movierec::ArtifactError&) {
  }
  return 0;
}
