#include <string>

#include <nlohmann/json.hpp>

#include "movierec/errors.hpp"
#include "movierec/hybrid_space.hpp"

namespace movierec {
namespace {

using Json = nlohmann::json;

const Json& field(const Json& object, const char* name, const std::string& path) {
  const auto found = object.find(name);
  if (found == object.end()) throw ArtifactError("manifest.json: \"" + path + name + "\" is missing");
  return *found;
}

float number(const Json& object, const char* name, const std::string& path) {
  const Json& value = field(object, name, path);
  if (!value.is_number()) throw ArtifactError("manifest.json: \"" + path + name + "\" must be a number");
  return value.get<float>();
}

std::size_t count(const Json& object, const char* name, const std::string& path) {
  const Json& value = field(object, name, path);
  if (!value.is_number_unsigned() || value.get<std::uint64_t>() > 65536) {
    throw ArtifactError("manifest.json: \"" + path + name + "\" must be a whole number up to 65536");
  }
  return value.get<std::size_t>();
}

}  // namespace

HybridSpace hybrid_space_from_json(std::string_view json, std::size_t index_dimension) {
  if (json.empty() || json == "null") return HybridSpace::content_only(index_dimension);
  const Json root = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) throw ArtifactError("manifest.json: \"hybrid\" must be an object");
  HybridSpace space;
  space.content_dimension = count(root, "content_dimension", "hybrid.");
  space.collaborative_dimension = count(root, "collaborative_dimension", "hybrid.");
  space.content_weight = number(root, "content_weight", "hybrid.");
  if (space.collaborative_dimension > 0) {
    const Json& fold_in = field(root, "fold_in", "hybrid.");
    if (!fold_in.is_object()) throw ArtifactError("manifest.json: \"hybrid.fold_in\" must be an object");
    space.fold_in_regularization = number(fold_in, "lambda", "hybrid.fold_in.");
    space.fold_in_alpha = number(fold_in, "alpha", "hybrid.fold_in.");
    const Json& confidence = field(fold_in, "rating_confidence", "hybrid.fold_in.");
    if (!confidence.is_boolean()) throw ArtifactError("manifest.json: \"hybrid.fold_in.rating_confidence\" must be true or false");
    space.fold_in_rating_confidence = confidence.get<bool>();
    const Json& feedback = field(fold_in, "feedback", "hybrid.fold_in.");
    if (feedback != "positives" && feedback != "all_ratings") {
      throw ArtifactError("manifest.json: \"hybrid.fold_in.feedback\" must be \"positives\" or \"all_ratings\"");
    }
    space.fold_in_all_ratings = feedback == "all_ratings";
  }
  space.check(index_dimension);
  return space;
}

}  // namespace movierec
