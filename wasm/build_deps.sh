#!/usr/bin/env bash
# Builds the WebAssembly static libraries the browser engine links against:
#   FAISS 1.7.3 (Debian 1.7.3-2) and utf8proc 2.8.0 (Debian 2.8.0-1),
# from Debian's source packages, with our wasm32 patch, a single-threaded OpenMP stub and a small
# BLAS (wasm/faiss/). Installs into build/wasm-deps/{include,lib}, where core/CMakeLists.txt looks.
#
# Pinned inputs: the source package versions and the SHA-256 of their .dsc files (which pin the
# tarballs: dpkg-source verifies them). Needs deb-src in the apt sources, dpkg-dev and emscripten
# (scripts/install-deps.sh sets up all three).
#
# Idempotent: does nothing when both libraries are installed and were built by this exact script
# with these exact patch/stub files. JOBS=n sets the compile parallelism (default 2).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/build/wasm-src"
PREFIX="$ROOT/build/wasm-deps"
EXTRA="$ROOT/wasm/faiss"
JOBS="${JOBS:-2}"
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"  # emscripten's JS linker needs Debian's node modules

FAISS_PKG=faiss
FAISS_VERSION=1.7.3-2
FAISS_DSC_SHA256=432937bbdfc7e14783685762e360b68f9ab74f1599319697d756b27585e83dbd
UTF8PROC_PKG=utf8proc
UTF8PROC_VERSION=2.8.0-1
UTF8PROC_DSC_SHA256=6ce2b0ab12fe7d0c3fd0a40d4eb886ae82bf6ea356e4db1a0a9f76582947625c

# -msse3: FAISS's SSE code paths compile to WebAssembly SIMD through emscripten's SSE headers.
# -fwasm-exceptions: must match the engine, so FAISS errors reach the bindings as C++ exceptions.
# The warnings switched off are about code paths that 32-bit size_t makes look suspicious but that
# never run: the 2^40 size sanity checks (always true) and 16-bit PQ distance tables (never built).
FAISS_FLAGS=(-std=c++17 -O3 -DNDEBUG -msimd128 -msse3 -fwasm-exceptions -DFINTEGER=int
  -Wno-unknown-pragmas -Wno-tautological-constant-out-of-range-compare -Wno-array-bounds)
C_FLAGS=(-O3 -DNDEBUG -msimd128)

# The stamp covers this script, the patch and stub files, and the compiler version (sed reads all of
# emcc's output: `head` would close the pipe early and emcc would fail on the broken pipe).
inputs_hash() {
  { cat "${BASH_SOURCE[0]}" "$EXTRA"/*.patch "$EXTRA"/omp.h "$EXTRA"/mini_blas.c; emcc --version | sed -n 1p; } |
    sha256sum | cut -d' ' -f1
}

stamp="$(inputs_hash)"
if [ -f "$PREFIX/lib/libfaiss.a" ] && [ -f "$PREFIX/lib/libutf8proc.a" ] &&
   [ "$(cat "$PREFIX/.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "wasm deps up to date in $PREFIX"
  exit 0
fi

for tool in emcc em++ emar apt-get dpkg-source patch sha256sum; do
  command -v "$tool" >/dev/null || { echo "error: $tool not found (run scripts/install-deps.sh)" >&2; exit 1; }
done

# Downloads a pinned source package into $SRC and unpacks it afresh into $SRC/<pkg>-<upstream>,
# with Debian's own patches applied; dpkg-source checks the tarballs against the pinned .dsc.
unpack_source() {
  local pkg="$1" version="$2" dsc_sha256="$3"
  local dsc="${pkg}_${version}.dsc"
  local dir="$SRC/${pkg}-${version%-*}"
  if [ ! -f "$SRC/$dsc" ]; then
    (cd "$SRC" && apt-get source --download-only "${pkg}=${version}")
  fi
  (cd "$SRC" && echo "${dsc_sha256}  ${dsc}" | sha256sum --check --quiet) ||
    { echo "error: $SRC/$dsc does not match the pinned SHA-256" >&2; exit 1; }
  rm -rf "$dir"
  # Debian's signing keys are usually not installed, so dpkg-source's signature warning is expected;
  # its output is kept for when unpacking fails.
  (cd "$SRC" && dpkg-source -x "$dsc" "$dir" > "$SRC/${pkg}-unpack.log" 2>&1) ||
    { cat "$SRC/${pkg}-unpack.log" >&2; echo "error: unpacking $dsc failed" >&2; exit 1; }
}

compile_faiss_source() {
  local source="$1"
  local object="$FAISS_OBJ/${source//\//_}.o"
  # shellcheck disable=SC2086  # the flags are words without spaces
  em++ $FAISS_CXXFLAGS -I"$FAISS_DIR" -I"$EXTRA" -c "$FAISS_DIR/$source" -o "$object" ||
    { echo "error: compiling $source failed" >&2; return 255; }  # 255 stops xargs at once
}

mkdir -p "$SRC"

echo "==> FAISS $FAISS_VERSION"
unpack_source "$FAISS_PKG" "$FAISS_VERSION" "$FAISS_DSC_SHA256"
FAISS_DIR="$SRC/$FAISS_PKG-${FAISS_VERSION%-*}"
for p in "$EXTRA"/*.patch; do
  patch -p1 --quiet --forward -d "$FAISS_DIR" < "$p"
done
FAISS_OBJ="$SRC/faiss-obj"
rm -rf "$FAISS_OBJ"
mkdir -p "$FAISS_OBJ"
# Every CPU source of the library (the same list as FAISS's CMakeLists): index_read refers to
# every index type, so nothing can be left out. gpu/ and python/ are not compiled.
cd "$FAISS_DIR"
mapfile -t faiss_sources < <(ls faiss/*.cpp faiss/impl/*.cpp faiss/invlists/*.cpp faiss/utils/*.cpp)
echo "    compiling ${#faiss_sources[@]} sources with $JOBS jobs"
export -f compile_faiss_source
export FAISS_DIR FAISS_OBJ EXTRA
export FAISS_CXXFLAGS="${FAISS_FLAGS[*]}"
printf '%s\n' "${faiss_sources[@]}" | xargs -P "$JOBS" -I{} bash -c 'compile_faiss_source "$1"' _ {}
emcc "${C_FLAGS[@]}" -Wall -Wextra -c "$EXTRA/mini_blas.c" -o "$FAISS_OBJ/mini_blas.o"

echo "==> utf8proc $UTF8PROC_VERSION"
unpack_source "$UTF8PROC_PKG" "$UTF8PROC_VERSION" "$UTF8PROC_DSC_SHA256"
UTF8PROC_DIR="$SRC/$UTF8PROC_PKG-${UTF8PROC_VERSION%-*}"
emcc "${C_FLAGS[@]}" -DUTF8PROC_STATIC -c "$UTF8PROC_DIR/utf8proc.c" -o "$SRC/utf8proc.o"

echo "==> installing into $PREFIX"
rm -rf "$PREFIX"
mkdir -p "$PREFIX/include" "$PREFIX/lib"
emar rcs "$PREFIX/lib/libfaiss.a" "$FAISS_OBJ"/*.o
emar rcs "$PREFIX/lib/libutf8proc.a" "$SRC/utf8proc.o"
(cd "$FAISS_DIR" && find faiss -name '*.h' -not -path 'faiss/gpu/*' -not -path 'faiss/python/*' \
   -exec install -D -m 644 {} "$PREFIX/include/{}" \;)
install -m 644 "$EXTRA/omp.h" "$PREFIX/include/omp.h"  # FAISS's HNSW/NSG headers include <omp.h>
install -m 644 "$UTF8PROC_DIR/utf8proc.h" "$PREFIX/include/utf8proc.h"

echo "==> checking that all of FAISS links with no undefined symbols"
CHECK="$SRC/link-check"
rm -rf "$CHECK"
mkdir -p "$CHECK"
cat > "$CHECK/main.cpp" <<'EOF'
#include <faiss/index_io.h>
#include <utf8proc.h>
int main() { return utf8proc_version() == nullptr; }
EOF
# --whole-archive and --no-gc-sections keep every object, so any symbol FAISS refers to anywhere
# (BLAS, LAPACK, OpenMP) must resolve; emscripten fails the link on an undefined one.
em++ -O1 -fwasm-exceptions -DUTF8PROC_STATIC -I"$PREFIX/include" "$CHECK/main.cpp" \
  -Wl,--whole-archive "$PREFIX/lib/libfaiss.a" "$PREFIX/lib/libutf8proc.a" -Wl,--no-whole-archive \
  -Wl,--no-gc-sections -sERROR_ON_UNDEFINED_SYMBOLS=1 -o "$CHECK/link_check.js"

echo "$stamp" > "$PREFIX/.stamp"
ls -l "$PREFIX/lib"
echo "wasm deps installed in $PREFIX"
