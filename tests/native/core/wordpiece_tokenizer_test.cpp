// WordPieceTokenizer against the real all-MiniLM-L6-v2 vocabulary. Expectations are written as
// vocabulary tokens (what Hugging Face's BertTokenizerFast produces for the same text) and turned into
// ids through the vocabulary file, so each case can be checked by reading vocab.txt.
#include "movierec/wordpiece_tokenizer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "movierec/errors.hpp"

namespace movierec {
namespace {

std::string tokenizer_dir() {
  if (const char* dir = std::getenv("MOVIEREC_TOKENIZER_DIR"); dir != nullptr && *dir != '\0') return dir;
  return std::string(MOVIEREC_SOURCE_DIR) + "/../shared/models/all-MiniLM-L6-v2";
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open " + path);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  return bytes.str();
}

class WordPieceTokenizerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    vocab_text_ = new std::string(read_file(tokenizer_dir() + "/vocab.txt"));
    tokenizer_ = new WordPieceTokenizer(*vocab_text_, true, 256);
    ids_ = new std::unordered_map<std::string, std::int32_t>();
    std::istringstream lines(*vocab_text_);
    std::string token;
    for (std::int32_t id = 0; std::getline(lines, token); ++id) ids_->emplace(token, id);
  }
  static void TearDownTestSuite() {
    delete tokenizer_;
    delete vocab_text_;
    delete ids_;
  }

  // [CLS] tokens... [SEP] as ids.
  static std::vector<std::int32_t> expected(std::initializer_list<const char*> tokens) {
    std::vector<std::int32_t> ids{id_of("[CLS]")};
    for (const char* token : tokens) ids.push_back(id_of(token));
    ids.push_back(id_of("[SEP]"));
    return ids;
  }
  static std::int32_t id_of(const std::string& token) {
    const auto found = ids_->find(token);
    if (found == ids_->end()) throw std::runtime_error("test expects a token missing from vocab.txt: " + token);
    return found->second;
  }
  static std::vector<std::int32_t> encode(std::string_view text) { return tokenizer_->encode(text); }

  static inline std::string* vocab_text_ = nullptr;
  static inline WordPieceTokenizer* tokenizer_ = nullptr;
  static inline std::unordered_map<std::string, std::int32_t>* ids_ = nullptr;
};

TEST_F(WordPieceTokenizerTest, ReadsTheWholeVocabulary) {
  EXPECT_EQ(tokenizer_->vocab_size(), 30522u);
  EXPECT_EQ(tokenizer_->max_seq_length(), 256u);
  EXPECT_EQ(encode(""), (std::vector<std::int32_t>{101, 102}));
}

TEST_F(WordPieceTokenizerTest, EmptyOrBlankTextIsClsSep) {
  EXPECT_EQ(encode(""), expected({}));
  EXPECT_EQ(encode(" \t\n\r "), expected({}));
  EXPECT_EQ(encode("\x01\x7f\u200b"), expected({}));  // controls and format characters vanish
}

TEST_F(WordPieceTokenizerTest, LowerCasesAndSplitsPunctuation) {
  EXPECT_EQ(encode("Hello, World!"), expected({"hello", ",", "world", "!"}));
  EXPECT_EQ(encode("Toy Story (1995)"), expected({"toy", "story", "(", "1995", ")"}));
  EXPECT_EQ(encode("Shawshank Redemption, The (1994)"),
            expected({"shaw", "##shan", "##k", "redemption", ",", "the", "(", "1994", ")"}));
}

TEST_F(WordPieceTokenizerTest, AsciiSymbolsCountAsPunctuation) {
  // $ + ^ | ~ ` are symbols (S*) in Unicode, but BERT splits the whole ASCII symbol ranges.
  EXPECT_EQ(encode("a$b+c^d|e~f`g"), expected({"a", "$", "b", "+", "c", "^", "d", "|", "e", "~", "f", "`", "g"}));
  EXPECT_EQ(encode("«Кино» ¿qué?"), expected({"«", "к", "##и", "##н", "##о", "»", "¿", "que", "?"}));
}

TEST_F(WordPieceTokenizerTest, StripsAccentsAfterCanonicalDecomposition) {
  EXPECT_EQ(encode("Amélie Crème Brûlée"), expected({"amelie", "cr", "##eme", "br", "##ule", "##e"}));
  EXPECT_EQ(encode("naïve"), expected({"naive"}));
  EXPECT_EQ(encode("Ångström"), expected({"ang", "##strom"}));
  EXPECT_EQ(encode("İstanbul"), expected({"istanbul"}));  // I + combining dot above, the dot removed
  // Precomposed and decomposed spellings are the same text.
  EXPECT_EQ(encode("Ame\u0301lie"), encode("Amélie"));
  // ß has no decomposition and stays; the capital sharp s lower-cases to it.
  EXPECT_EQ(encode("Straße ẞ"), expected({"st", "##raße", "ß"}));
  // Compatibility characters are not folded (NFD, not NFKD).
  EXPECT_EQ(encode("ﬁne"), expected({"ﬁ", "##ne"}));
  // Hangul syllables decompose into their jamo.
  EXPECT_EQ(encode("안녕"), expected({"ᄋ", "##ᅡ", "##ᆫ", "##ᄂ", "##ᅧ", "##ᆼ"}));
}

TEST_F(WordPieceTokenizerTest, IsolatesCjkIdeographs) {
  EXPECT_EQ(encode("Tokyo東京"), expected({"tokyo", "東", "京"}));
  EXPECT_EQ(encode("我喜欢"), expected({"我", "[UNK]", "[UNK]"}));
  // Kana are not in the ideograph ranges: a kana run is one word.
  EXPECT_EQ(encode("カタカナ"), expected({"カ", "##タ", "##カ", "##ナ"}));
}

TEST_F(WordPieceTokenizerTest, SplitsUnknownWordsIntoSubwords) {
  EXPECT_EQ(encode("unaffable"), expected({"una", "##ffa", "##ble"}));
  EXPECT_EQ(encode("embeddings"), expected({"em", "##bed", "##ding", "##s"}));
  EXPECT_EQ(encode("tokenization"), expected({"token", "##ization"}));
}

TEST_F(WordPieceTokenizerTest, AWordThatCannotBeCoveredIsOneUnknown) {
  EXPECT_EQ(encode("😀"), expected({"[UNK]"}));
  // The emoji is not punctuation, so "abc😀def" is one word and the whole word is [UNK].
  EXPECT_EQ(encode("abc😀def 😀"), expected({"[UNK]", "[UNK]"}));
}

TEST_F(WordPieceTokenizerTest, WordsOverOneHundredCodePointsAreUnknown) {
  const auto hundred = encode(std::string(100, 'a'));
  EXPECT_GT(hundred.size(), 3u);
  EXPECT_EQ(std::count(hundred.begin(), hundred.end(), id_of("[UNK]")), 0);
  EXPECT_EQ(encode(std::string(101, 'a')), expected({"[UNK]"}));

  // The length is counted after normalisation: 100 "é" written as e + U+0301 are 100 code points.
  std::string decomposed;
  for (int i = 0; i < 100; ++i) decomposed += "e\u0301";
  EXPECT_EQ(encode(decomposed), encode(std::string(100, 'e')));
  std::string precomposed;
  for (int i = 0; i < 101; ++i) precomposed += "é";
  EXPECT_EQ(encode(precomposed), expected({"[UNK]"}));
}

TEST_F(WordPieceTokenizerTest, TruncatesToMaxSeqLengthKeepingSep) {
  const WordPieceTokenizer short_tokenizer(*vocab_text_, true, 5);
  EXPECT_EQ(short_tokenizer.encode("the quick brown fox jumps"), expected({"the", "quick", "brown"}));
  // The cut may fall inside a word's pieces.
  EXPECT_EQ(short_tokenizer.encode("a embeddings"), expected({"a", "em", "##bed"}));
  EXPECT_EQ(short_tokenizer.encode("one two"), expected({"one", "two"}));

  const WordPieceTokenizer minimal(*vocab_text_, true, 2);
  EXPECT_EQ(minimal.encode("anything at all"), expected({}));

  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "the ";
  const auto ids = encode(long_text);
  ASSERT_EQ(ids.size(), 256u);
  EXPECT_EQ(ids.front(), id_of("[CLS]"));
  EXPECT_EQ(ids[254], id_of("the"));
  EXPECT_EQ(ids.back(), id_of("[SEP]"));
}

TEST_F(WordPieceTokenizerTest, SpecialTokensInTheRawTextKeepTheirIds) {
  EXPECT_EQ(encode("[CLS] x [MASK]"), expected({"[CLS]", "x", "[MASK]"}));
  EXPECT_EQ(encode("glued[SEP]to"), expected({"glued", "[SEP]", "to"}));
  // Matching is case-sensitive and happens before cleaning: these are ordinary text.
  EXPECT_EQ(encode("[cls]"), expected({"[", "cl", "##s", "]"}));
  EXPECT_EQ(encode("[CLS\u200b]"), expected({"[", "cl", "##s", "]"}));
  EXPECT_EQ(encode("[unused0]"), expected({"[", "unused", "##0", "]"}));
}

TEST_F(WordPieceTokenizerTest, CleansControlsAndWhiteSpace) {
  EXPECT_EQ(encode(std::string_view("a\0b", 3)), encode("ab"));  // NUL is removed, not a separator
  EXPECT_EQ(encode("a\x0b" "b"), encode("ab"));                 // vertical tab is a control, removed
  EXPECT_EQ(encode("a\u200bb"), encode("ab"));                  // zero-width space (Cf)
  EXPECT_EQ(encode("a\u00adb"), encode("ab"));                  // soft hyphen (Cf)
  EXPECT_EQ(encode("a\ue000b"), encode("ab"));                  // private use (Co)
  EXPECT_EQ(encode("a\u00a0b"), encode("a b"));                 // no-break space separates
  EXPECT_EQ(encode("a\u3000b"), encode("a b"));                 // ideographic space
  EXPECT_EQ(encode("a\u2028b"), encode("a b"));                 // line separator (Zl)
  EXPECT_EQ(encode("a\tb\r\nc"), encode("a b c"));
  EXPECT_EQ(encode("a\u0378b"), expected({"[UNK]"}));           // unassigned code points are kept
}

TEST_F(WordPieceTokenizerTest, InvalidUtf8BytesVanish) {
  EXPECT_EQ(encode("caf\xe9 noir"), encode("caf noir"));         // Latin-1 é
  EXPECT_EQ(encode("\x80\xbf" "abc"), encode("abc"));            // stray continuation bytes
  EXPECT_EQ(encode("ab\xe2\x82"), encode("ab"));                 // truncated sequence at the end
  EXPECT_EQ(encode("a\xe2\x82z"), encode("az"));                 // truncated sequence inside a word
  EXPECT_EQ(encode("\xc0\xaf"), expected({}));                   // overlong "/" is not a slash
  EXPECT_EQ(encode("x\xed\xa0\x80y"), encode("xy"));             // encoded surrogate
  EXPECT_EQ(encode("\xf4\x90\x80\x80"), expected({}));           // above U+10FFFF
  EXPECT_EQ(encode("\xef\xbf\xbd"), expected({}));               // a real U+FFFD is removed the same way
}

// Where Hugging Face implementations disagree we follow BertTokenizerFast (the Rust `tokenizers`
// library); transformers.js and the slow Python tokenizer differ on these.
TEST_F(WordPieceTokenizerTest, FollowsBertTokenizerFastWhereImplementationsDiffer) {
  // Every capital sigma lower-cases to σ, also at the end of a word (no final ς).
  EXPECT_EQ(encode("ΟΔΟΣ"), expected({"ο", "##δ", "##ο", "##σ"}));
  EXPECT_EQ(encode("Σοφία"), expected({"σ", "##ο", "##φ", "##ια"}));
  // CJK ideographs outside the BMP are isolated like the others (two words, not one).
  EXPECT_EQ(encode("\U00020000\U00020001"), expected({"[UNK]", "[UNK]"}));
}

TEST_F(WordPieceTokenizerTest, MarksInAnyOrderAreDropped) {
  // Dot below and dot above, in either order, are both nonspacing marks.
  EXPECT_EQ(encode("s\u0323\u0307"), encode("s\u0307\u0323"));
  EXPECT_EQ(encode("s\u0323\u0307"), encode("s"));
}

TEST(WordPieceTokenizerSmallVocab, AppliesCanonicalReorderingToKeptMarks) {
  // The musical combining stem (U+1D165, class 216) and augmentation dot (U+1D16D, class 226) are
  // spacing marks that survive accent stripping, so NFD's reordering shows in the ids. A dropped
  // mark of class 0 (U+0941) still separates two reordering runs, as it does in the NFD text.
  const WordPieceTokenizer tokenizer(
      "[PAD]\n[UNK]\n[CLS]\n[SEP]\na\U0001D165\U0001D16D\na\U0001D16D\U0001D165\n", true, 16);
  EXPECT_EQ(tokenizer.encode("a\U0001D16D\U0001D165"), (std::vector<std::int32_t>{2, 4, 3}));
  EXPECT_EQ(tokenizer.encode("a\U0001D165\U0001D16D"), (std::vector<std::int32_t>{2, 4, 3}));
  EXPECT_EQ(tokenizer.encode("a\U0001D16D\u0301\U0001D165"), (std::vector<std::int32_t>{2, 4, 3}));
  EXPECT_EQ(tokenizer.encode("a\U0001D16D\u0941\U0001D165"), (std::vector<std::int32_t>{2, 5, 3}));
}

TEST(WordPieceTokenizerSmallVocab, GreedyLongestMatchFirst) {
  const WordPieceTokenizer tokenizer("[PAD]\n[UNK]\n[CLS]\n[SEP]\nun\n##aff\n##able\n##a\nunaff\n##ffable\n", true, 64);
  EXPECT_EQ(tokenizer.vocab_size(), 10u);
  // "unaff" (8) is longer than "un" (4), then "##able" (6).
  EXPECT_EQ(tokenizer.encode("unaffable"), (std::vector<std::int32_t>{2, 8, 6, 3}));
  EXPECT_EQ(tokenizer.encode("UN"), (std::vector<std::int32_t>{2, 4, 3}));
  EXPECT_EQ(tokenizer.encode("unx"), (std::vector<std::int32_t>{2, 1, 3}));
}

TEST(WordPieceTokenizerSmallVocab, KeepsCaseWithoutLowerCasing) {
  const std::string vocab = "[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nHello\r\nhello\r\né\r\n";
  const WordPieceTokenizer cased(vocab, false, 16);
  EXPECT_EQ(cased.encode("Hello hello"), (std::vector<std::int32_t>{2, 4, 5, 3}));
  EXPECT_EQ(cased.encode("é"), (std::vector<std::int32_t>{2, 6, 3}));  // accents kept too
  const WordPieceTokenizer uncased(vocab, true, 16);
  EXPECT_EQ(uncased.encode("Hello é"), (std::vector<std::int32_t>{2, 5, 1, 3}));
}

std::string vocab_error(std::string_view vocab, std::size_t max_seq_length = 16) {
  try {
    WordPieceTokenizer tokenizer(vocab, true, max_seq_length);
  } catch (const ArtifactError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(WordPieceTokenizerVocabulary, RejectsBadVocabulariesNamingTheLine) {
  const std::string base = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n";
  EXPECT_EQ(vocab_error(""), "vocab.txt is empty");
  EXPECT_EQ(vocab_error(base + "cat\ndog\ncat\n"),
            "vocab.txt line 7: token \"cat\" already appears on line 5");
  EXPECT_EQ(vocab_error(base + "cat\n\ndog\n"), "vocab.txt line 6: is empty; every line must hold one token");
  EXPECT_EQ(vocab_error(base + "ok\nbad\xff\n"), "vocab.txt line 6: token is not valid UTF-8");
  EXPECT_EQ(vocab_error(base + std::string(403, 'x') + "\n"),
            "vocab.txt line 5: token is 403 bytes long, more than the 402 any word piece can have");
  EXPECT_EQ(vocab_error("[PAD]\n[UNK]\n[CLS]\ncat\n"),
            "vocab.txt has no [SEP] token (4 tokens read); it is not a BERT vocabulary");
  EXPECT_EQ(vocab_error("[UNK]\n[CLS]\n[SEP]\n"),
            "vocab.txt has no [PAD] token (3 tokens read); it is not a BERT vocabulary");
  EXPECT_EQ(vocab_error(base, 1), "max_seq_length is 1, but [CLS] and [SEP] alone need 2 positions");
  EXPECT_EQ(vocab_error(base), "(no error)");
  EXPECT_EQ(vocab_error("[PAD]\n[UNK]\n[CLS]\n[SEP]"), "(no error)");  // the last line break is optional
}

}  // namespace
}  // namespace movierec
