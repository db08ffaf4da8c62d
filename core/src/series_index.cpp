#include "movierec/series_index.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <string>
#include <string_view>
#include <unordered_map>

#include "movierec/catalog.hpp"
#include "movierec/errors.hpp"
#include "movierec/hybrid_space.hpp"
#include "movierec/movie_title.hpp"
#include "movierec/quantized_scan.hpp"

namespace movierec {
namespace {

// Words are interned: a title's words are ids into one vocabulary, so the pairwise comparisons below
// (quadratic within a lead word's bucket: thousands of films share "love" or "night" at full catalog
// size) compare integers and never allocate.
using Words = std::vector<std::uint32_t>;

// One way a film is called: its words, where each ":"-separated part starts, and its first part with
// trailing sequel marks dropped ("Rocky IV" -> "Rocky").
struct TitleForm {
  std::uint32_t movie;
  Words words;
  std::vector<std::size_t> segment_starts;  // first word index of each part; [0] = 0
  Words head;
};

constexpr std::array<std::string_view, 17> kLeadingArticles = {"the", "a",  "an",  "le", "la", "les", "l",  "el", "los",
                                                              "las", "il", "gli", "un", "une", "der", "die", "das"};
constexpr std::array<std::string_view, 24> kMinorWords = {"the", "of", "and", "a",  "an", "in", "on",  "to",
                                                          "for", "with", "at", "by", "from", "de", "la", "le",
                                                          "les", "der", "die", "das", "el", "il", "du", "des"};

bool is_in(std::string_view word, std::span<const std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// "2", "12", "ii", "iv", "part", "vol": what turns a title into the title of its next film.
bool is_sequel_mark(std::string_view word) {
  static constexpr std::array<std::string_view, 24> kMarks = {
      "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
      "part", "chapter", "episode", "vol", "volume", "2d", "3d", "returns", "again", "reloaded", "revisited", "redux"};
  if (!word.empty() && word.size() <= 2 && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;
  }
  return is_in(word, kMarks);
}

// The words of every title, each with what the rules need to know about it.
class Vocabulary {
 public:
  std::uint32_t id(std::string_view word) {
    const auto [it, added] = ids_.try_emplace(std::string(word), static_cast<std::uint32_t>(sequel_mark_.size()));
    if (added) {
      sequel_mark_.push_back(is_sequel_mark(word));
      minor_.push_back(is_in(word, kMinorWords));
    }
    return it->second;
  }
  bool sequel_mark(std::uint32_t id) const { return sequel_mark_[id]; }
  bool minor(std::uint32_t id) const { return minor_[id]; }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<bool> sequel_mark_, minor_;
};

TitleForm title_form(std::uint32_t movie, std::string_view text, Vocabulary& vocabulary) {
  TitleForm form{movie, {}, {}, {}};
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto colon = text.find(':', start);
    const auto dash = text.find(" - ", start);
    const auto stop = std::min({colon, dash, text.size()});
    const std::string folded = fold_to_words(text.substr(start, stop - start));
    std::vector<std::string_view> part;
    for (std::size_t from = 0; from < folded.size();) {
      const auto end = std::min(folded.find(' ', from), folded.size());
      if (end > from) part.push_back(std::string_view(folded).substr(from, end - from));
      from = end + 1;
    }
    if (part.size() > 1 && is_in(part.front(), kLeadingArticles)) part.erase(part.begin());
    if (!part.empty()) {
      form.segment_starts.push_back(form.words.size());
      for (const auto word : part) form.words.push_back(vocabulary.id(word));
    }
    if (stop == text.size()) break;
    start = stop + (stop == colon ? 1 : 3);
  }
  const std::size_t end = form.segment_starts.size() > 1 ? form.segment_starts[1] : form.words.size();
  form.head.assign(form.words.begin(), form.words.begin() + static_cast<std::ptrdiff_t>(end));
  while (form.head.size() > 1 && vocabulary.sequel_mark(form.head.back())) form.head.pop_back();
  return form;
}

struct WordsHash {
  std::size_t operator()(const Words& words) const {
    // 64-bit FNV-1a on every target (size_t is 32 bits in WASM), folded to size_t at the end.
    std::uint64_t hash = 1469598103934665603ull;
    for (const auto word : words) hash = (hash ^ word) * 1099511628211ull;
    return static_cast<std::size_t>(hash ^ (hash >> 32));
  }
};

bool starts_with(const Words& words, std::size_t from, const Words& prefix) {
  if (words.size() - from < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), words.begin() + static_cast<std::ptrdiff_t>(from));
}

// strong: the titles alone say so; weak: only if the films are alike; loose: a one-word title that
// another title merely begins with ("Big" / "Big Fish"), only if they are very alike.
enum class Link { none, loose, weak, strong };

// How `shorter`'s title relates to `longer`'s (rules in series_index.hpp).
Link title_link(const TitleForm& shorter, const TitleForm& longer, const Vocabulary& vocabulary) {
  const Words& a = shorter.words;
  const Words& b = longer.words;
  if (a.empty() || b.empty()) return Link::none;
  // The same title: a remake ("Dawn of the Dead", 1978 and 2004), or another film ("The Mask", "Mask").
  if (a == b) return Link::weak;
  Link link = Link::none;
  // The same title before ":" once sequel marks are dropped: "Rocky" / "Rocky IV", "Star Trek II: The
  // Wrath of Khan" / "Star Trek: Generations"; "Alien" / "Alien: Resurrection" only if alike, because
  // "The Mission" / "Mission: Impossible" has that shape too.
  if (shorter.head == longer.head) {
    if ((shorter.segment_starts.size() > 1) == (longer.segment_starts.size() > 1)) return Link::strong;
    link = Link::weak;
  }
  // A later part of the longer title is, or begins with, the shorter title: "The Lost World: Jurassic
  // Park", "X2: X-Men United" (but also "Mission: Impossible" and "The Impossible", hence weak).
  for (std::size_t s = 1; s < longer.segment_starts.size(); ++s) {
    if (starts_with(b, longer.segment_starts[s], a)) link = Link::weak;
  }
  if (a.size() < b.size() && starts_with(b, 0, a)) {
    if (vocabulary.sequel_mark(b[a.size()])) return Link::strong;
    return a.size() == 1 ? std::max(link, Link::loose) : Link::weak;
  }
  // Shared lead words with at least two that carry meaning: "Harry Potter and the ...".
  std::size_t common = 0;
  while (common < a.size() && common < b.size() && a[common] == b[common]) ++common;
  std::size_t meaningful = 0;
  for (std::size_t i = 0; i < common; ++i) meaningful += vocabulary.minor(a[i]) ? 0 : 1;
  return meaningful >= 2 ? Link::weak : link;
}

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0U); }
  std::uint32_t find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void join(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);  // the smallest row names the series
  }

 private:
  std::vector<std::uint32_t> parent_;
};

}  // namespace

SeriesIndex::SeriesIndex(const Catalog& catalog, const std::function<float(std::uint32_t, std::uint32_t)>& alike) {
  const auto movies = static_cast<std::uint32_t>(catalog.size());
  std::vector<TitleForm> forms;
  Vocabulary vocabulary;
  for (std::uint32_t row = 0; row < movies; ++row) {
    const MovieTitle title = parse_movie_title(catalog.movie(row).title);
    forms.push_back(title_form(row, title.main, vocabulary));
    for (const auto& alternative : title.alternatives) forms.push_back(title_form(row, alternative, vocabulary));
  }
  // Every pair of title forms one of the rules can link, found by hashing instead of comparing every
  // film with every other that shares a lead word: the same title or head (rules 1 and 2), a title
  // that is the start of a part of the other (3 and 4), the same words up to the second meaningful one
  // (5). Pairs are ordered (earlier form, later form), so the decisions are the same whatever the order.
  std::unordered_map<Words, std::vector<std::uint32_t>, WordsHash> by_words, by_head, by_lead;
  for (std::uint32_t f = 0; f < forms.size(); ++f) {
    by_words[forms[f].words].push_back(f);
    by_head[forms[f].head].push_back(f);
    std::size_t meaningful = 0;
    for (std::size_t i = 0; i < forms[f].words.size(); ++i) {
      if (!vocabulary.minor(forms[f].words[i]) && ++meaningful == 2) {
        by_lead[Words(forms[f].words.begin(), forms[f].words.begin() + static_cast<std::ptrdiff_t>(i + 1))].push_back(f);
        break;
      }
    }
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pairs;
  const auto add_group = [&](const std::vector<std::uint32_t>& group) {
    for (std::size_t i = 0; i < group.size(); ++i) {
      for (std::size_t j = i + 1; j < group.size(); ++j) pairs.emplace_back(group[i], group[j]);
    }
  };
  for (const auto& [words, group] : by_head) add_group(group);
  for (const auto& [words, group] : by_lead) add_group(group);
  Words part;
  for (std::uint32_t f = 0; f < forms.size(); ++f) {
    const Words& words = forms[f].words;
    for (const auto start : forms[f].segment_starts) {
      // From the first word only strict prefixes; a later part may also equal the shorter title.
      const std::size_t longest = words.size() - start - (start == 0 ? 1 : 0);
      for (std::size_t length = 1; length <= longest; ++length) {
        part.assign(words.begin() + static_cast<std::ptrdiff_t>(start),
                    words.begin() + static_cast<std::ptrdiff_t>(start + length));
        const auto found = by_words.find(part);
        if (found == by_words.end()) continue;
        for (const auto other : found->second) {
          if (other != f) pairs.emplace_back(std::min(other, f), std::max(other, f));
        }
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  DisjointSets sets(movies);
  for (const auto& [first, second] : pairs) {
    const TitleForm& x = forms[first];
    const TitleForm& y = forms[second];
    if (x.movie == y.movie || sets.find(x.movie) == sets.find(y.movie)) continue;
    const bool x_shorter = x.words.size() <= y.words.size();
    const Link link = x_shorter ? title_link(x, y, vocabulary) : title_link(y, x, vocabulary);
    if (link == Link::none) continue;
    if (link == Link::strong || alike(x.movie, y.movie) >= (link == Link::weak ? kAlike : kVeryAlike)) {
      sets.join(x.movie, y.movie);
    }
  }
  std::vector<std::uint32_t> root_of(movies);
  for (std::uint32_t row = 0; row < movies; ++row) root_of[row] = sets.find(row);
  group(root_of);
}

SeriesIndex SeriesIndex::from_series(std::span<const std::uint32_t> series_of_row) {
  const auto movies = static_cast<std::uint32_t>(series_of_row.size());
  std::vector<std::uint32_t> root_of(movies);
  std::vector<std::uint32_t> members(movies, 0);
  for (std::uint32_t row = 0; row < movies; ++row) {
    const std::uint32_t series = series_of_row[row];
    root_of[row] = series == kNoSeries ? row : series;
    // A series is named by its first film, which belongs to it.
    if (series != kNoSeries && (series > row || series_of_row[series] != series)) {
      throw ArtifactError("catalog.bin: movie row " + std::to_string(row) + " names series " + std::to_string(series) +
                          ", which is not the first film of a series");
    }
    if (series != kNoSeries) ++members[series];
  }
  for (std::uint32_t row = 0; row < movies; ++row) {
    if (series_of_row[row] == row && members[row] < 2) {
      throw ArtifactError("catalog.bin: the series of movie row " + std::to_string(row) + " has no other film");
    }
  }
  SeriesIndex index;
  index.group(root_of);
  return index;
}

void SeriesIndex::group(std::span<const std::uint32_t> root_of) {
  const auto movies = static_cast<std::uint32_t>(root_of.size());
  size_.assign(movies, 0);
  for (std::uint32_t row = 0; row < movies; ++row) ++size_[root_of[row]];
  series_.assign(movies, kNoSeries);
  offset_.assign(movies, 0);
  series_count_ = 0;
  std::vector<std::uint32_t> start_of(movies, 0);
  std::uint32_t next = 0;
  for (std::uint32_t row = 0; row < movies; ++row) {
    if (root_of[row] == row) {
      start_of[row] = next;
      next += size_[row];
      if (size_[row] > 1) ++series_count_;
    }
  }
  members_.assign(movies, 0);
  std::vector<std::uint32_t> filled(movies, 0);
  for (std::uint32_t row = 0; row < movies; ++row) {
    const std::uint32_t root = root_of[row];
    offset_[row] = start_of[root];
    members_[start_of[root] + filled[root]++] = row;
    if (size_[root] > 1) series_[row] = root;
  }
  for (std::uint32_t row = 0; row < movies; ++row) size_[row] = size_[root_of[row]];
}

std::vector<std::uint32_t> SeriesIndex::others_in_series(std::uint32_t movie) const {
  if (series_of(movie) == kNoSeries) return {};
  std::vector<std::uint32_t> out;
  for (std::uint32_t i = 0; i < size_[movie]; ++i) {
    const std::uint32_t other = members_[offset_[movie] + i];
    if (other != movie) out.push_back(other);
  }
  return out;
}

SeriesIndex likeness_series(const Catalog& catalog, const MovieRows& likeness_rows, const HybridProfiles& profiles) {
  // The weighed row holds only content and audience (weigh_likeness zeroes the rest), so only those
  // blocks of the other film are read.
  const std::size_t compared = profiles.space().content_dimension + profiles.space().collaborative_dimension;
  // The pairs come film by film (one film against the rest of its bucket), so the weighed row of the
  // last film asked about is kept.
  std::vector<float> query;
  std::vector<float> scratch(compared);
  std::uint32_t weighed = UINT32_MAX;
  return SeriesIndex(catalog, [&](std::uint32_t a, std::uint32_t b) {
    if (a != weighed) {
      query = likeness_rows.copy(a);
      profiles.weigh_likeness(query, kDefaultAudienceShare);
      weighed = a;
    }
    return fixed_order_dot(query.data(), likeness_rows.read(b, scratch, 0, compared).data(), compared);
  });
}

}  // namespace movierec
