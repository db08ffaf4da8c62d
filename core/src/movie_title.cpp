#include "movierec/movie_title.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <unordered_map>

namespace movierec {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "1995", "1995-", "2007–2013" (a series' run): the first year, or 0 when `text` is no year.
std::uint16_t year_in(std::string_view text) {
  if (text.size() < 4 || !std::all_of(text.begin(), text.begin() + 4, is_digit)) return 0;
  const std::string_view rest = text.substr(4);
  const bool range = rest.empty() || rest == "-" || rest.starts_with("-") || rest.starts_with("\xE2\x80\x93");  // "–"
  if (!range) return 0;
  const std::string_view tail = rest.starts_with("-") ? rest.substr(1) : rest.empty() ? rest : rest.substr(3);
  if (!std::all_of(tail.begin(), tail.end(), is_digit) || tail.size() > 4) return 0;
  return static_cast<std::uint16_t>((text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0'));
}

// The text of a trailing "( ... )" group, balanced, or npos when `s` does not end with one.
std::size_t trailing_group_start(std::string_view s) {
  if (s.empty() || s.back() != ')') return std::string_view::npos;
  int depth = 0;
  for (std::size_t i = s.size(); i-- > 0;) {
    if (s[i] == ')') ++depth;
    if (s[i] == '(' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

constexpr std::array<std::string_view, 18> kArticles = {"The", "A",  "An", "Les", "La", "Le",  "L'",  "Il",  "Die",
                                                       "Der", "Das", "El", "Los", "Las", "I", "Gli", "Un", "Une"};

// Letter runs of `text` with their folded form: "d'Amélie" -> ("d", "d"), ("Amélie", "amelie").
std::vector<std::pair<std::string, std::string>> words_with_folds(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> words;
  std::string word;
  const auto flush = [&] {
    if (word.empty()) return;
    std::string folded = fold_to_words(word);
    while (!folded.empty() && folded.back() == ' ') folded.pop_back();
    words.emplace_back(word, folded);
    word.clear();
  };
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  while (remaining > 0) {
    utf8proc_int32_t code_point = 0;
    auto length = utf8proc_iterate(bytes, remaining, &code_point);
    if (length <= 0) {
      length = 1;
      code_point = -1;
    }
    const auto category = code_point < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(code_point);
    const bool letter = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LL ||
                        category == UTF8PROC_CATEGORY_LT || category == UTF8PROC_CATEGORY_LO ||
                        category == UTF8PROC_CATEGORY_MN;
    if (letter) {
      word.append(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
    } else {
      flush();
    }
    bytes += length;
    remaining -= length;
  }
  flush();
  return words;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// "Amelie" with the alternative title "Le Fabuleux destin d'Amélie Poulain" -> "Amélie": MovieLens often
// spells the main title without its accents, and an alternative title holds the real spelling.
std::string restore_accents(const std::string& main, const std::vector<std::string>& alternatives) {
  std::unordered_map<std::string, std::string> accented;  // folded -> spelled with accents
  for (const auto& alternative : alternatives) {
    for (auto& [word, folded] : words_with_folds(alternative)) {
      if (!is_ascii(word) && !folded.empty()) accented.emplace(folded, word);
    }
  }
  if (accented.empty() || !is_ascii(main)) return main;
  std::string out;
  std::size_t i = 0;
  while (i < main.size()) {
    const auto is_letter = [&](std::size_t k) {
      const char c = main[k];
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    if (!is_letter(i)) {
      out.push_back(main[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < main.size() && is_letter(end)) ++end;
    const std::string word = main.substr(i, end - i);
    std::string folded = word;
    for (auto& c : folded) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    const auto found = accented.find(folded);
    // Only the case of the word's first letter is kept from the main title ("Amelie" + "amélie").
    if (found != accented.end() && (word[0] >= 'A' && word[0] <= 'Z') == (found->second[0] >= 'A' && found->second[0] <= 'Z')) {
      out += found->second;
    } else {
      out += word;
    }
    i = end;
  }
  return out;
}

}  // namespace

std::string fold_to_words(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  auto remaining = static_cast<utf8proc_ssize_t>(text.size());
  const auto separate = [&out] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  while (remaining > 0) {
    utf8proc_int32_t code_point = 0;
    auto length = utf8proc_iterate(bytes, remaining, &code_point);
    if (length <= 0) {
      length = 1;
      code_point = -1;
    }
    bytes += length;
    remaining -= length;
    if (code_point < 0) {
      separate();
      continue;
    }
    if (code_point < 0x80) {  // fast path for ASCII, which is most of every catalog
      const auto c = static_cast<char>(code_point);
      if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c - 'A' + 'a'));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.push_back(c);
      } else {
        separate();
      }
      continue;
    }
    utf8proc_int32_t decomposed[8];
    int last_boundclass = 0;
    const auto count = utf8proc_decompose_char(
        code_point, decomposed, 8,
        static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD), &last_boundclass);
    if (count <= 0 || count > 8) {
      separate();
      continue;
    }
    for (utf8proc_ssize_t i = 0; i < count; ++i) {
      const auto category = utf8proc_category(decomposed[i]);
      const bool word = category == UTF8PROC_CATEGORY_LU || category == UTF8PROC_CATEGORY_LL ||
                        category == UTF8PROC_CATEGORY_LT || category == UTF8PROC_CATEGORY_LM ||
                        category == UTF8PROC_CATEGORY_LO || category == UTF8PROC_CATEGORY_ND ||
                        category == UTF8PROC_CATEGORY_NL || category == UTF8PROC_CATEGORY_NO;
      if (!word) {
        separate();
        continue;
      }
      utf8proc_uint8_t encoded[4];
      const auto n = utf8proc_encode_char(decomposed[i], encoded);
      out.append(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(n));
    }
  }
  return out;
}

std::string front_article(std::string_view title) {
  const std::string_view text = trim(title);
  const auto comma = text.rfind(", ");
  if (comma == std::string_view::npos || comma == 0) return std::string(text);
  const std::string_view article = text.substr(comma + 2);
  if (std::find(kArticles.begin(), kArticles.end(), article) == kArticles.end()) return std::string(text);
  const std::string_view rest = text.substr(0, comma);
  return std::string(article) + (article.ends_with('\'') ? "" : " ") + std::string(rest);
}

MovieTitle parse_movie_title(std::string_view title) {
  MovieTitle parsed;
  std::string_view rest = trim(title);
  if (const auto start = trailing_group_start(rest); start != std::string_view::npos) {
    if (const auto year = year_in(rest.substr(start + 1, rest.size() - start - 2)); year != 0) {
      parsed.year = year;
      rest = trim(rest.substr(0, start));
    }
  }
  std::vector<std::string> alternatives;
  for (auto start = trailing_group_start(rest); start != std::string_view::npos && start > 0;
       start = trailing_group_start(rest)) {
    std::string_view alternative = trim(rest.substr(start + 1, rest.size() - start - 2));
    for (std::string_view aka : {"a.k.a. ", "aka "}) {
      if (alternative.starts_with(aka)) alternative.remove_prefix(aka.size());
    }
    if (!alternative.empty()) alternatives.push_back(front_article(alternative));
    rest = trim(rest.substr(0, start));
  }
  std::reverse(alternatives.begin(), alternatives.end());
  parsed.main = restore_accents(front_article(rest), alternatives);
  parsed.alternatives = std::move(alternatives);
  return parsed;
}

std::string spoken_title(std::string_view title) {
  MovieTitle parsed = parse_movie_title(title);
  return parsed.main.empty() ? std::string(trim(title)) : std::move(parsed.main);
}

std::string display_title(std::string_view title, std::uint16_t year) {
  const MovieTitle parsed = parse_movie_title(title);
  // Text without a main title ("(1999)") is shown as it is, not given its year twice.
  if (parsed.main.empty()) return std::string(trim(title));
  const std::uint16_t shown = year != 0 ? year : parsed.year;
  return shown == 0 ? parsed.main : parsed.main + " (" + std::to_string(shown) + ")";
}

}  // namespace movierec
