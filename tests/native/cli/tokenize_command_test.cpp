// `movierec tokenize`: one JSON line of token ids per input line.
#include "cli/tokenize_command.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "movierec/wordpiece_tokenizer.hpp"

namespace movierec {
namespace {

TEST(TokenizeLines, WritesOneJsonLinePerInputLine) {
  const WordPieceTokenizer tokenizer("[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\n,\n", true, 16);
  std::istringstream in("Hello, world\n\nsecond\tline\r\nworld");
  std::ostringstream out;
  EXPECT_EQ(tokenize_lines(tokenizer, in, out), 0);
  EXPECT_EQ(out.str(),
            "{\"input_ids\":[2,4,6,5,3]}\n"
            "{\"input_ids\":[2,3]}\n"
            "{\"input_ids\":[2,1,1,3]}\n"
            "{\"input_ids\":[2,5,3]}\n");
}

}  // namespace
}  // namespace movierec
