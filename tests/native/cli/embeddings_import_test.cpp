// The path past one machine for the embedding step: `movierec texts` writes what the build embeds, a job
// elsewhere embeds it (here `movierec embed --csv`, as a batch worker would run it), and
// `movierec build --embeddings` reads the result instead of embedding the catalog itself, after checking
// a sample against its own model.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "artifacts/artifact_loader.hpp"
#include "cli/build_command.hpp"
#include "cli/query_commands.hpp"
#include "error_message.hpp"
#include "fixture_dataset.hpp"
#include "ingest/csv_reader.hpp"
#include "ingest/builder_files.hpp"

namespace movierec {
namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The tiny MovieLens fixture built with the real model (or a skip without it), and its texts.
class EmbeddingsImport : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* model = std::getenv("MOVIEREC_MODEL_DIR");
    if (model == nullptr) GTEST_SKIP() << "MOVIEREC_MODEL_DIR not set (pipeline/model/fetch_model.sh DIR)";
    plain.data_dir = testing::materialize_fixture("movielens_tiny");
    work = plain.data_dir.parent_path();
    plain.model_dir = model;
    plain.out_dir = work / "plain";
    std::ostringstream ingest_log;
    ASSERT_EQ(run_texts(plain, texts, ingest_log), 0);
  }
  void TearDown() override {
    if (!work.empty()) std::filesystem::remove_all(work);
  }

  BuildOptions plain;
  std::filesystem::path work;
  std::ostringstream texts;
};

TEST_F(EmbeddingsImport, ABuildFromEmbeddingsMadeElsewhereGivesTheSameNeighbours) {
  std::ostringstream log;
  ASSERT_EQ(run_build(plain, log), 0) << log.str();
  EXPECT_EQ(texts.str().substr(0, texts.str().find('\n')), "movieId,text");
  std::istringstream texts_in(texts.str());
  std::ostringstream vectors;
  ASSERT_EQ(run_embed(plain.out_dir, true, texts_in, vectors), 0);
  write_text(work / "vectors.csv", vectors.str());

  BuildOptions imported = plain;
  imported.embeddings = work / "vectors.csv";
  imported.out_dir = work / "imported";
  std::ostringstream import_log;
  ASSERT_EQ(run_build(imported, import_log), 0) << import_log.str();
  EXPECT_NE(import_log.str().find("embeddings read from"), std::string::npos) << import_log.str();
  EXPECT_NE(import_log.str().find("lowest cosine"), std::string::npos) << import_log.str();

  const LoadedArtifacts a = load_artifacts(plain.out_dir), b = load_artifacts(imported.out_dir);
  ASSERT_EQ(a.recommender->catalog().size(), b.recommender->catalog().size());
  // One text at a time and in batches, the model gives the same vectors up to float rounding: every
  // movie's neighbours are the same.
  for (std::uint32_t movie = 0; movie < a.recommender->catalog().size(); ++movie) {
    const auto mine = a.recommender->similar_to(movie, 3), theirs = b.recommender->similar_to(movie, 3);
    ASSERT_EQ(mine.size(), theirs.size());
    for (std::size_t i = 0; i < mine.size(); ++i) {
      EXPECT_EQ(mine[i].movie_index, theirs[i].movie_index) << "movie " << movie << ", rank " << i;
      EXPECT_NEAR(mine[i].similarity, theirs[i].similarity, 0.01f);
    }
  }
}

TEST_F(EmbeddingsImport, EmbeddingsFromAnotherModelAreRefusedAndNothingIsWritten) {
  BuildOptions options = plain;
  // Unit vectors along one axis each: the right shape, not this model's meaning.
  const std::string csv = texts.str();
  CsvReader reader(csv, "texts");
  reader.read_header();
  std::vector<std::uint32_t> ids;
  while (reader.read_record()) ids.push_back(reader.field_u32(reader.require_column("movieId")));
  std::vector<float> rows(ids.size() * 384, 0.0f);
  for (std::size_t i = 0; i < ids.size(); ++i) rows[i * 384 + i % 384] = 1.0f;
  write_text(work / "other.csv", write_embeddings_csv(ids, rows, 384));
  options.embeddings = work / "other.csv";
  std::ostringstream log;
  const std::string error = testing::error_of([&] { (void)run_build(options, log); });
  EXPECT_NE(error.find("other.csv: the embedding of movieId"), std::string::npos) << error;
  EXPECT_NE(error.find("with this build's model"), std::string::npos) << error;
  EXPECT_FALSE(std::filesystem::exists(options.out_dir));
}

}  // namespace
}  // namespace movierec
