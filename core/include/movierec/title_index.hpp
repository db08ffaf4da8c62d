#pragma once
// Title lookup for the "Similar movies" box: ranked exact, prefix, substring, then typo-tolerant matches,
// ties broken by popularity (number of ratings). A movie is found by its filed MovieLens title, its title
// as people say it ("A Bug's Life") and each alternative title; a typed year, "Solaris (1972)", picks
// among films of the same title. Keys are built once; a keystroke scans them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace movierec {

class Catalog;

enum class TitleMatchKind : std::uint8_t { exact = 0, prefix = 1, substring = 2, fuzzy = 3 };

struct TitleMatch {
  std::uint32_t movie_index;
  TitleMatchKind kind;
  std::uint8_t distance;  // edit distance for fuzzy matches, 0 otherwise
};

// "American President, The (1995)" → "american president": case-folded, accents stripped, a trailing year
// in parentheses and leading/trailing English articles removed, punctuation folded to single spaces.
std::string normalize_title(std::string_view title);

class TitleIndex {
 public:
  TitleIndex() = default;
  explicit TitleIndex(const Catalog& catalog);

  std::vector<TitleMatch> find(std::string_view query, std::size_t limit) const;

 private:
  struct Entry {
    std::string key;
    std::uint32_t movie_index;
    std::uint32_t popularity;
  };
  std::vector<Entry> entries_;  // sorted by popularity, most rated first, so ties need no extra sort
  std::string keys_;                   // "\n" + every entry's key followed by "\n", in entries_ order
  std::vector<std::size_t> starts_;    // where each entry's key starts in keys_, then keys_.size()
  std::vector<std::uint32_t> by_key_;  // entries in key order, for the fuzzy scan's shared prefixes
  std::vector<std::uint16_t> years_;  // by catalog row
};

}  // namespace movierec
