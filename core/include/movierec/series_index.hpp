#pragma once
// Films of one series (sequels, prequels, spin-offs, remakes), derived from the catalog's titles and,
// where the titles alone are ambiguous, from how alike the films are. Never a hand-written list.
//
// Two films are linked when one title form (the main title or an alternative) of each matches:
//   title + sequel mark             "Toy Story" / "Toy Story 2", "Rocky" / "Rocky IV", "Kill Bill: Vol. 2"
//   same text before ":"            "Star Wars: Episode IV ..." / "Star Wars: The Last Jedi"
// and, only when `alike(a, b)` is at least kAlike (their content and audience agree):
//   same title                      "Dawn of the Dead" (1978) and (2004), but not "The Mask" and "Mask"
//   title + ": subtitle"            "Alien" / "Alien: Resurrection" (but not "The Mission" / "Mission: Impossible")
//   title + more words              "Shrek" / "Shrek the Third" (a one-word title only if very alike:
//                                   "Batman" / "Batman Returns" but not "Big" / "Big Fish")
//   subtitle: title                 "The Lost World: Jurassic Park" (but not "Mission: Impossible" / "The Impossible")
//   two or more shared lead words   "Harry Potter and the ..." / "Harry Potter and the ..."
// The series are the connected groups of links.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace movierec {

class Catalog;
class HybridProfiles;
class MovieRows;

inline constexpr std::uint32_t kNoSeries = UINT32_MAX;

class SeriesIndex {
 public:
  // alike(a, b) in [0, 1] for catalog rows a != b; consulted for the weak title matches only.
  static constexpr float kAlike = 0.45f;
  // A one-word title that another title begins with: "Batman" / "Batman Forever" but not "Big" / "Big Fish".
  static constexpr float kVeryAlike = 0.55f;

  SeriesIndex() = default;
  SeriesIndex(const Catalog& catalog, const std::function<float(std::uint32_t, std::uint32_t)>& alike);
  // The series a build derived and shipped (series() of this engine's derivation, per catalog row).
  // Throws ArtifactError unless every series is named by its first film and has at least two films.
  static SeriesIndex from_series(std::span<const std::uint32_t> series_of_row);

  // The series of a catalog row (the smallest row of the series), or kNoSeries for a film on its own.
  std::uint32_t series_of(std::uint32_t movie) const { return movie < series_.size() ? series_[movie] : kNoSeries; }
  bool same_series(std::uint32_t a, std::uint32_t b) const {
    const auto s = series_of(a);
    return s != kNoSeries && s == series_of(b);
  }
  // Every film of the movie's series but the movie itself, in catalog order; empty for a film on its own.
  std::vector<std::uint32_t> others_in_series(std::uint32_t movie) const;
  std::size_t series_count() const { return series_count_; }
  // series_of() for every catalog row.
  const std::vector<std::uint32_t>& series() const { return series_; }

 private:
  // Fills the tables from each row's root (the first film of its series; the row itself when alone).
  void group(std::span<const std::uint32_t> root_of);

  std::vector<std::uint32_t> series_;   // per catalog row
  std::vector<std::uint32_t> members_;  // catalog rows grouped by series, series in order of first row
  std::vector<std::uint32_t> offset_;   // per catalog row: where its series starts in members_
  std::vector<std::uint32_t> size_;     // per catalog row: how many films its series has (1 = alone)
  std::size_t series_count_ = 0;
};

// The series as the engine derives them: weak title matches count when the films are alike at the
// default blend of content and audience (HybridProfiles::likeness_rows; a content-only index's unit rows).
SeriesIndex likeness_series(const Catalog& catalog, const MovieRows& likeness_rows, const HybridProfiles& profiles);

}  // namespace movierec
