#!/usr/bin/env bash
# npm test: every test, from a fresh clone. Builds the site first (its artifacts, engine and dist/ are
# test inputs), then runs:
#   native GoogleTest suites under ASan + UBSan (CTest), the libFuzzer targets for a bounded time,
#   Vitest (TS modules, tokenizer parity with Hugging Face, native <-> WASM sameness), Playwright, and
#   a full-size generated catalog (87,585 movies) built, validated and browsed (scripts/scale-site.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"
FUZZ_SECONDS="${FUZZ_SECONDS:-30}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

# Test data: the shared read-only copies when this checkout sits next to them, else what the build
# downloaded into data/.
if [ -z "${MOVIELENS_DIR:-}" ]; then
  if [ -d ../shared/data/ml-latest-small ]; then export MOVIELENS_DIR="$PWD/../shared/data/ml-latest-small"; fi
fi
bash scripts/build.sh

# The model folder the build used (it fetches all-MiniLM-L6-v2 there unless MOVIEREC_MODEL_DIR is set).
export MOVIEREC_MODEL_DIR="${MOVIEREC_MODEL_DIR:-$PWD/data/models/all-MiniLM-L6-v2}"
if [ -z "${MOVIEREC_TOKENIZER_DIR:-}" ]; then
  if [ -d ../shared/models/all-MiniLM-L6-v2 ]; then
    export MOVIEREC_TOKENIZER_DIR="$PWD/../shared/models/all-MiniLM-L6-v2"
  else
    export MOVIEREC_TOKENIZER_DIR="$MOVIEREC_MODEL_DIR"
  fi
fi
export MOVIEREC_CLI="$PWD/build/native/pipeline/movierec"
export MOVIEREC_ARTIFACTS="$PWD/public/artifacts"

step "native tests under AddressSanitizer + UndefinedBehaviorSanitizer (build/asan)"
# Debug keeps assertions (Eigen's bounds checks among them); -O1, as the sanitizers recommend, makes the
# evaluation tests, which fit many ALS models, several times faster than -O0.
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DMOVIEREC_SANITIZE=ON >/dev/null
cmake --build build/asan -j"$JOBS"
# Leaks are checked too; tests/lsan.supp names the one library whose process-lifetime objects are expected.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j"$JOBS"

step "fuzz targets, ${FUZZ_SECONDS}s each (build/fuzz)"
export MOVIEREC_VOCAB="${MOVIEREC_VOCAB:-$MOVIEREC_TOKENIZER_DIR/vocab.txt}"  # the tokenizer target's vocabulary
CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DMOVIEREC_FUZZ=ON -DMOVIEREC_SANITIZE=ON >/dev/null
fuzzers=$(cd tests/fuzz && ls *_fuzz.cpp | sed 's/\.cpp$//')
# shellcheck disable=SC2086
cmake --build build/fuzz -j"$JOBS" --target $fuzzers
for fuzzer in $fuzzers; do
  corpus="build/fuzz/corpus/$fuzzer"
  mkdir -p "$corpus"
  echo "--- $fuzzer"
  log="build/fuzz/$fuzzer.log"
  if ! ASAN_OPTIONS=detect_leaks=0 "build/fuzz/tests/fuzz/$fuzzer" "$corpus" tests/fuzz/seeds \
      -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "$fuzzer found a problem (full log: $log)"
    exit 1
  fi
  grep -E 'stat::number_of_executed_units' "$log" || true
done

step "Vitest (tests/web)"
# Vitest 5 reporters need Map.groupBy (Node 21+); the shim keeps failure reports readable on Node 20.
NODE_OPTIONS="--import ./tests/web/node20_compat.mjs ${NODE_OPTIONS:-}" npx vitest run

step "Playwright (tests/e2e, Debian chromium)"
npx playwright test

step "a full-size catalog: 87,585 generated movies built, validated and served (build/scale)"
bash scripts/scale-site.sh
npx playwright test -c playwright.scale.config.ts
