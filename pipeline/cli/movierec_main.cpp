// The movierec command line: the native twin of the browser engine.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

#include "artifacts/artifact_loader.hpp"
#include "artifacts/artifact_writer.hpp"
#include "artifacts/catalog_builder.hpp"
#include "cli/build_command.hpp"
#include "cli/eval_command.hpp"
#include "cli/query_commands.hpp"
#include "cli/tokenize_command.hpp"
#include "ingest/dataset_download.hpp"
#include "ingest/movielens_dataset.hpp"
#include "ingest/progress_bar.hpp"
#include "synthetic/synthetic_movielens.hpp"
#include "model/model_check.hpp"
#include "movierec/errors.hpp"
#include "movierec/wordpiece_tokenizer.hpp"
#include "relevance/relevance_command.hpp"

namespace fs = std::filesystem;
using namespace movierec;

namespace {

// $MOVIELENS_DATASET, else ml-latest-small: the GroupLens release to download.
std::string release_name() {
  if (const char* env = std::getenv("MOVIELENS_DATASET"); env && *env) return env;
  return kMovieLensReleases[0];
}

// --data, else $MOVIELENS_DIR, else the verified download cached under data/.
fs::path resolve_data_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("MOVIELENS_DIR"); env && *env) return env;
  const std::string dataset = release_name();
  std::cerr << "movierec: no --data or MOVIELENS_DIR; using the " << dataset << " download cached in data/\n";
  return ensure_movielens(release_download_options(dataset));
}

// --model, else $MOVIEREC_MODEL_DIR, else the folder pipeline/model/fetch_model.sh fills.
fs::path resolve_model_dir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("MOVIEREC_MODEL_DIR"); env && *env) return env;
  const fs::path dir = "data/models/all-MiniLM-L6-v2";
  const std::string fetch = std::string("bash '") + MOVIEREC_SOURCE_DIR + "/pipeline/model/fetch_model.sh' '" + dir.string() + "'";
  if (std::system(fetch.c_str()) != 0) throw Error("could not obtain the model (pipeline/model/fetch_model.sh failed); pass --model DIR");
  return dir;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"movierec: build and query the movie recommender's artifacts"};
  app.require_subcommand(1);

  BuildOptions build;
  std::string data_flag, model_flag, out_dir = "public/artifacts";
  auto* build_cmd = app.add_subcommand("build", "MovieLens + MiniLM -> int8 ONNX model, embeddings, FAISS index, artifacts");
  build_cmd->add_option("--data", data_flag, "MovieLens folder (default: $MOVIELENS_DIR, else download)");
  build_cmd->add_option("--overviews", build.overviews,
                        "CSV of plot descriptions to join: an overview column and movieId, tmdbId or imdbId");
  build_cmd->add_option("--model", model_flag, "sentence-transformers model folder (default: fetch all-MiniLM-L6-v2)");
  build_cmd->add_option("--embeddings", build.embeddings,
                        "CSV of the catalog's embeddings made elsewhere from `movierec texts` (movieId,e0,...)");
  build_cmd->add_option("--out", out_dir, "artifact folder, replaced atomically")->capture_default_str();
  build_cmd->add_option("--batch-size", build.batch_size, "sentences per ONNX Runtime batch")->capture_default_str();
  build_cmd->add_flag("--tune", build.tune, "choose the collaborative settings on a validation split (as eval does) instead of the validated defaults");
  build_cmd->add_option("--threads", build.threads, "threads for the ALS solves")->capture_default_str();
  build_cmd->add_option("--content-dimension", build.content_dimension,
                        "content dimensions kept by the index and the text model (principal directions; 0 = all)")
      ->capture_default_str();

  std::string artifacts = "public/artifacts";
  QueryOptions query;
  auto add_query_flags = [&](CLI::App* cmd) {
    cmd->add_option("--artifacts", artifacts, "artifact folder")->capture_default_str();
    cmd->add_option("-k", query.k, "number of results (1-50)")->capture_default_str();
    cmd->add_flag("--json", query.json, "JSON output with the seed API's field names");
    cmd->add_flag("--stdin", query.batch, "read one query per stdin line, write one JSON line each");
  };
  auto* similar_cmd = app.add_subcommand("similar", "movies similar to a title");
  similar_cmd->add_option("--title", query.text, "movie title (typos tolerated)");
  add_query_flags(similar_cmd);
  const auto add_blend_flag = [&](CLI::App* cmd) {
    cmd->add_option("--audience-share", query.audience_share,
                    "blend: 0 = same story and genre, 1 = same audience (default: the build's tuned blend)")
        ->check(CLI::Range(0.0, 1.0));
  };
  add_blend_flag(similar_cmd);
  auto* recommend_cmd = app.add_subcommand("recommend", "recommendations for a MovieLens user, or for a visitor's ratings file");
  auto* user_flag = recommend_cmd->add_option("--user", query.text, "MovieLens user id");
  recommend_cmd
      ->add_option("--profile", query.profile,
                   "a visitor's ratings: the site's export (My taste -> Export) or CSV movie_id,rating (0 = not interested)")
      ->excludes(user_flag);
  add_query_flags(recommend_cmd);
  add_blend_flag(recommend_cmd);
  auto* search_cmd = app.add_subcommand("search", "free-text search (\"a heist inside dreams\")");
  search_cmd->add_option("--text", query.text, "what the movie is about");
  add_query_flags(search_cmd);

  auto* validate_cmd = app.add_subcommand("validate", "load every artifact, verify hashes and self-check; exit 0/1");
  validate_cmd->add_option("--artifacts", artifacts, "artifact folder")->capture_default_str();

  std::string vocab_path;
  std::size_t max_seq_length = 256;
  bool no_lower_case = false;
  auto* tokenize_cmd = app.add_subcommand("tokenize", "stdin lines -> JSON lines {\"input_ids\":[...]}");
  tokenize_cmd->add_option("--vocab", vocab_path, "vocab.txt")->required();
  tokenize_cmd->add_option("--max-seq-length", max_seq_length)->capture_default_str();
  tokenize_cmd->add_flag("--no-lower-case", no_lower_case, "keep case and accents (cased models)");

  auto* embed_cmd = app.add_subcommand("embed", "stdin lines -> JSON lines {\"embedding\":[...]} with the shipped int8 model");
  embed_cmd->add_option("--artifacts", artifacts, "artifact folder")->capture_default_str();
  bool embed_csv = false;
  embed_cmd->add_flag("--csv", embed_csv, "stdin is `movierec texts` CSV, stdout the embeddings CSV `build --embeddings` reads");

  auto* texts_cmd = app.add_subcommand("texts", "the text the build embeds for every movie, as CSV (movieId,text) on stdout");
  texts_cmd->add_option("--data", data_flag, "MovieLens folder (default: $MOVIELENS_DIR, else download)");
  texts_cmd->add_option("--overviews", build.overviews, "CSV of plot descriptions to join, as build takes it");

  ModelCheckInputs check;
  std::string reference = std::string(MOVIEREC_SOURCE_DIR) + "/tests/fixtures/reference_embeddings.json";
  auto* check_cmd = app.add_subcommand("check-model", "fp32 graph vs sentence-transformers, int8 vs fp32 on the catalog");
  check_cmd->add_option("--model", model_flag, "sentence-transformers model folder");
  check_cmd->add_option("--data", data_flag, "MovieLens folder whose catalog texts are compared");
  check_cmd->add_option("--reference", reference, "reference embeddings fixture")->capture_default_str();
  std::string int8_flag;
  check_cmd->add_option("--int8", int8_flag, "check this int8 model (e.g. public/artifacts/model.int8.onnx) instead of quantizing afresh");

  std::string fetch_dataset = release_name(), fetch_url, fetch_cache = "data";
  auto* fetch_cmd = app.add_subcommand("fetch-data", "download, verify and unpack a MovieLens release into data/ (resumable)");
  fetch_cmd->add_option("--dataset", fetch_dataset, "ml-latest-small, ml-25m, ml-32m or ml-latest (default: $MOVIELENS_DATASET)")
      ->capture_default_str();
  fetch_cmd->add_option("--url", fetch_url, "a mirror of the release's zip");
  fetch_cmd->add_option("--cache", fetch_cache)->capture_default_str();

  SyntheticOptions synthetic;
  std::string synthetic_out;
  auto* generate_cmd = app.add_subcommand(
      "generate-data", "write a made-up MovieLens-format dataset of any size (power-law popularity, latent taste)");
  generate_cmd->add_option("--out", synthetic_out, "dataset folder, replaced as a whole")->required();
  generate_cmd->add_option("--movies", synthetic.movies)->capture_default_str();
  generate_cmd->add_option("--users", synthetic.users)->capture_default_str();
  generate_cmd->add_option("--ratings", synthetic.ratings, "about this many ratings in all")->capture_default_str();
  generate_cmd->add_option("--tags", synthetic.tags)->capture_default_str();
  generate_cmd->add_option("--min-user-ratings", synthetic.min_user_ratings)->capture_default_str();
  generate_cmd->add_option("--seed", synthetic.seed)->capture_default_str();
  generate_cmd->add_flag("--genome", synthetic.genome, "also a tag genome (genome-tags.csv, genome-scores.csv) as in ml-25m");

  EvalOptions eval;
  std::string eval_protocol = "holdout";
  auto* eval_cmd = app.add_subcommand("eval", "offline evaluation of popularity, content, collaborative, hybrid and EASE");
  eval_cmd->add_option("--data", data_flag, "MovieLens folder (default: $MOVIELENS_DIR, else download)");
  eval_cmd->add_option("--artifacts", artifacts, "artifact folder (content vectors)")->capture_default_str();
  eval_cmd->add_option("--protocol", eval_protocol, "holdout or temporal")
      ->check(CLI::IsMember({"holdout", "temporal"}))->capture_default_str();
  eval_cmd->add_flag("--json", eval.json, "print one JSON object instead of writing reports/<protocol>/");
  eval_cmd->add_option("--reports", eval.reports_dir, "where results.md and results.svg go")->capture_default_str();
  eval_cmd->add_option("--threads", eval.threads, "threads for the ALS solves")->capture_default_str();

  RelevanceOptions relevance;
  auto* relevance_cmd = app.add_subcommand(
      "relevance", "score the hand-written relevance benchmarks (describe + similar) through the engine and its text model");
  relevance_cmd->add_option("--artifacts", relevance.artifacts, "artifact folder")->capture_default_str();
  relevance_cmd->add_option("--benchmarks", relevance.benchmarks, "folder with describe.tsv and similar.tsv")->capture_default_str();
  relevance_cmd->add_flag("--json", relevance.json, "one JSON object: metrics, skipped rows, every row's rank and top 10");
  relevance_cmd->add_option("--report", relevance.report, "also write the metric table as a Markdown section to this file");

  CLI11_PARSE(app, argc, argv);

  try {
    if (*build_cmd) {
      build.data_dir = resolve_data_dir(data_flag);
      build.model_dir = resolve_model_dir(model_flag);
      build.out_dir = out_dir;
      return run_build(build, std::cout);
    }
    if (*similar_cmd) return run_similar(artifacts, query, std::cin, std::cout);
    if (*recommend_cmd) return run_recommend(artifacts, query, std::cin, std::cout);
    if (*search_cmd) return run_search(artifacts, query, std::cin, std::cout);
    if (*validate_cmd) return run_validate(artifacts, std::cout);
    if (*embed_cmd) return run_embed(artifacts, embed_csv, std::cin, std::cout);
    if (*texts_cmd) {
      build.data_dir = resolve_data_dir(data_flag);
      return run_texts(build, std::cout, std::cerr);
    }
    if (*tokenize_cmd) {
      const auto vocab = read_file_bytes(vocab_path);
      const WordPieceTokenizer tokenizer(std::string_view(reinterpret_cast<const char*>(vocab.data()), vocab.size()),
                                         !no_lower_case, max_seq_length);
      return tokenize_lines(tokenizer, std::cin, std::cout);
    }
    if (*check_cmd) {
      check.model_dir = resolve_model_dir(model_flag);
      check.reference_fixture = reference;
      check.int8_model = int8_flag;
      const auto built = build_catalog(load_dataset(resolve_data_dir(data_flag)));
      check.catalog_texts = built.embedding_texts;
      return check_model(check, std::cout);
    }
    if (*eval_cmd) {
      eval.data_dir = resolve_data_dir(data_flag);
      eval.artifacts_dir = artifacts;
      eval.protocol = eval_protocol == "temporal" ? SplitProtocol::temporal : SplitProtocol::holdout;
      return run_eval(eval, std::cout, std::cerr);
    }
    if (*relevance_cmd) return run_relevance(relevance, std::cout);
    if (*generate_cmd) {
      ProgressBar bar("    ratings", ProgressBar::Unit::items);
      const SyntheticSummary made = write_synthetic_movielens(
          synthetic_out, synthetic, [&](std::uint64_t done, std::uint64_t total) { bar.update(done, total); });
      std::cout << synthetic_out << ": " << made.movies << " movies, " << made.users << " users, " << made.ratings
                << " ratings, " << made.tags << " tags\n";
      return 0;
    }
    if (*fetch_cmd) {
      DownloadOptions download = release_download_options(fetch_dataset);
      download.cache_dir = fetch_cache;
      if (!fetch_url.empty()) {
        download.url = fetch_url;
        if (!download.archive_md5_url.empty()) download.archive_md5_url = fetch_url + ".md5";
      }
      std::cout << ensure_movielens(download).string() << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "movierec: " << e.what() << "\n";
    return 1;
  }
  return 1;
}
