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

const Json& object_field(const Json& object, const char* name, const std::string& path) {
  const Json& value = field(object, name, path);
  if (!value.is_object()) throw ArtifactError("manifest.json: \"" + path + name + "\" must be an object");
  return value;
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

ProfileSettings profile_settings(const Json& queries, const char* name) {
  const std::string path = std::string("hybrid.queries.") + name + ".";
  const Json& q = object_field(queries, name, "hybrid.queries.");
  ProfileSettings s;
  const Json& rule = field(q, "profile", path);
  if (rule != "fold_in" && rule != "likeness") {
    throw ArtifactError("manifest.json: \"" + path + "profile\" must be \"fold_in\" or \"likeness\"");
  }
  s.rule = rule == "likeness" ? ProfileRule::likeness : ProfileRule::fold_in;
  s.audience_share = number(q, "audience_share", path);
  s.fold_in_regularization = number(q, "fold_in_lambda", path);
  s.popularity = number(q, "popularity", path);
  s.popularity_ratings = number(q, "popularity_ratings", path);
  s.linear = number(q, "linear", path);
  s.dislike = number(q, "dislike", path);
  s.not_interested = number(q, "not_interested", path);
  s.calibration = number(q, "calibration", path);
  s.diversity = number(q, "diversity", path);
  s.max_per_series = static_cast<std::uint32_t>(count(q, "max_per_series", path));
  s.disliked_neighbours = number(q, "disliked_neighbours", path);
  return s;
}

}  // namespace

HybridSpace hybrid_space_from_json(std::string_view json, std::size_t index_dimension) {
  if (json.empty() || json == "null") return HybridSpace::content_only(index_dimension);
  const Json root = Json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded() || !root.is_object()) throw ArtifactError("manifest.json: \"hybrid\" must be an object");
  HybridSpace space;
  space.content_dimension = count(root, "content_dimension", "hybrid.");
  space.collaborative_dimension = count(root, "collaborative_dimension", "hybrid.");
  space.linear_dimension = count(root, "linear_dimension", "hybrid.");
  space.prior_dimension = count(root, "prior_dimension", "hybrid.");
  space.content_weight = number(root, "content_weight", "hybrid.");
  if (space.collaborative_dimension > 0) {
    const Json& fold_in = object_field(root, "fold_in", "hybrid.");
    space.fold_in_alpha = number(fold_in, "alpha", "hybrid.fold_in.");
    const Json& confidence = field(fold_in, "rating_confidence", "hybrid.fold_in.");
    if (!confidence.is_boolean()) throw ArtifactError("manifest.json: \"hybrid.fold_in.rating_confidence\" must be true or false");
    space.fold_in_rating_confidence = confidence.get<bool>();
  }
  const Json& queries = object_field(root, "queries", "hybrid.");
  space.queries.visitor = profile_settings(queries, "visitor");
  space.queries.user = profile_settings(queries, "user");
  const Json& similar = object_field(queries, "similar", "hybrid.queries.");
  space.queries.similar.audience_share = number(similar, "audience_share", "hybrid.queries.similar.");
  space.queries.similar.series_bonus = number(similar, "series_bonus", "hybrid.queries.similar.");
  space.queries.similar.genre_bonus = number(similar, "genre_bonus", "hybrid.queries.similar.");
  const Json& describe = object_field(queries, "describe", "hybrid.queries.");
  space.queries.describe.popularity = number(describe, "popularity", "hybrid.queries.describe.");
  space.queries.describe.rating = number(describe, "rating", "hybrid.queries.describe.");
  space.check(index_dimension);
  return space;
}

}  // namespace movierec
