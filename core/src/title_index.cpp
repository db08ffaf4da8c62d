#include "movierec/title_index.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "movierec/catalog.hpp"
#include "movierec/movie_title.hpp"

namespace movierec {
namespace {

std::string_view strip_suffix(std::string_view s, std::string_view suffix) {
  return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

// Optimal-string-alignment distance between the query and the closest prefix of key, computed in a band
// of width 2*max_distance+1; returns max_distance+1 as soon as no alignment can stay within the bound.
unsigned fuzzy_prefix_distance(std::string_view query, std::string_view key, unsigned max_distance) {
  constexpr std::size_t kMaxQuery = 64;
  if (query.size() > kMaxQuery) return max_distance + 1;
  const std::size_t n = query.size();
  const std::size_t m = std::min(key.size(), n + max_distance);
  const unsigned over = max_distance + 1;
  std::array<std::array<unsigned, kMaxQuery + 4>, 3> rows{};  // rows i-2, i-1, i (rolling)
  for (std::size_t j = 0; j <= m; ++j) rows[0][j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    auto& cur = rows[i % 3];
    const auto& prev = rows[(i - 1) % 3];
    const auto& prev2 = rows[(i + 1) % 3];
    const std::size_t lo = i > max_distance ? i - max_distance : 0;
    const std::size_t hi = std::min(m, i + max_distance);
    unsigned row_min = over;
    for (std::size_t j = 0; j <= m; ++j) {
      if (j < lo || j > hi) {
        cur[j] = over;
        continue;
      }
      if (j == 0) {
        cur[j] = static_cast<unsigned>(i);
      } else {
        const unsigned cost = query[i - 1] == key[j - 1] ? 0 : 1;
        unsigned best = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
        if (i > 1 && j > 1 && query[i - 1] == key[j - 2] && query[i - 2] == key[j - 1]) {
          best = std::min(best, prev2[j - 2] + 1);
        }
        cur[j] = std::min(best, over);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > max_distance) return over;
  }
  const auto& last = rows[n % 3];
  unsigned best = over;
  for (std::size_t j = 0; j <= m; ++j) best = std::min(best, last[j]);
  return best;
}

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

}  // namespace

std::string normalize_title(std::string_view title) {
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) title.remove_suffix(1);
  if (trailing_year(title) != 0) title.remove_suffix(6);
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
}

std::vector<TitleMatch> TitleIndex::find(std::string_view query, std::size_t limit) const {
  const std::string key = normalize_title(query);
  if (key.empty() || limit == 0) return {};
  // Each movie's best kind over its keys; a substring search is skipped once a movie has a better kind.
  constexpr auto kNone = static_cast<std::uint8_t>(TitleMatchKind::fuzzy);
  std::vector<std::uint8_t> best(years_.size(), kNone);
  for (const auto& entry : entries_) {
    auto& kind = best[entry.movie_index];
    if (entry.key == key) {
      kind = static_cast<std::uint8_t>(TitleMatchKind::exact);
    } else if (kind > static_cast<std::uint8_t>(TitleMatchKind::prefix) && entry.key.starts_with(key)) {
      kind = static_cast<std::uint8_t>(TitleMatchKind::prefix);
    } else if (kind > static_cast<std::uint8_t>(TitleMatchKind::substring) && entry.key.find(key) != std::string::npos) {
      kind = static_cast<std::uint8_t>(TitleMatchKind::substring);
    }
  }
  // Entries are in popularity order, so each bucket is too; a movie lands once, in its best bucket.
  std::array<std::vector<TitleMatch>, 3> buckets;
  for (const auto& entry : entries_) {
    auto& kind = best[entry.movie_index];
    if (kind == kNone) continue;
    buckets[kind].push_back({entry.movie_index, static_cast<TitleMatchKind>(kind), 0});
    kind = kNone;
  }
  // "Solaris (1972)": among films of the same title, the one of the typed year first.
  if (const std::uint16_t year = trailing_year(query); year != 0) {
    std::stable_partition(buckets[0].begin(), buckets[0].end(),
                          [&](const TitleMatch& m) { return years_[m.movie_index] == year; });
  }
  std::vector<TitleMatch> matches;
  for (const auto& bucket : buckets) matches.insert(matches.end(), bucket.begin(), bucket.end());
  if (matches.size() > limit) matches.resize(limit);
  if (matches.size() >= limit || key.size() < 3) return matches;

  // Typo tolerance only when the cheap tiers did not fill the list.
  const unsigned max_distance = key.size() <= 5 ? 1 : key.size() <= 10 ? 2 : 3;
  std::vector<TitleMatch> fuzzy;
  for (const auto& entry : entries_) {
    const auto distance = fuzzy_prefix_distance(key, entry.key, max_distance);
    if (distance <= max_distance && distance > 0) {
      fuzzy.push_back({entry.movie_index, TitleMatchKind::fuzzy, static_cast<std::uint8_t>(distance)});
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
