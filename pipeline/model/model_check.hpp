#pragma once
// `movierec check-model`: proves the C++-built encoder matches sentence-transformers and that int8
// quantization keeps it close. Prints, and returns non-zero if any figure misses its bar:
//   1. fp32 graph vs the reference fixture (sentence-transformers' own vectors): cosine per sentence
//      ≥ 0.9999, both from the reference token ids (the graph alone) and from our tokenizer (end to end);
//   2. int8 vs fp32 on the catalog texts: mean cosine ≥ 0.995, min ≥ 0.98;
//   3. top-10 neighbours (exact inner product over the catalog) of int8 vs fp32: mean overlap ≥ 0.9.
#include <cstddef>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace movierec {

struct ModelCheckInputs {
  // A sentence-transformers folder: config.json, model.safetensors, vocab.txt (pipeline/model/fetch_model.sh).
  std::filesystem::path model_dir;
  // The texts the index is built from (e.g. every catalog movie's embedding text). When empty, the
  // reference sentences stand in, which makes the neighbour figure weak.
  std::vector<std::string> catalog_texts;
  // tests/fixtures/reference_embeddings.json (scripts/make_reference_embeddings.py).
  std::filesystem::path reference_fixture;
  // A shipped int8 model to check instead of quantizing the fp32 graph in memory (optional).
  std::filesystem::path int8_model;
  std::size_t batch_size = 32;
};

struct ModelCheckBars {
  double reference_cosine_min = 0.9999;
  double int8_cosine_mean = 0.995;
  double int8_cosine_min = 0.98;
  double neighbour_overlap_mean = 0.9;
  std::size_t neighbours = 10;
};

// Returns 0 when every bar is met, 1 otherwise. Throws Error when inputs cannot be read.
int check_model(const ModelCheckInputs& inputs, std::ostream& out, const ModelCheckBars& bars = {});

}  // namespace movierec
