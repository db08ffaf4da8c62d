#pragma once
// Title lookup for the "Similar movies" box: ranked exact, prefix, substring, then typo-tolerant matches,
// ties broken by popularity (number of ratings). A movie is found by its filed MovieLens title, its title
// as people say it ("A Bug's Life") and each alternative title; a typed year, "Solaris (1972)", picks
// among films of the same title, and a title typed exactly beats one that only normalises the same. Keys
// and their byte-pair lists are built once; a keystroke finds exact matches among the sorted keys, walks
// the entries holding the key's rarest pair only until the prefix and substring lists are full, and
// scores typos by a trie-like walk over the sorted keys.
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
  // Compares entries (by index) with a key by their keys, for searching by_key_.
  struct KeyOrder {
    const std::vector<Entry>& entries;
    bool operator()(std::uint32_t entry, std::string_view key) const;
    bool operator()(std::string_view key, std::uint32_t entry) const;
  };
  // Entries holding each byte (ids 0-255) and each byte pair (256 + 256 * first + second), in entry
  // order: gram g's entries are gram_entries_[gram_starts_[g], gram_starts_[g + 1]).
  static constexpr std::uint32_t kGramIds = 256 + 256 * 256;
  static std::uint32_t gram_id(std::string_view gram);
  std::vector<std::uint32_t> gram_starts_;
  std::vector<std::uint32_t> gram_entries_;
  std::vector<std::uint32_t> by_key_;                // entries in key order, for the typo scan
  std::vector<std::uint32_t> shared_with_previous_;  // prefix length each shares with the one before
  std::vector<std::uint16_t> years_;  // by catalog row
  std::vector<std::vector<std::string>> verbatim_;  // by catalog row: its names as written
};

}  // namespace movierec
