#include "ingest/progress_bar.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace movierec {

ProgressBar::ProgressBar(std::string label, Unit unit)
    : label_(std::move(label)), unit_(unit), interactive_(::isatty(::fileno(stderr)) == 1) {}

ProgressBar::~ProgressBar() {
  if (drawn_ && interactive_) std::fputc('\n', stderr);
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  const int percent = total > 0 ? static_cast<int>(std::min<std::uint64_t>(100, done * 100 / total)) : -1;
  const int step = interactive_ ? 1 : 25;
  const std::uint64_t unknown_total_step = unit_ == Unit::megabytes ? (std::uint64_t{1} << 20) : 1000;
  if (percent >= 0 ? percent / step == last_percent_ / step : done - last_done_ < unknown_total_step) return;
  last_percent_ = percent;
  last_done_ = done;
  draw(done, total, percent);
}

void ProgressBar::draw(std::uint64_t done, std::uint64_t total, int percent) {
  constexpr int kWidth = 30;
  const char* start = interactive_ ? "\r" : "";
  const char* end = interactive_ ? "" : "\n";
  char amount[64];
  if (unit_ == Unit::megabytes) {
    const auto mb = [](std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; };
    if (total > 0) {
      std::snprintf(amount, sizeof amount, "%.1f / %.1f MB", mb(done), mb(total));
    } else {
      std::snprintf(amount, sizeof amount, "%.1f MB", mb(done));
    }
  } else {
    std::snprintf(amount, sizeof amount, "%llu / %llu", static_cast<unsigned long long>(done),
                  static_cast<unsigned long long>(total));
  }
  if (percent < 0) {
    std::fprintf(stderr, "%s%s  %s%s", start, label_.c_str(), amount, end);
  } else {
    const int filled = percent * kWidth / 100;
    std::fprintf(stderr, "%s%s  %s [%s%s] %3d%%%s", start, label_.c_str(), amount,
                 std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(kWidth - filled), '.').c_str(), percent, end);
  }
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace movierec
