// safetensors parsing: valid files read exactly; every malformed header or range fails with a message
// naming the file, the tensor and the field.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "model/safetensors_reader.hpp"
#include "movierec/errors.hpp"

namespace movierec {
namespace {

// An 8-byte little-endian header length, the header text, then the data bytes.
std::vector<std::uint8_t> safetensors_file(const std::string& header, const std::vector<std::uint8_t>& data,
                                           std::uint64_t header_length_field = UINT64_MAX) {
  const std::uint64_t length = header_length_field == UINT64_MAX ? header.size() : header_length_field;
  std::vector<std::uint8_t> bytes;
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<std::uint8_t>(length >> (8 * i)));
  bytes.insert(bytes.end(), header.begin(), header.end());
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

std::vector<std::uint8_t> float_bytes(const std::vector<float>& values) {
  std::vector<std::uint8_t> bytes(values.size() * sizeof(float));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

// Expects the parse (or read) to throw ArtifactError whose message contains every fragment.
template <typename Action>
void expect_error(Action action, const std::vector<std::string>& fragments) {
  try {
    action();
    FAIL() << "expected an ArtifactError";
  } catch (const ArtifactError& e) {
    const std::string message = e.what();
    for (const auto& fragment : fragments) EXPECT_NE(message.find(fragment), std::string::npos) << message;
  }
}

void expect_parse_error(const std::vector<std::uint8_t>& bytes, const std::vector<std::string>& fragments) {
  expect_error([&] { SafetensorsReader reader(bytes, "weights.safetensors"); }, fragments);
}

const std::string kTwoTensors =
    R"({"__metadata__":{"format":"pt"},)"
    R"("a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
    R"("b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}})";

TEST(SafetensorsReader, ReadsFloatTensorsByNameAndShape) {
  const auto data = float_bytes({1, 2, 3, 4, 5, 6, -7.5f, 8.25f});
  const SafetensorsReader reader(safetensors_file(kTwoTensors, data), "weights.safetensors");
  ASSERT_EQ(reader.tensors().size(), 2u);  // __metadata__ is not a tensor
  EXPECT_TRUE(reader.contains("a"));
  EXPECT_FALSE(reader.contains("__metadata__"));
  EXPECT_EQ(reader.tensor("a").shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(reader.read_f32("a", {2, 3}), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(reader.read_f32("b"), (std::vector<float>{-7.5f, 8.25f}));
}

TEST(SafetensorsReader, WidensHalfAndBfloat16Exactly) {
  // F16: 1.0 = 0x3C00, -2.5 = 0xC100, smallest subnormal 2^-24 = 0x0001; BF16: 1.0 = 0x3F80, -3.0 = 0xC040.
  const std::string header = R"({"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
                             R"("bf":{"dtype":"BF16","shape":[2],"data_offsets":[6,10]}})";
  const std::vector<std::uint8_t> data{0x00, 0x3C, 0x00, 0xC1, 0x01, 0x00, 0x80, 0x3F, 0x40, 0xC0};
  const SafetensorsReader reader(safetensors_file(header, data), "half.safetensors");
  EXPECT_EQ(reader.read_f32("h"), (std::vector<float>{1.0f, -2.5f, 0x1p-24f}));
  EXPECT_EQ(reader.read_f32("bf"), (std::vector<float>{1.0f, -3.0f}));
}

TEST(SafetensorsReader, RejectsTruncatedFile) {
  expect_parse_error({0x10, 0, 0}, {"weights.safetensors", "truncated", "3 bytes"});
}

TEST(SafetensorsReader, RejectsHeaderLengthBeyondFile) {
  const auto data = float_bytes({1, 2, 3, 4, 5, 6, 7, 8});
  expect_parse_error(safetensors_file(kTwoTensors, data, 1u << 20), {"weights.safetensors", "header length 1048576"});
  expect_parse_error(safetensors_file(kTwoTensors, data, UINT64_MAX - 1), {"header length"});
}

TEST(SafetensorsReader, RejectsHeaderThatIsNotJsonObject) {
  expect_parse_error(safetensors_file(R"({"a": {"dtype": "F32",)", {}), {"weights.safetensors", "not valid JSON"});
  expect_parse_error(safetensors_file("[1, 2]", {}), {"not a JSON object"});
  expect_parse_error(safetensors_file(R"({"a": 5})", {}), {"tensor \"a\"", "not a JSON object"});
}

TEST(SafetensorsReader, RejectsTruncatedData) {
  // The header promises 32 data bytes; only 20 follow.
  const auto data = float_bytes({1, 2, 3, 4, 5});
  expect_parse_error(safetensors_file(kTwoTensors, data), {"weights.safetensors", "tensor \"", "20 bytes"});
}

TEST(SafetensorsReader, RejectsOutOfRangeOffsets) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})";
  expect_parse_error(safetensors_file(header, float_bytes({1, 2, 3})),
                     {"weights.safetensors", "tensor \"a\"", "data_offsets", "[8, 16]", "outside the data section of 12 bytes"});
  const std::string reversed = R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})";
  expect_parse_error(safetensors_file(reversed, float_bytes({1, 2, 3})), {"tensor \"a\"", "data_offsets"});
  const std::string negative = R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[-4,0]}})";
  expect_parse_error(safetensors_file(negative, float_bytes({1})), {"tensor \"a\"", "data_offsets", "non-negative"});
}

TEST(SafetensorsReader, RejectsByteRangeThatDisagreesWithShape) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})";
  expect_parse_error(safetensors_file(header, float_bytes({1, 2, 3, 4, 5, 6})),
                     {"tensor \"a\"", "data_offsets", "spans 20 bytes", "F32", "[2, 3]", "needs 24"});
  const std::string huge = R"({"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}})";
  expect_parse_error(safetensors_file(huge, float_bytes({1})), {"tensor \"a\"", "shape", "more bytes than the data section"});
  const std::string negative = R"({"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})";
  expect_parse_error(safetensors_file(negative, float_bytes({1})), {"tensor \"a\"", "shape", "-1"});
}

TEST(SafetensorsReader, RejectsOverlappingTensors) {
  const std::string header = R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                             R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})";
  expect_parse_error(safetensors_file(header, float_bytes({1, 2, 3, 4})),
                     {"weights.safetensors", "tensor \"b\"", "data_offsets", "overlaps tensor \"a\""});
}

TEST(SafetensorsReader, RejectsUnknownDtypeAndReadsOnlyFloats) {
  const std::string unknown = R"({"a":{"dtype":"Q4_K","shape":[2],"data_offsets":[0,8]}})";
  expect_parse_error(safetensors_file(unknown, float_bytes({1, 2})), {"tensor \"a\"", "dtype", "Q4_K"});
  const std::string missing = R"({"a":{"shape":[2],"data_offsets":[0,8]}})";
  expect_parse_error(safetensors_file(missing, float_bytes({1, 2})), {"tensor \"a\"", "dtype", "missing"});

  // position_ids in real checkpoints is I64: listed and validated, but not readable as floats.
  const std::string ints = R"({"position_ids":{"dtype":"I64","shape":[1,2],"data_offsets":[0,16]}})";
  const SafetensorsReader reader(safetensors_file(ints, float_bytes({0, 0, 0, 0})), "weights.safetensors");
  expect_error([&] { reader.read_f32("position_ids"); },
               {"weights.safetensors", "tensor \"position_ids\"", "dtype", "I64", "expected F32"});
}

TEST(SafetensorsReader, NamesMissingTensorAndWrongShape) {
  const SafetensorsReader reader(safetensors_file(kTwoTensors, float_bytes({1, 2, 3, 4, 5, 6, 7, 8})), "weights.safetensors");
  expect_error([&] { reader.read_f32("encoder.layer.0.attention.self.query.weight"); },
               {"weights.safetensors", "tensor \"encoder.layer.0.attention.self.query.weight\" not found"});
  expect_error([&] { reader.read_f32("a", {3, 2}); }, {"tensor \"a\"", "shape", "[2, 3]", "expected [3, 2]"});
}

TEST(SafetensorsReader, OpenNamesMissingFile) {
  expect_error([] { SafetensorsReader::open("/nonexistent/model.safetensors"); },
               {"/nonexistent/model.safetensors", "cannot open"});
}

TEST(SafetensorsReader, ReadsMiniLMCheckpoint) {
  const char* dir = std::getenv("MOVIEREC_MODEL_DIR");
  if (dir == nullptr) GTEST_SKIP() << "MOVIEREC_MODEL_DIR not set (pipeline/model/fetch_model.sh DIR)";
  const auto reader = SafetensorsReader::open(std::filesystem::path(dir) / "model.safetensors");
  EXPECT_EQ(reader.tensors().size(), 104u);  // 6 layers × 16 + 5 embedding tensors + pooler (2) + position_ids
  EXPECT_EQ(reader.tensor("embeddings.position_ids").dtype, "I64");
  const auto words = reader.read_f32("embeddings.word_embeddings.weight", {30522, 384});
  EXPECT_EQ(words.size(), 30522u * 384u);
  const auto gamma = reader.read_f32("encoder.layer.5.output.LayerNorm.weight", {384});
  float sum = 0;
  for (float g : gamma) sum += g;
  EXPECT_GT(sum / 384.0f, 0.1f);  // trained LayerNorm scales sit around 1, not 0 or garbage
}

}  // namespace
}  // namespace movierec
