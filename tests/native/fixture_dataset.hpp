#pragma once
// Our hand-written test datasets are stored as "<name>.fixture.csv" so they can never be mistaken for
// (or collide with) real MovieLens files in the repository. A test lays one out under the names the
// loader reads ("movies.csv", ...) in a fresh temporary folder that keeps the fixture's folder name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace movierec::testing {

inline std::filesystem::path fixture_source(const std::string& name) {
  return std::filesystem::path(MOVIEREC_SOURCE_DIR) / "tests" / "fixtures" / name;
}

// Returns <temp>/<unique>/<name>/ holding movies.csv, ratings.csv, ... (and the other files of the
// fixture folder, such as README.txt) copied byte for byte.
inline std::filesystem::path materialize_fixture(const std::string& name) {
  namespace fs = std::filesystem;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string unique = info ? std::string(info->test_suite_name()) + "." + info->name() : "fixture";
  const fs::path dir = fs::temp_directory_path() / ("movierec-" + unique + "-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(fixture_source(name))) {
    const std::string file = entry.path().filename().string();
    const std::string suffix = ".fixture.csv";
    const bool renamed = file.size() > suffix.size() && file.ends_with(suffix);
    const std::string target = renamed ? file.substr(0, file.size() - suffix.size()) + ".csv" : file;
    fs::copy_file(entry.path(), dir / target, fs::copy_options::overwrite_existing);
  }
  return dir;
}

}  // namespace movierec::testing
