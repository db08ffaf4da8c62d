#pragma once
// Every movie's vector as the engine reads it, one row at a time: floats someone else keeps (the
// pipeline's vectors, a flat index), or FAISS 8-bit codes decoded on demand with FAISS's own formula.
// Reading codes on demand keeps the full catalog's vectors at a quarter of their float size in the
// browser: 87k movies x 578 dimensions are 50 MB of codes instead of 201 MB of floats per copy. A view
// may also scale its first two blocks per movie (the likeness rows of hybrid_space.hpp) without a copy.
// Copies are cheap views; whoever keeps the floats or codes must outlive every copy.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace movierec {

class MovieRows {
 public:
  MovieRows() = default;
  // Row-major floats, `dimension` per movie.
  static MovieRows floats(std::span<const float> rows, std::size_t dimension);
  // FAISS's QT_8bit codes (row-major, one byte per component): component d of a row is
  // vmin[d] + (code + 0.5) / 255 * vdiff[d].
  static MovieRows eight_bit(std::span<const std::uint8_t> codes, std::span<const float> vmin,
                             std::span<const float> vdiff);

  // These rows with components [0, first) of row j times first_scale[j] and [first, first + second)
  // times second_scale[j]; the rest as they are.
  MovieRows with_block_scales(std::size_t first, std::size_t second, std::vector<float> first_scale,
                              std::vector<float> second_scale) const;

  // What a scan needs to score 8-bit rows without decoding them: the codes, FAISS's ranges and the
  // block scales (empty spans when the rows have none).
  struct EightBitCodes {
    std::span<const std::uint8_t> codes;
    std::span<const float> vmin, vdiff;
    std::size_t first = 0, second = 0;
    std::span<const float> first_scale, second_scale;
  };
  // Set when the rows are FAISS 8-bit codes, empty when they are floats.
  std::optional<EightBitCodes> eight_bit_codes() const;

  std::size_t size() const { return rows_; }
  std::size_t dimension() const { return dimension_; }
  // Components [offset, offset + length) of a row (length clipped to the row): a view of the stored
  // floats when they can be read as they are, else written to `scratch` (at least length floats) and a
  // view of that. Throws InputError for a row outside the catalog.
  std::span<const float> read(std::uint32_t row, std::span<float> scratch, std::size_t offset = 0,
                              std::size_t length = SIZE_MAX) const;
  std::vector<float> copy(std::uint32_t row, std::size_t offset = 0, std::size_t length = SIZE_MAX) const;
  // Every row, row-major (for batch work natively; the engine itself reads row by row).
  std::vector<float> all() const;

 private:
  struct BlockScales {
    std::size_t first = 0, second = 0;
    std::vector<float> first_scale, second_scale;
  };

  std::size_t rows_ = 0;
  std::size_t dimension_ = 0;
  std::span<const float> floats_;
  std::span<const std::uint8_t> codes_;
  std::span<const float> vmin_, vdiff_;
  std::shared_ptr<const BlockScales> scales_;
};

}  // namespace movierec
