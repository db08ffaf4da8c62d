#pragma once
// Fewer content dimensions: the catalog's sentence embeddings projected onto their principal directions
// (uncentred, so inner products are kept as well as a linear map of that size can), then L2-normalised
// again. The same projection is appended to the text model's graph, so a text embedded in the browser
// lands in the index's space with no extra step; the index, the download and every scan shrink with it.
#include <cstddef>
#include <span>
#include <vector>

#include <onnx/onnx_pb.h>

namespace movierec {

struct ContentProjection {
  std::size_t from = 0;      // the model's dimension (384 for MiniLM)
  std::size_t to = 0;        // the dimension kept
  std::vector<float> basis;  // from × to, row-major: column j is the j-th principal direction
  double retained_energy = 1.0;  // share of Σ‖c‖² the kept directions hold
};

// The `to` strongest directions of `rows` (row-major, `from` floats each; unit vectors in practice).
// Deterministic: each direction's largest component is positive. Throws InputError for to outside 1..from.
ContentProjection fit_content_projection(std::span<const float> rows, std::size_t from, std::size_t to);

// rows × basis, each result scaled to length 1 (a zero row stays zero), as the graph computes it.
std::vector<float> project_rows(const ContentProjection& projection, std::span<const float> rows);

// The model with `sentence_embedding` replaced by its projection, L2-normalised: MatMul with the basis
// (kept in float), then ReduceL2 / Max / Div as the encoder's own normalisation.
onnx::ModelProto append_projection(onnx::ModelProto model, const ContentProjection& projection);

}  // namespace movierec
