#pragma once
// The engine's error types. Messages are written for people: they name the artifact, field, file or
// request that was wrong, because they are shown as they are in the CLI and in the browser.
#include <stdexcept>
#include <string>

namespace movierec {

struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Bytes that do not parse: a truncated, corrupted or mismatched artifact or model file.
struct ArtifactError : Error {
  using Error::Error;
};

// A request that cannot be answered: unknown user or title, no liked movies, k out of range, bad CSV.
struct InputError : Error {
  using Error::Error;
};

}  // namespace movierec
