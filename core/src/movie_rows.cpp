#include "movierec/movie_rows.hpp"

#include <algorithm>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

// (code + 0.5) / 255, as FAISS computes it per component (Codec8bit). Computed in place rather than
// looked up, so that the decoding loop has no gather and compilers can keep it in SIMD registers.
inline float unit_value(std::uint8_t code) { return (static_cast<float>(code) + 0.5f) / 255.0f; }

}  // namespace

MovieRows MovieRows::floats(std::span<const float> rows, std::size_t dimension) {
  if (dimension == 0 || rows.size() % dimension != 0) throw InputError("vectors do not match the dimension");
  MovieRows result;
  result.rows_ = rows.size() / dimension;
  result.dimension_ = dimension;
  result.floats_ = rows;
  return result;
}

MovieRows MovieRows::eight_bit(std::span<const std::uint8_t> codes, std::span<const float> vmin,
                               std::span<const float> vdiff) {
  const std::size_t dimension = vmin.size();
  if (dimension == 0 || vdiff.size() != dimension || codes.size() % dimension != 0) {
    throw InputError("8-bit codes do not match the dimension");
  }
  MovieRows result;
  result.rows_ = codes.size() / dimension;
  result.dimension_ = dimension;
  result.codes_ = codes;
  result.vmin_ = vmin;
  result.vdiff_ = vdiff;
  return result;
}

MovieRows MovieRows::with_block_scales(std::size_t first, std::size_t second, std::vector<float> first_scale,
                                       std::vector<float> second_scale) const {
  if (first + second > dimension_ || first_scale.size() != rows_ || second_scale.size() != rows_) {
    throw InputError("block scales do not match the rows");
  }
  MovieRows result = *this;
  result.scales_ = std::make_shared<const BlockScales>(
      BlockScales{first, second, std::move(first_scale), std::move(second_scale)});
  return result;
}

std::optional<MovieRows::EightBitCodes> MovieRows::eight_bit_codes() const {
  if (codes_.empty()) return std::nullopt;
  EightBitCodes result{codes_, vmin_, vdiff_};
  if (scales_ != nullptr) {
    result.first = scales_->first;
    result.second = scales_->second;
    result.first_scale = scales_->first_scale;
    result.second_scale = scales_->second_scale;
  }
  return result;
}

std::span<const float> MovieRows::read(std::uint32_t row, std::span<float> scratch, std::size_t offset,
                                       std::size_t length) const {
  if (row >= rows_) throw InputError("movie index " + std::to_string(row) + " is outside the catalog");
  offset = std::min(offset, dimension_);
  length = std::min(length, dimension_ - offset);
  const std::size_t start = static_cast<std::size_t>(row) * dimension_ + offset;
  if (!floats_.empty() && scales_ == nullptr) return floats_.subspan(start, length);
  if (scratch.size() < length) throw InputError("a row's scratch space is too small");
  float* out = scratch.data();
  if (!floats_.empty()) {
    std::copy_n(floats_.data() + start, length, out);
  } else {
    // FAISS's decoding (ScalarQuantizer, Codec8bit with non-uniform ranges), component by component.
    const std::uint8_t* code = codes_.data() + start;
    const float* vmin = vmin_.data() + offset;
    const float* vdiff = vdiff_.data() + offset;
    for (std::size_t i = 0; i < length; ++i) out[i] = vmin[i] + unit_value(code[i]) * vdiff[i];
  }
  if (scales_ != nullptr) {
    // Each block's part of [offset, offset + length) times its scale: one plain loop per block.
    const BlockScales& s = *scales_;
    const auto scale_block = [&](std::size_t begin, std::size_t end, float scale) {
      begin = std::max(begin, offset);
      end = std::min(end, offset + length);
      for (std::size_t d = begin; d < end; ++d) out[d - offset] *= scale;
    };
    scale_block(0, s.first, s.first_scale[row]);
    scale_block(s.first, s.first + s.second, s.second_scale[row]);
  }
  return {out, length};
}

std::vector<float> MovieRows::copy(std::uint32_t row, std::size_t offset, std::size_t length) const {
  std::vector<float> out(std::min(length, dimension_ - std::min(offset, dimension_)));
  const auto values = read(row, out, offset, length);
  if (values.data() != out.data()) std::copy(values.begin(), values.end(), out.begin());
  return out;
}

std::vector<float> MovieRows::all() const {
  std::vector<float> out(rows_ * dimension_);
  for (std::uint32_t row = 0; row < rows_; ++row) {
    const std::span<float> target(out.data() + static_cast<std::size_t>(row) * dimension_, dimension_);
    const auto values = read(row, target);
    if (values.data() != target.data()) std::copy(values.begin(), values.end(), target.begin());
  }
  return out;
}

}  // namespace movierec
