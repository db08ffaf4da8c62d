#pragma once
// A MovieLens title taken apart: MovieLens files a title under its noun and appends alternative titles
// and the year, "Bug's Life, A (1998)", "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)". People
// read and type "A Bug's Life (1998)" and "Amélie (2001)"; the alternative titles stay searchable.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace movierec {

struct MovieTitle {
  std::string main;                       // as people say it: "A Bug's Life", "Amélie"
  std::vector<std::string> alternatives;  // "Le Fabuleux destin d'Amélie Poulain"; "a.k.a." dropped
  std::uint16_t year = 0;                 // 0 = none in the title
};

// Never throws: text that does not follow the MovieLens conventions comes back as the main title.
MovieTitle parse_movie_title(std::string_view title);

// The title as people say it, without a year: "A Bug's Life", "Amélie" (the trimmed text when it does
// not follow the MovieLens conventions).
std::string spoken_title(std::string_view title);

// "A Bug's Life (1998)"; without a year just the main title. `year` (the catalog's) wins over the title's.
std::string display_title(std::string_view title, std::uint16_t year);

// Case-folded, accents stripped, every run of characters that are not letters or digits turned into one
// space: "Amélie (2001)" -> "amelie 2001 ". Invalid UTF-8 bytes count as separators.
std::string fold_to_words(std::string_view text);

// "Matrix, The" -> "The Matrix": a trailing article (English, French, Italian, Spanish, German, ...)
// moves to the front; anything else is returned unchanged.
std::string front_article(std::string_view title);

}  // namespace movierec
