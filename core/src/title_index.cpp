#include "movierec/title_index.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "movierec/catalog.hpp"
#include "movierec/movie_title.hpp"

namespace movierec {
namespace {

std::string_view strip_suffix(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

// Optimal-string-alignment distances between a query and the closest prefix of every key, walked over
// the keys in sorted order like a trie: one DP column per key character, the columns of a prefix shared
// with the previous key reused, and a path given up once a column's minimum exceeds the bound (no longer
// prefix can come back under it, transpositions included). Distances above the bound read max + 1.
class FuzzyPrefixScan {
 public:
  FuzzyPrefixScan(std::string_view query, unsigned max_distance)
      : query_(query), over_(max_distance + 1), depth_limit_(query.size() + max_distance),
        columns_((depth_limit_ + 1) * (query.size() + 1)), best_upto_(depth_limit_ + 1) {
    for (std::size_t i = 0; i <= query.size(); ++i) columns_[i] = cap(i);  // the empty prefix
    best_upto_[0] = columns_[query.size()];
  }

  // Keys must come in sorted order; `shared` is the length of the prefix this key shares with the last.
  unsigned distance(std::string_view key, std::size_t shared) {
    const std::size_t m = std::min(key.size(), depth_limit_);
    shared = std::min(shared, valid_);
    valid_ = shared;
    if (given_up_at_ <= shared) {
      valid_ = given_up_at_;  // the same hopeless prefix
      return best_upto_[given_up_at_];
    }
    given_up_at_ = kNever;
    for (std::size_t j = shared + 1; j <= m; ++j) {
      if (!column(key, j)) {
        given_up_at_ = valid_ = j;
        return best_upto_[j];
      }
      valid_ = j;
    }
    return best_upto_[m];
  }

 private:
  static constexpr std::size_t kNever = static_cast<std::size_t>(-1);
  unsigned cap(std::size_t value) const { return static_cast<unsigned>(std::min<std::size_t>(value, over_)); }

  // Fills column j (prefix key[0, j)); false when every cell exceeds the bound. Only the band of rows
  // within the bound of the diagonal can stay under it; the rows just outside read as over the bound.
  bool column(std::string_view key, std::size_t j) {
    const std::size_t n = query_.size();
    const std::size_t bound = over_ - 1;
    const std::size_t lo = j > bound ? j - bound : 0;
    const std::size_t hi = std::min(n, j + bound);
    unsigned* cur = &columns_[j * (n + 1)];
    const unsigned* prev = &columns_[(j - 1) * (n + 1)];
    const unsigned* prev2 = j >= 2 ? &columns_[(j - 2) * (n + 1)] : nullptr;
    cur[0] = cap(j);
    if (lo > 0) cur[lo - 1] = over_;
    if (hi < n) cur[hi + 1] = over_;
    unsigned lowest = lo == 0 ? cur[0] : over_;
    for (std::size_t i = std::max<std::size_t>(lo, 1); i <= hi; ++i) {
      const unsigned cost = query_[i - 1] == key[j - 1] ? 0 : 1;
      unsigned best = std::min({prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + cost});
      if (prev2 != nullptr && i > 1 && query_[i - 1] == key[j - 2] && query_[i - 2] == key[j - 1]) {
        best = std::min(best, prev2[i - 2] + 1);
      }
      cur[i] = std::min(best, over_);
      lowest = std::min(lowest, cur[i]);
    }
    best_upto_[j] = std::min(best_upto_[j - 1], hi == n ? cur[n] : over_);
    return lowest < over_;
  }

  std::string_view query_;
  unsigned over_;
  std::size_t depth_limit_;
  std::vector<unsigned> columns_;    // column j at j * (query size + 1)
  std::vector<unsigned> best_upto_;  // best distance over prefixes of length <= j on the current path
  std::size_t valid_ = 0;            // columns 1..valid_ belong to the last key
  std::size_t given_up_at_ = kNever;
};

}  // namespace

namespace {

// The year in parentheses that ends a title as filed or typed, "Solaris (1972)": 0 when there is none.
// A bare trailing number is part of the title ("Blade Runner 2049", "Babylon 5").
std::uint16_t trailing_year(std::string_view title) {
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) title.remove_suffix(1);
  if (title.size() < 6 || title.back() != ')' || title[title.size() - 6] != '(') return 0;
  const std::string_view digits = title.substr(title.size() - 5, 4);
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return 0;
  return static_cast<std::uint16_t>(std::stoi(std::string(digits)));
}

// The title without surrounding blanks and without a trailing "(1995)".
std::string_view without_trailing_year(std::string_view title) {
  while (!title.empty() && (title.front() == ' ' || title.front() == '\t')) title.remove_prefix(1);
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) title.remove_suffix(1);
  if (trailing_year(title) != 0) title.remove_suffix(6);
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) title.remove_suffix(1);
  return title;
}

}  // namespace

std::string normalize_title(std::string_view title) {
  title = without_trailing_year(title);
  const std::string spaced = fold_to_words(title);
  std::string_view key = spaced;
  while (key.ends_with(' ')) key.remove_suffix(1);
  for (std::string_view article : {" the", " a", " an"}) {
    const auto stripped = strip_suffix(key, article);
    if (stripped.size() != key.size()) {
      key = stripped;
      break;
    }
  }
  for (std::string_view article : {"the ", "a ", "an "}) {
    if (key.starts_with(article) && key.size() > article.size()) {
      key.remove_prefix(article.size());
      break;
    }
  }
  return std::string(key);
}

TitleIndex::TitleIndex(const Catalog& catalog) {
  entries_.reserve(catalog.size());
  years_.reserve(catalog.size());
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    const auto& movie = catalog.movie(i);
    const auto row = static_cast<std::uint32_t>(i);
    years_.push_back(movie.year);
    // The whole filed title (every name in one key, for prefix and substring matches), then the main
    // title and each alternative on their own, so "Le Fabuleux destin d'Amélie Poulain" is an exact match.
    const MovieTitle parsed = parse_movie_title(movie.title);
    // The names as written, for telling apart titles that differ only in what normalising folds away.
    std::vector<std::string> names{std::string(without_trailing_year(movie.title)), parsed.main};
    names.insert(names.end(), parsed.alternatives.begin(), parsed.alternatives.end());
    verbatim_.push_back(std::move(names));
    std::vector<std::string> keys{normalize_title(movie.title), normalize_title(parsed.main)};
    for (const auto& alternative : parsed.alternatives) keys.push_back(normalize_title(alternative));
    for (std::size_t k = 0; k < keys.size(); ++k) {
      if (keys[k].empty() || std::find(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(k), keys[k]) !=
                                 keys.begin() + static_cast<std::ptrdiff_t>(k)) {
        continue;
      }
      entries_.push_back({std::move(keys[k]), row, movie.rating_count});
    }
  }
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.popularity > b.popularity; });
  // Which entries hold each byte and each pair of bytes: a key's rarest pair narrows the substring search
  // to the entries that can contain it.
  // Each entry's distinct grams, visited twice: counted, then filed. `seen` marks a gram's last entry.
  std::vector<std::uint32_t> seen(kGramIds);
  const auto for_each_gram = [&](std::uint32_t e, auto&& visit) {
    const std::string_view key = entries_[e].key;
    const auto once = [&](std::uint32_t g) {
      if (seen[g] != e) {
        seen[g] = e;
        visit(g);
      }
    };
    for (std::size_t i = 0; i < key.size(); ++i) {
      once(gram_id(key.substr(i, 1)));
      if (i + 1 < key.size()) once(gram_id(key.substr(i, 2)));
    }
  };
  gram_starts_.assign(kGramIds + 1, 0);
  std::fill(seen.begin(), seen.end(), UINT32_MAX);
  for (std::uint32_t e = 0; e < entries_.size(); ++e) for_each_gram(e, [&](std::uint32_t g) { ++gram_starts_[g + 1]; });
  for (std::size_t g = 0; g < kGramIds; ++g) gram_starts_[g + 1] += gram_starts_[g];
  gram_entries_.resize(gram_starts_.back());
  std::vector<std::uint32_t> filled(gram_starts_.begin(), gram_starts_.end() - 1);
  std::fill(seen.begin(), seen.end(), UINT32_MAX);
  // Entries are filed in entry order, so each gram's list is in popularity order.
  for (std::uint32_t e = 0; e < entries_.size(); ++e) for_each_gram(e, [&](std::uint32_t g) { gram_entries_[filled[g]++] = e; });
  by_key_.resize(entries_.size());
  for (std::uint32_t e = 0; e < by_key_.size(); ++e) by_key_[e] = e;
  std::sort(by_key_.begin(), by_key_.end(), [this](std::uint32_t a, std::uint32_t b) { return entries_[a].key < entries_[b].key; });
  shared_with_previous_.assign(by_key_.size(), 0);
  for (std::size_t i = 1; i < by_key_.size(); ++i) {
    const std::string& a = entries_[by_key_[i - 1]].key;
    const std::string& b = entries_[by_key_[i]].key;
    const auto end = std::min(a.size(), b.size());
    std::uint32_t n = 0;
    while (n < end && a[n] == b[n]) ++n;
    shared_with_previous_[i] = n;
  }
}

bool TitleIndex::KeyOrder::operator()(std::uint32_t entry, std::string_view key) const {
  return entries[entry].key < key;
}

bool TitleIndex::KeyOrder::operator()(std::string_view key, std::uint32_t entry) const {
  return key < entries[entry].key;
}

std::uint32_t TitleIndex::gram_id(std::string_view gram) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(gram[i])); };
  return gram.size() == 1 ? byte(0) : 256 + byte(0) * 256 + byte(1);
}

std::vector<TitleMatch> TitleIndex::find(std::string_view query, std::size_t limit) const {
  const std::string key = normalize_title(query);
  if (key.empty() || limit == 0) return {};
  constexpr auto kNone = static_cast<std::uint8_t>(TitleMatchKind::fuzzy);
  std::array<std::vector<TitleMatch>, 3> buckets;
  // Exact matches: every entry whose key is the key, from the keys in sorted order, then in entry
  // (popularity) order.
  const auto [first, last] = std::equal_range(by_key_.begin(), by_key_.end(), key, KeyOrder{entries_});
  std::vector<std::uint32_t> exact(first, last);
  std::sort(exact.begin(), exact.end());
  std::vector<std::uint32_t> exact_movies;
  for (const auto e : exact) {
    const auto movie = entries_[e].movie_index;
    if (std::find(exact_movies.begin(), exact_movies.end(), movie) != exact_movies.end()) continue;
    exact_movies.push_back(movie);
    buckets[0].push_back({movie, TitleMatchKind::exact, 0});
  }
  // Prefix and substring matches from the entries holding the key's rarest byte pair. Lists are in entry
  // order, which is popularity order with a movie's entries next to each other, so a movie's best kind
  // is known when its last entry has passed, and the walk stops once both lists have `limit` films.
  std::uint32_t rarest = gram_id(key.substr(0, std::min<std::size_t>(key.size(), 2)));
  for (std::size_t i = 1; i + 1 < key.size(); ++i) {
    const std::uint32_t g = gram_id(key.substr(i, 2));
    if (gram_starts_[g + 1] - gram_starts_[g] < gram_starts_[rarest + 1] - gram_starts_[rarest]) rarest = g;
  }
  std::uint32_t pending_movie = UINT32_MAX;
  std::uint8_t pending_kind = kNone;
  const auto file_pending = [&] {
    const bool wanted = pending_kind != kNone && buckets[pending_kind].size() < limit &&
                        std::find(exact_movies.begin(), exact_movies.end(), pending_movie) == exact_movies.end();
    if (wanted) buckets[pending_kind].push_back({pending_movie, static_cast<TitleMatchKind>(pending_kind), 0});
    pending_kind = kNone;
  };
  for (std::uint32_t i = gram_starts_[rarest]; i < gram_starts_[rarest + 1]; ++i) {
    const Entry& entry = entries_[gram_entries_[i]];
    if (entry.movie_index != pending_movie) {
      file_pending();
      if (buckets[1].size() >= limit && buckets[2].size() >= limit) break;
      pending_movie = entry.movie_index;
    }
    const auto at = entry.key.find(key);
    if (at == std::string::npos) continue;
    const auto kind = at != 0 ? TitleMatchKind::substring : TitleMatchKind::prefix;
    pending_kind = std::min(pending_kind, static_cast<std::uint8_t>(kind));
  }
  file_pending();
  // "Heat" typed exactly comes before "Heat!" or "Heat" with a zero-width space, which read the same once
  // normalised; then "Solaris (1972)": among films of the same title, the one of the typed year first.
  const std::string_view typed = without_trailing_year(query);
  std::stable_partition(buckets[0].begin(), buckets[0].end(), [&](const TitleMatch& m) {
    const auto& names = verbatim_[m.movie_index];
    return std::find(names.begin(), names.end(), typed) != names.end();
  });
  if (const std::uint16_t year = trailing_year(query); year != 0) {
    std::stable_partition(buckets[0].begin(), buckets[0].end(),
                          [&](const TitleMatch& m) { return years_[m.movie_index] == year; });
  }
  std::vector<TitleMatch> matches;
  for (const auto& bucket : buckets) matches.insert(matches.end(), bucket.begin(), bucket.end());
  if (matches.size() > limit) matches.resize(limit);
  // A query longer than any title is a paste, not a typo: no typo tolerance (and no DP of its size).
  constexpr std::size_t kMaxFuzzyQuery = 64;
  if (matches.size() >= limit || key.size() < 3 || key.size() > kMaxFuzzyQuery) return matches;

  // Typo tolerance only when the cheap tiers did not fill the list.
  const unsigned max_distance = key.size() <= 5 ? 1 : key.size() <= 10 ? 2 : 3;
  std::vector<unsigned> distances(entries_.size());
  FuzzyPrefixScan scan(key, max_distance);
  for (std::size_t i = 0; i < by_key_.size(); ++i) {
    distances[by_key_[i]] = scan.distance(entries_[by_key_[i]].key, shared_with_previous_[i]);
  }
  std::vector<TitleMatch> fuzzy;
  for (std::size_t e = 0; e < entries_.size(); ++e) {
    if (distances[e] <= max_distance && distances[e] > 0) {
      fuzzy.push_back({entries_[e].movie_index, TitleMatchKind::fuzzy, static_cast<std::uint8_t>(distances[e])});
    }
  }
  std::stable_sort(fuzzy.begin(), fuzzy.end(), [](const auto& a, const auto& b) { return a.distance < b.distance; });
  for (const auto& match : fuzzy) {
    if (matches.size() >= limit) break;
    const bool seen = std::any_of(matches.begin(), matches.end(),
                                  [&](const TitleMatch& m) { return m.movie_index == match.movie_index; });
    if (!seen) matches.push_back(match);
  }
  return matches;
}

}  // namespace movierec
