#pragma once
// `movierec tokenize`: the engine's tokenizer over text lines, for checking it against other BERT
// tokenizers. Each input line (split on "\n" only, so a line may hold tabs, CR or control characters)
// becomes one JSON line {"input_ids":[101,...,102]}; an empty line gives [CLS] [SEP].
#include <istream>
#include <ostream>

#include "movierec/wordpiece_tokenizer.hpp"

namespace movierec {

// Returns the process exit code: 0, or 1 if the output could not be written.
int tokenize_lines(const WordPieceTokenizer& tokenizer, std::istream& in, std::ostream& out);

}  // namespace movierec
