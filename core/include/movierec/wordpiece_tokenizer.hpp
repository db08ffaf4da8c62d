#pragma once
// The BERT WordPiece tokenizer of all-MiniLM-L6-v2. It must give the same ids as Hugging Face's
// BertTokenizerFast (the `tokenizers` library: BertNormalizer, BertPreTokenizer, WordPiece, the
// [CLS] … [SEP] template and its added special tokens), because the pipeline embeds movies with these
// ids natively and the browser embeds free-text queries with the same code compiled to WASM: any
// difference puts query and catalog vectors in different places.
//
// What encode() does, in the order Hugging Face does it:
//  1. The literal special tokens [PAD] [UNK] [CLS] [SEP] [MASK] in the raw text become their ids
//     (case-sensitive, before any normalisation, as Hugging Face's added tokens do).
//  2. Cleaning: U+0000, U+FFFD and control characters (categories Cc, Cf, Co, Cs, except tab, CR and
//     LF) are removed; Unicode white space (Zs, Zl, Zp, tab, CR, LF) separates words.
//  3. CJK ideographs (the BERT ranges) become words of their own.
//  4. With lower-casing: canonical decomposition (NFD, with canonical reordering), nonspacing marks
//     (Mn) removed, then simple lower-casing.
//  5. Punctuation (Unicode P* and the ASCII symbol ranges 33–47, 58–64, 91–96, 123–126) becomes
//     words of one character.
//  6. Greedy longest-match-first WordPiece with the "##" continuation prefix; a word of more than
//     100 code points, or one that cannot be covered by vocabulary pieces, becomes [UNK].
//  7. [CLS] + pieces + [SEP], the pieces cut so that the total is at most max_seq_length.
//
// Invalid UTF-8 (a byte that does not start a well-formed sequence: stray continuation bytes, truncated
// or overlong sequences, surrogates, values above U+10FFFF) decodes as U+FFFD one byte at a time, which
// step 2 then removes: invalid bytes vanish without separating words ("caf\xE9 noir" → "caf noir"),
// exactly as if the text had been decoded with replacement characters and given to Hugging Face.
//
// Known differences from other Hugging Face implementations, where they disagree with BertTokenizerFast
// (we follow BertTokenizerFast): transformers.js and the slow Python BertTokenizer lower-case a final
// capital sigma to "ς" (BertTokenizerFast maps every "Σ" to "σ"), and transformers.js does not isolate
// CJK ideographs outside the Basic Multilingual Plane (U+20000 and up).
//
// Unicode data comes from utf8proc, so characters assigned after its Unicode version are treated as
// unassigned letters. encode() is const and allocation-light (a few buffers per call, none per
// character), so one tokenizer can serve concurrent callers.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace movierec {

class WordPieceTokenizer {
 public:
  // Words longer than this many code points become [UNK] (max_input_chars_per_word of MiniLM).
  static constexpr std::size_t kMaxInputCharsPerWord = 100;
  // No vocabulary token can be longer: "##" plus 100 code points of at most 4 bytes each.
  static constexpr std::size_t kMaxTokenBytes = 2 + 4 * kMaxInputCharsPerWord;
  // Ids are int32 and BERT-family vocabularies stay far below this.
  static constexpr std::size_t kMaxVocabSize = 1u << 24;

  // vocab_text: contents of vocab.txt, one token per line, id = line number - 1; lines end in "\n"
  // or "\r\n", the last line break is optional. Throws ArtifactError naming the line for an empty,
  // duplicate, oversized or invalid UTF-8 token, for an empty or oversized vocabulary, for a missing
  // [CLS], [SEP], [UNK] or [PAD], and for max_seq_length < 2 (no room for [CLS] and [SEP]).
  WordPieceTokenizer(std::string_view vocab_text, bool do_lower_case, std::size_t max_seq_length);

  // [CLS] … [SEP], truncated so that the total is at most max_seq_length.
  std::vector<std::int32_t> encode(std::string_view utf8_text) const;

  std::size_t vocab_size() const { return vocab_size_; }
  std::size_t max_seq_length() const { return max_seq_length_; }

 private:
  class Encoder;  // the state of one encode() call, defined in the .cpp

  struct TokenHash {
    using is_transparent = void;  // lets find() take a string_view without building a std::string
    std::size_t operator()(std::string_view token) const noexcept { return std::hash<std::string_view>{}(token); }
  };
  struct SpecialToken {
    std::string text;
    std::int32_t id;
  };

  std::int32_t require_token(std::string_view token) const;

  std::unordered_map<std::string, std::int32_t, TokenHash, std::equal_to<>> ids_;
  std::vector<SpecialToken> special_tokens_;  // the bracketed specials present in the vocabulary
  std::size_t longest_token_bytes_ = 0;       // longer candidates cannot match, so WordPiece skips them
  std::size_t vocab_size_ = 0;
  std::size_t max_seq_length_;
  bool do_lower_case_;
  std::int32_t cls_id_ = 0;
  std::int32_t sep_id_ = 0;
  std::int32_t unk_id_ = 0;
};

}  // namespace movierec
