#pragma once
// A MovieLens-format dataset of any size, made up: movies.csv, ratings.csv, tags.csv and links.csv with
// the real files' columns and conventions, so the pipeline and the site can be run at full-catalog size
// on a machine that cannot download the real releases.
//
// Its shape follows what makes MovieLens hard and useful:
// - popularity is a power law within each kind of film, and so is user activity (at least
//   `min_user_ratings` each, as GroupLens keeps only such users);
// - taste is latent: every movie belongs to one of a fixed set of kinds (a genre combination with its own
//   words), each user favours a few kinds, picks mostly from them and rates them higher, so collaborative
//   filtering has something to find and content (genres, tags) agrees with it;
// - titles follow MovieLens: "Name (Year)", a leading article moved to the end ("Silent River, The
//   (1994)"), alternative titles in parentheses, sequels numbered, commas and quotes that need CSV quoting,
//   accented letters;
// - tags are words of the movie's kind, a genre word or a generic remark, in mixed case;
// - with `genome`, a tag genome scores every kind word and remark for every movie: its own kind's words
//   strongly (0.6-1), the rest weakly.
// The same options and seed give the same bytes on every machine (no std:: distributions).
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace movierec {

struct SyntheticOptions {
  std::uint32_t movies = 87585;
  std::uint32_t users = 30000;
  std::uint64_t ratings = 5000000;  // about: users' counts are drawn, then scaled to this total
  std::uint64_t tags = 300000;
  std::uint32_t min_user_ratings = 20;
  bool genome = false;  // also genome-tags.csv and genome-scores.csv, as ml-25m has: every movie x every word
  std::uint64_t seed = 1;
};

struct SyntheticSummary {
  std::uint32_t movies = 0, users = 0;
  std::uint64_t ratings = 0, tags = 0;
};

// Writes the four CSVs (six with the genome) into `out` (replaced as a whole: they are written into a temporary folder beside
// it, which is renamed at the end). Throws InputError for options that cannot make a dataset (no movies,
// no users, fewer movies than a user must rate) and Error when a file cannot be written.
// `progress(done, total)` is called as ratings are written.
SyntheticSummary write_synthetic_movielens(const std::filesystem::path& out, const SyntheticOptions& options,
                                           const std::function<void(std::uint64_t, std::uint64_t)>& progress = {});

}  // namespace movierec
