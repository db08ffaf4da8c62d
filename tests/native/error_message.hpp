#pragma once
// The message of the movierec::Error an action throws, or "no error": tests assert what a person reads.
#include <functional>
#include <string>

#include "movierec/errors.hpp"

namespace movierec::testing {

inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace movierec::testing
