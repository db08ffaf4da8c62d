// libFuzzer entry for the whole ingest: the input is split at NUL bytes into movies.csv, ratings.csv,
// tags.csv, links.csv, genome-tags.csv and genome-scores.csv (missing parts mean absent optional files). Loading must either produce a
// dataset whose counts add up or throw InputError.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/movielens_dataset.hpp"
#include "movierec/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  while (parts.size() < 5) {
    const std::size_t nul = rest.find('\0');
    if (nul == std::string_view::npos) break;
    parts.emplace_back(rest.substr(0, nul));
    rest.remove_prefix(nul + 1);
  }
  parts.emplace_back(rest);

  movierec::DatasetTexts texts;
  texts.name = "fuzz";
  texts.movies_csv = parts[0];
  texts.ratings_csv = parts.size() > 1 ? parts[1] : "userId,movieId,rating\n";
  if (parts.size() > 2) texts.tags_csv = parts[2];
  if (parts.size() > 3) texts.links_csv = parts[3];
  if (parts.size() > 4) texts.genome_tags_csv = parts[4];
  if (parts.size() > 5) texts.genome_scores_csv = parts[5];

  try {
    const movierec::Dataset dataset = movierec::parse_dataset(texts);
    std::ostringstream report;
    movierec::print_ingest_report(dataset, report);
    // Every row read is either kept or counted as dropped.
    for (const movierec::FileStats* stats :
         {&dataset.stats.movies, &dataset.stats.ratings, &dataset.stats.tags, &dataset.stats.links,
          &dataset.stats.genome_tags, &dataset.stats.genome_scores}) {
      if (stats->rows_kept + stats->rows_rejected() != stats->rows_read) std::abort();
      if (stats->first_rejections.size() > movierec::FileStats::kSampleLimit) std::abort();
    }
    if (dataset.movies.size() != dataset.stats.movies.rows_kept) std::abort();
    if (dataset.ratings.size() != dataset.stats.ratings.rows_kept) std::abort();
    if (dataset.genome.size() > dataset.stats.genome_scores.rows_kept) std::abort();
    for (const auto& score : dataset.genome) {
      if (score.tag >= dataset.genome_tags.size() || !(score.relevance >= movierec::kGenomeRelevance)) std::abort();
    }
  } catch (const movierec::InputError&) {
    // malformed input is reported, which is the expected outcome for most inputs
  }
  return 0;
}
