#pragma once
// The CLI's query subcommands over an artifact folder: similar, recommend, search, embed, validate.
// Each returns the process exit code; bad queries print a clear message and return 1. They call the
// engine exactly as the browser does, so for the same ratings and settings they answer the same.
#include <filesystem>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace movierec {

struct QueryOptions {
  std::string text;  // title, user id or free text
  std::filesystem::path profile;  // recommend: a visitor's ratings file instead of a user id
  int k = 10;
  // similar and recommend: 0 = content only, 1 = audience only; unset = the build's tuned blend.
  std::optional<float> audience_share;
  bool json = false;
  bool batch = false;  // one query per stdin line, one JSON line out per query (errors as {"error": ...})
};

int run_similar(const std::filesystem::path& artifacts, const QueryOptions& options, std::istream& in, std::ostream& out);
int run_recommend(const std::filesystem::path& artifacts, const QueryOptions& options, std::istream& in, std::ostream& out);
int run_search(const std::filesystem::path& artifacts, const QueryOptions& options, std::istream& in, std::ostream& out);
// Lines of text in, JSON lines out; with `csv`, `movierec texts` CSV in (movieId,text), embeddings CSV out
// (ingest/builder_files.hpp), for `movierec build --embeddings`.
int run_embed(const std::filesystem::path& artifacts, bool csv, std::istream& in, std::ostream& out);
int run_validate(const std::filesystem::path& artifacts, std::ostream& out);

}  // namespace movierec
