#pragma once
// A one-line progress bar on a terminal stream, redrawn in place; quiet in between redraws so it costs
// nothing in a tight loop.
#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace movierec {

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, std::string label);
  void update(std::uint64_t done, std::uint64_t total);
  void finish();

 private:
  std::ostream& out_;
  std::string label_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
  bool interactive_ = false;  // a terminal: redraw in place
};

}  // namespace movierec
