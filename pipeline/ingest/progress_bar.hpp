#pragma once
// "label  1.2 / 3.3 MB [#######.......]  36%" on stderr. On a terminal the line is redrawn in place when
// the percentage changes; in a log (not a terminal) it is written every 25%, so CI output stays readable.
#include <cstdint>
#include <string>

namespace movierec {

class ProgressBar {
 public:
  enum class Unit { items, megabytes };

  ProgressBar(std::string label, Unit unit);
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  ~ProgressBar();

  // total == 0 means unknown: the amount done is shown without a bar.
  void update(std::uint64_t done, std::uint64_t total);

 private:
  void draw(std::uint64_t done, std::uint64_t total, int percent);

  std::string label_;
  Unit unit_;
  bool interactive_;
  int last_percent_ = -100;
  std::uint64_t last_done_ = 0;
  bool drawn_ = false;
};

}  // namespace movierec
