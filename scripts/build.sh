#!/usr/bin/env bash
# npm run build: everything from a fresh clone to a static site in dist/, non-interactive.
#   1. system + npm dependencies        (scripts/install-deps.sh)
#   2. native engine, pipeline and CLI  (build/native/pipeline/movierec)
#   3. artifacts                        (public/artifacts/, from $MOVIELENS_DIR or the GroupLens download)
#   4. the engine compiled to WASM      (public/engine/)
#   5. the site                         (dist/)
# Steps whose inputs did not change are skipped, so a second run is quick.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS="${JOBS:-2}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"  # emscripten's linker needs Debian's node modules

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "dependencies"
bash scripts/install-deps.sh

step "native build (build/native)"
cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/native -j"$JOBS" --target movierec
MOVIEREC=build/native/pipeline/movierec

step "artifacts (public/artifacts)"
# Rebuilt when missing, when the CLI changed, or on request (MOVIEREC_REBUILD=1).
if [ ! -f public/artifacts/manifest.json ] || [ "$MOVIEREC" -nt public/artifacts/manifest.json ] ||
   [ "${MOVIEREC_REBUILD:-0}" = 1 ]; then
  "$MOVIEREC" build --out public/artifacts
else
  echo "up to date (MOVIEREC_REBUILD=1 forces a rebuild)"
fi
"$MOVIEREC" validate --artifacts public/artifacts

step "WASM engine (public/engine)"
JOBS="$JOBS" bash wasm/build_deps.sh
emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j"$JOBS" --target movierec_engine

step "site (dist)"
npx vite build

echo
echo "Built: dist/ (serve it with: npm start, or any static file server)"
