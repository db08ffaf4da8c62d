#include "progress_bar.hpp"

#include <cstdio>

namespace movierec {

void ProgressBar::update(std::uint64_t done, std::uint64_t total) {
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 30;
  const double fraction = total ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
  const int filled = static_cast<int>(fraction * kWidth);
  char line[160];
  std::snprintf(line, sizeof line, "\r%s [%-*s] %5.1f%% (%llu/%llu)", label_.c_str(), kWidth,
                std::string(static_cast<std::size_t>(filled), '#').c_str(), fraction * 100.0,
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(total));
  out_ << line << std::flush;
}

void ProgressBar::finish() {
  if (drawn_) out_ << "\n" << std::flush;
  drawn_ = false;
}

}  // namespace movierec
