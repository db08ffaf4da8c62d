#include "movierec/wordpiece_tokenizer.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <string>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

constexpr std::string_view kVocabName = "vocab.txt";
constexpr std::string_view kContinuationPrefix = "##";
constexpr char32_t kReplacementCharacter = 0xFFFD;
// Canonical decompositions are at most 4 code points long (e.g. U+1F82); the slack costs nothing.
constexpr std::size_t kMaxDecompositionLength = 8;

[[noreturn]] void fail_vocab_line(std::size_t line_number, const std::string& what) {
  throw ArtifactError(std::string(kVocabName) + " line " + std::to_string(line_number) + ": " + what);
}

bool is_valid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t code_point = 0;
    const auto length = utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
    if (length < 1) return false;
    pos += static_cast<std::size_t>(length);
  }
  return true;
}

// BERT's "Chinese character" ranges: CJK Unified Ideographs and their extensions A–E, and the two
// compatibility-ideograph blocks. Hangul and kana are not in them and stay inside words.
bool is_cjk_ideograph(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF) ||
         (c >= 0x2A700 && c <= 0x2B73F) || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// BERT counts the ASCII symbols ($, +, <, =, >, ^, `, |, ~) as punctuation too, not only category P*.
bool is_ascii_punctuation(char32_t c) {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

bool is_punctuation(char32_t c, utf8proc_propval_t category) {
  if (c < 0x80) return is_ascii_punctuation(c);
  switch (category) {
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      return true;
    default:
      return false;
  }
}

// Outside ASCII, the White_Space characters that are not controls are exactly categories Zs, Zl, Zp
// (the controls among them, U+000B, U+000C and U+0085, are removed by cleaning before they count).
bool is_white_space(utf8proc_propval_t category) {
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL || category == UTF8PROC_CATEGORY_ZP;
}

bool is_removed_control(utf8proc_propval_t category) {
  return category == UTF8PROC_CATEGORY_CC || category == UTF8PROC_CATEGORY_CF || category == UTF8PROC_CATEGORY_CO ||
         category == UTF8PROC_CATEGORY_CS;
}

const utf8proc_property_t* property_of(char32_t c) {
  return utf8proc_get_property(static_cast<utf8proc_int32_t>(c));
}

}  // namespace

// The state of one encode() call: the normalised word being collected, the scratch buffers WordPiece
// reuses for every word, and the ids written so far. Keeping them here, not in the tokenizer, keeps
// encode() const and free of per-character allocations.
class WordPieceTokenizer::Encoder {
 public:
  Encoder(const WordPieceTokenizer& tokenizer, std::vector<std::int32_t>& ids)
      : tokenizer_(tokenizer), ids_(ids), id_limit_(tokenizer.max_seq_length_ - 1) {
    // Sized once for the longest word WordPiece looks at, so collecting words never reallocates.
    word_.reserve(kMaxInputCharsPerWord + 1);
    bytes_.reserve(kMaxTokenBytes);
    offsets_.reserve(kMaxInputCharsPerWord + 1);
    pieces_.reserve(kMaxInputCharsPerWord);
  }

  // True once only [SEP] still fits; everything after this point would be truncated anyway.
  bool full() const { return ids_.size() >= id_limit_; }

  void add_token(std::int32_t id) {
    if (!full()) ids_.push_back(id);
  }

  void add_ascii(unsigned char byte) {
    if (byte == ' ' || byte == '\t' || byte == '\n' || byte == '\r') {
      end_word();
    } else if (byte < 0x20 || byte == 0x7F) {
      // C0 controls, DEL and NUL are removed by cleaning: they join their neighbours, not split them.
    } else if (is_ascii_punctuation(byte)) {
      add_punctuation(byte);
    } else {
      const bool upper = byte >= 'A' && byte <= 'Z';
      add_letter(tokenizer_.do_lower_case_ && upper ? static_cast<char32_t>(byte + ('a' - 'A')) : byte, 0);
    }
  }

  // A decoded code point outside ASCII, or U+FFFD for an invalid byte.
  void add_code_point(char32_t c) {
    if (c == kReplacementCharacter) return;
    const auto* property = property_of(c);
    if (is_removed_control(property->category)) return;
    if (is_white_space(property->category)) {
      end_word();
      return;
    }
    const bool ideograph = is_cjk_ideograph(c);
    if (ideograph) end_word();
    if (tokenizer_.do_lower_case_) {
      add_decomposed(c, property);
    } else {
      add_normalized(c, property);
    }
    if (ideograph) end_word();
  }

  // Runs WordPiece over the collected word and appends its pieces (or [UNK]).
  void end_word() {
    if (!word_.empty() && !full()) add_word_pieces();
    word_.clear();
    run_start_ = 0;
  }

 private:
  // NFD, then nonspacing marks dropped and the rest lower-cased, as BertNormalizer does with
  // strip_accents following lowercase.
  void add_decomposed(char32_t c, const utf8proc_property_t* property) {
    std::array<utf8proc_int32_t, kMaxDecompositionLength> parts{};
    const auto count = utf8proc_decompose_char(static_cast<utf8proc_int32_t>(c), parts.data(),
                                               static_cast<utf8proc_ssize_t>(parts.size()), UTF8PROC_DECOMPOSE,
                                               nullptr);
    if (count < 1 || static_cast<std::size_t>(count) > parts.size()) {
      add_normalized(c, property);  // cannot happen with utf8proc's tables; keep the character as it is
      return;
    }
    for (std::size_t i = 0; i < static_cast<std::size_t>(count); ++i) {
      const auto part = static_cast<char32_t>(parts[i]);
      const auto* part_property = property_of(part);
      if (part_property->category == UTF8PROC_CATEGORY_MN) {
        // A dropped mark of class 0 still separated two reordering runs in the NFD text.
        if (part_property->combining_class == 0) run_start_ = word_.size();
        continue;
      }
      const auto lower = static_cast<char32_t>(utf8proc_tolower(parts[i]));
      add_normalized(lower, lower == part ? part_property : property_of(lower));
    }
  }

  void add_normalized(char32_t c, const utf8proc_property_t* property) {
    if (is_white_space(property->category)) {
      end_word();  // U+2000 and U+2001 decompose to other spaces
    } else if (is_punctuation(c, property->category)) {
      add_punctuation(c);
    } else {
      add_letter(c, tokenizer_.do_lower_case_ ? property->combining_class : 0);
    }
  }

  void add_punctuation(char32_t c) {
    end_word();
    word_.push_back(c);
    end_word();
  }

  // Appends to the word, applying NFD's canonical reordering: a character with a non-zero combining
  // class moves before the preceding characters of the same run that have a higher class.
  void add_letter(char32_t c, utf8proc_propval_t combining_class) {
    if (combining_class == 0) {
      word_.push_back(c);
      run_start_ = word_.size();
      return;
    }
    std::size_t position = word_.size();
    while (position > run_start_ && property_of(word_[position - 1])->combining_class > combining_class) --position;
    word_.insert(word_.begin() + static_cast<std::ptrdiff_t>(position), c);
  }

  // Greedy longest-match-first over the word. bytes_ holds "##" + the word's UTF-8; a continuation
  // candidate is looked up in place by writing "##" over the two bytes before it, which belong to
  // pieces already matched, so no candidate string is ever built.
  void add_word_pieces() {
    const std::size_t length = word_.size();
    if (length > kMaxInputCharsPerWord) {
      add_token(tokenizer_.unk_id_);
      return;
    }
    bytes_.assign(kContinuationPrefix);
    offsets_.clear();
    for (const char32_t c : word_) {
      offsets_.push_back(bytes_.size() - kContinuationPrefix.size());
      std::array<utf8proc_uint8_t, 4> encoded{};
      const auto encoded_length = utf8proc_encode_char(static_cast<utf8proc_int32_t>(c), encoded.data());
      bytes_.append(reinterpret_cast<const char*>(encoded.data()), static_cast<std::size_t>(encoded_length));
    }
    offsets_.push_back(bytes_.size() - kContinuationPrefix.size());

    pieces_.clear();
    const std::string_view bytes(bytes_);
    for (std::size_t start = 0; start < length;) {
      const std::size_t prefix = start == 0 ? 0 : kContinuationPrefix.size();
      const std::size_t begin = kContinuationPrefix.size() + offsets_[start] - prefix;
      if (prefix != 0) {
        bytes_[begin] = '#';
        bytes_[begin + 1] = '#';
      }
      std::size_t end = length;
      while (end > start && offsets_[end] - offsets_[start] + prefix > tokenizer_.longest_token_bytes_) --end;
      std::int32_t id = -1;
      for (; end > start; --end) {
        const auto found = tokenizer_.ids_.find(bytes.substr(begin, offsets_[end] - offsets_[start] + prefix));
        if (found != tokenizer_.ids_.end()) {
          id = found->second;
          break;
        }
      }
      if (id < 0) {
        add_token(tokenizer_.unk_id_);  // one uncovered position makes the whole word unknown
        return;
      }
      pieces_.push_back(id);
      start = end;
    }
    for (const std::int32_t piece : pieces_) add_token(piece);
  }

  const WordPieceTokenizer& tokenizer_;
  std::vector<std::int32_t>& ids_;
  std::size_t id_limit_;
  std::vector<char32_t> word_;
  std::size_t run_start_ = 0;  // start of the current canonical-reordering run in word_
  std::string bytes_;
  std::vector<std::size_t> offsets_;  // byte offset of each code point of the word, plus the end
  std::vector<std::int32_t> pieces_;
};

WordPieceTokenizer::WordPieceTokenizer(std::string_view vocab_text, bool do_lower_case, std::size_t max_seq_length)
    : max_seq_length_(max_seq_length), do_lower_case_(do_lower_case) {
  if (max_seq_length < 2) {
    throw ArtifactError("max_seq_length is " + std::to_string(max_seq_length) +
                        ", but [CLS] and [SEP] alone need 2 positions");
  }
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos < vocab_text.size()) {
    ++line_number;
    const std::size_t line_end = std::min(vocab_text.find('\n', pos), vocab_text.size());
    std::string_view token = vocab_text.substr(pos, line_end - pos);
    pos = line_end + 1;
    if (!token.empty() && token.back() == '\r') token.remove_suffix(1);

    if (line_number > kMaxVocabSize) {
      throw ArtifactError(std::string(kVocabName) + " has more than " + std::to_string(kMaxVocabSize) +
                          " lines; a WordPiece vocabulary this large is not a BERT vocabulary");
    }
    if (token.empty()) fail_vocab_line(line_number, "is empty; every line must hold one token");
    if (token.size() > kMaxTokenBytes) {
      fail_vocab_line(line_number, "token is " + std::to_string(token.size()) + " bytes long, more than the " +
                                       std::to_string(kMaxTokenBytes) + " any word piece can have");
    }
    if (!is_valid_utf8(token)) fail_vocab_line(line_number, "token is not valid UTF-8");
    const auto id = static_cast<std::int32_t>(line_number - 1);
    const auto [existing, inserted] = ids_.try_emplace(std::string(token), id);
    if (!inserted) {
      fail_vocab_line(line_number, "token \"" + std::string(token) + "\" already appears on line " +
                                       std::to_string(existing->second + 1));
    }
    longest_token_bytes_ = std::max(longest_token_bytes_, token.size());
  }
  if (ids_.empty()) throw ArtifactError(std::string(kVocabName) + " is empty");
  vocab_size_ = ids_.size();

  cls_id_ = require_token("[CLS]");
  sep_id_ = require_token("[SEP]");
  unk_id_ = require_token("[UNK]");
  require_token("[PAD]");
  for (const std::string_view special : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}) {
    if (const auto found = ids_.find(special); found != ids_.end()) {
      special_tokens_.push_back({std::string(special), found->second});
    }
  }
}

std::int32_t WordPieceTokenizer::require_token(std::string_view token) const {
  const auto found = ids_.find(token);
  if (found == ids_.end()) {
    throw ArtifactError(std::string(kVocabName) + " has no " + std::string(token) + " token (" +
                        std::to_string(vocab_size_) + " tokens read); it is not a BERT vocabulary");
  }
  return found->second;
}

std::vector<std::int32_t> WordPieceTokenizer::encode(std::string_view utf8_text) const {
  std::vector<std::int32_t> ids;
  ids.reserve(std::min(max_seq_length_, utf8_text.size() + 2));
  ids.push_back(cls_id_);
  Encoder encoder(*this, ids);

  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(utf8_text.data());
  std::size_t pos = 0;
  while (pos < utf8_text.size() && !encoder.full()) {
    const unsigned char byte = bytes[pos];
    if (byte == '[') {
      // Special tokens are matched in the raw text, before cleaning or lower-casing, as Hugging Face's
      // added tokens are; "[cls]" or "[CLS\u200B]" are ordinary text.
      const std::string_view rest = utf8_text.substr(pos);
      const auto special = std::find_if(special_tokens_.begin(), special_tokens_.end(),
                                        [rest](const SpecialToken& token) { return rest.starts_with(token.text); });
      if (special != special_tokens_.end()) {
        encoder.end_word();
        encoder.add_token(special->id);
        pos += special->text.size();
        continue;
      }
    }
    if (byte < 0x80) {
      encoder.add_ascii(byte);
      ++pos;
      continue;
    }
    utf8proc_int32_t code_point = 0;
    const auto length =
        utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(utf8_text.size() - pos), &code_point);
    if (length < 1) {
      encoder.add_code_point(kReplacementCharacter);
      ++pos;
      continue;
    }
    encoder.add_code_point(static_cast<char32_t>(code_point));
    pos += static_cast<std::size_t>(length);
  }
  encoder.end_word();
  ids.push_back(sep_id_);
  return ids;
}

}  // namespace movierec
