#include "progress_bar.hpp"

#include <cstdio>
#include <iostream>

#include <unistd.h>

namespace movierec {

ProgressBar::ProgressBar(std::ostream& out, std::string label) : out_(out), label_(std::move(label)) {
  const int fd = &out == &std::cerr ? STDERR_FILENO : &out == &std::cout ? STDOUT_FILENO : -1;
  interactive_ = fd >= 0 && isatty(fd) == 1;
}

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  const auto now = std::chrono::steady_clock::now();
  // In a log (not a terminal) a redraw is a new line, so only every 10 seconds and at the end.
  const auto interval = interactive_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(10000);
  if (drawn_ && done < total && now - last_draw_ < interval) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  const double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  const int filled = static_cast<int>(fraction * kWidth);
  char line[160];
  std::snprintf(line, sizeof line, "\r%s [%-*s] %5.1f%% (%llu/%llu)", label_.c_str(), kWidth,
                std::string(static_cast<std::size_t>(filled), '#').c_str(), fraction * 100.0,
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  out_ << (interactive_ ? line : line + 1) << (interactive_ ? "" : "\n") << std::flush;
}

void ProgressBar::finish() {
  if (drawn_ && interactive_) out_ << "\n" << std::flush;
  drawn_ = false;
}

}  // namespace movierec
