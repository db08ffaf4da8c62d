#include "artifacts/catalog_builder.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "movierec/errors.hpp"
#include "movierec/movie_title.hpp"

namespace movierec {
namespace {

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

std::string lower_ascii(std::string text) {
  for (auto& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// "  Pixar  animation " -> "pixar animation": tags are compared and shown lower-cased with single spaces.
std::string normalized_tag(const std::string& tag) {
  std::string out;
  for (const char c : lower_ascii(tag)) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Every tag per movie, most applied first ("Pixar" and "pixar " count together); ties go to the
// alphabetically first so builds are reproducible.
std::unordered_map<std::uint32_t, std::vector<std::string>> tags_by_movie(const std::vector<TagRow>& tags) {
  std::unordered_map<std::uint32_t, std::map<std::string, std::size_t>> counts;
  for (const auto& tag : tags) {
    auto text = normalized_tag(tag.tag);
    if (!text.empty()) ++counts[tag.movie_id][text];
  }
  std::unordered_map<std::uint32_t, std::vector<std::string>> ranked_tags;
  for (auto& [movie_id, by_tag] : counts) {
    std::vector<std::pair<std::string, std::size_t>> ranked(by_tag.begin(), by_tag.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    auto& out = ranked_tags[movie_id];
    for (auto& [text, count] : ranked) out.push_back(std::move(text));
  }
  return ranked_tags;
}

// After a movie's own tags, its strongest genome tags (ml-25m, ml-latest) that the users did not already
// write: most relevant first, at most kGenomeTagsPerMovie. For most films of a full catalog nobody wrote a
// tag, and the genome is the only text saying what they are about.
void add_genome_tags(const Dataset& dataset, std::unordered_map<std::uint32_t, std::vector<std::string>>& tags) {
  std::unordered_map<std::uint32_t, std::vector<const GenomeScore*>> by_movie;
  for (const auto& score : dataset.genome) by_movie[score.movie_id].push_back(&score);
  for (auto& [movie_id, scores] : by_movie) {
    std::stable_sort(scores.begin(), scores.end(),
                     [](const GenomeScore* a, const GenomeScore* b) { return a->relevance > b->relevance; });
    auto& out = tags[movie_id];
    std::size_t added = 0;
    for (const GenomeScore* score : scores) {
      if (added == kGenomeTagsPerMovie) break;
      std::string text = normalized_tag(dataset.genome_tags[score->tag]);
      if (text.empty() || std::find(out.begin(), out.end(), text) != out.end()) continue;
      out.push_back(std::move(text));
      ++added;
    }
  }
}

}  // namespace

std::string genre_in_words(const std::string& genre) {
  static const std::map<std::string, std::string, std::less<>> kWords = {
      {"Animation", "animated"},   {"Children", "children's"}, {"Film-Noir", "film noir"},
      {"Sci-Fi", "science fiction"}, {"IMAX", ""}};
  const auto found = kWords.find(genre);
  return found != kWords.end() ? found->second : lower_ascii(genre);
}

std::string embedding_text(const std::string& title, std::uint16_t year, const std::vector<std::string>& genres,
                           const std::vector<std::string>& tags, const std::string& overview) {
  std::string text = parse_movie_title(title).main;
  if (text.empty()) text = title;
  std::vector<std::string> words;
  for (const auto& genre : genres) {
    if (auto word = genre_in_words(genre); !word.empty()) words.push_back(std::move(word));
  }
  if (!words.empty() || year != 0) {
    const std::string kind = words.empty() ? "film" : joined(words, " ") + " film";
    const bool vowel = std::string_view("aeiou").find(kind.front()) != std::string_view::npos;
    text += std::string(". ") + (vowel ? "An " : "A ") + kind;
    if (year != 0) text += " from the " + std::to_string(year / 10 * 10) + "s";
  }
  text += ".";
  if (!overview.empty()) text += " " + overview;
  if (!tags.empty()) text += " About: " + joined(tags, ", ") + ".";
  return text;
}

CatalogBuild build_catalog(const Dataset& dataset) {
  std::set<std::string> genre_set;
  for (const auto& movie : dataset.movies) genre_set.insert(movie.genres.begin(), movie.genres.end());
  std::vector<std::string> genre_names(genre_set.begin(), genre_set.end());
  if (genre_names.size() > Catalog::kMaxGenres) {
    throw InputError("the dataset has " + std::to_string(genre_names.size()) + " distinct genres; at most 32 are supported");
  }
  std::unordered_map<std::string, std::uint32_t> genre_bit;
  for (std::size_t g = 0; g < genre_names.size(); ++g) genre_bit[genre_names[g]] = static_cast<std::uint32_t>(g);

  std::unordered_map<std::uint32_t, std::uint32_t> row_of_movie;
  for (std::size_t i = 0; i < dataset.movies.size(); ++i) {
    row_of_movie[dataset.movies[i].movie_id] = static_cast<std::uint32_t>(i);
  }
  std::unordered_map<std::uint32_t, const LinkRow*> link_of_movie;
  for (const auto& link : dataset.links) link_of_movie[link.movie_id] = &link;
  auto all_tags = tags_by_movie(dataset.tags);
  add_genome_tags(dataset, all_tags);

  std::vector<double> rating_sum(dataset.movies.size(), 0.0);
  std::vector<std::uint32_t> rating_count(dataset.movies.size(), 0);
  std::map<std::uint32_t, UserRatings> users;
  for (const auto& r : dataset.ratings) {
    const auto row = row_of_movie.find(r.movie_id);
    if (row == row_of_movie.end()) continue;  // the dataset loader already dropped these; stay defensive
    rating_sum[row->second] += r.rating;
    ++rating_count[row->second];
    auto& user = users[r.user_id];
    user.user_id = r.user_id;
    // ratings.bin stores half stars (MovieLens's scale); other sources are rounded to the nearest one.
    user.ratings.push_back({row->second, std::round(r.rating * 2.0f) / 2.0f});
  }

  CatalogBuild build;
  std::vector<Movie> movies;
  movies.reserve(dataset.movies.size());
  for (std::size_t i = 0; i < dataset.movies.size(); ++i) {
    const auto& row = dataset.movies[i];
    Movie movie;
    movie.id = row.movie_id;
    movie.title = row.title;
    movie.year = row.year;
    for (const auto& genre : row.genres) movie.genre_mask |= 1u << genre_bit.at(genre);
    movie.rating_count = rating_count[i];
    movie.average_rating = rating_count[i] ? static_cast<float>(rating_sum[i] / rating_count[i]) : 0.0f;
    if (const auto link = link_of_movie.find(row.movie_id); link != link_of_movie.end()) {
      movie.imdb_id = link->second->imdb_id;
      movie.tmdb_id = link->second->tmdb_id;
    }
    const auto tags = all_tags.find(row.movie_id);
    const std::vector<std::string> no_tags;
    const auto& movie_tags = tags == all_tags.end() ? no_tags : tags->second;
    const std::vector<std::string> shown(movie_tags.begin(),
                                         movie_tags.begin() + static_cast<std::ptrdiff_t>(std::min(movie_tags.size(), kTagsPerMovie)));
    movie.tags = joined(shown, ", ");
    movie.overview = row.overview;
    build.embedding_texts.push_back(embedding_text(row.title, row.year, row.genres, movie_tags, row.overview));
    movies.push_back(std::move(movie));
  }
  build.catalog = Catalog(std::move(genre_names), std::move(movies));
  std::vector<UserRatings> user_list;
  user_list.reserve(users.size());
  for (auto& [id, user] : users) user_list.push_back(std::move(user));
  build.ratings = RatingsMatrix(std::move(user_list), build.catalog.size());
  return build;
}

}  // namespace movierec
