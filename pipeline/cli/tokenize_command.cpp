#include "cli/tokenize_command.hpp"

#include <string>

namespace movierec {

int tokenize_lines(const WordPieceTokenizer& tokenizer, std::istream& in, std::ostream& out) {
  std::string line;
  std::string json;
  while (std::getline(in, line)) {
    json.assign("{\"input_ids\":[");
    bool first = true;
    for (const std::int32_t id : tokenizer.encode(line)) {
      if (!first) json.push_back(',');
      json.append(std::to_string(id));
      first = false;
    }
    json.append("]}\n");
    out.write(json.data(), static_cast<std::streamsize>(json.size()));
  }
  out.flush();
  return out ? 0 : 1;
}

}  // namespace movierec
