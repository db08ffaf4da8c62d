#!/usr/bin/env bash
# Installs every system and npm dependency the build and the tests need, on Debian 12 / Ubuntu.
# Idempotent: a second run only checks. Run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates python3 python3-pip unzip zip dpkg-dev
  clang lld llvm libclang-rt-14-dev libomp-14-dev   # libFuzzer + sanitizers; clang's OpenMP for FAISS
  emscripten                                        # WASM toolchain (3.1.6 on Debian 12)
  libfaiss-dev libopenblas-dev                      # FAISS 1.7.3 (native)
  libonnx-dev libprotobuf-dev protobuf-compiler     # building and checking ONNX graphs
  libutf8proc-dev libcli11-dev nlohmann-json3-dev libfmt-dev libeigen3-dev
  libcurl4-openssl-dev libzip-dev libssl-dev zlib1g-dev
  libgtest-dev libbenchmark-dev
  chromium                                          # browser tests (never a downloaded browser)
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt: installing ${missing[*]}"
  # FAISS for WASM is built from Debian's source package, so deb-src must be enabled.
  if [ -f /etc/apt/sources.list.d/debian.sources ] && ! grep -q 'deb-src' /etc/apt/sources.list.d/debian.sources; then
    $SUDO sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources
  fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ -f /etc/apt/sources.list.d/debian.sources ] && ! grep -q 'deb-src' /etc/apt/sources.list.d/debian.sources; then
  $SUDO sed -i 's/^Types: deb$/Types: deb deb-src/' /etc/apt/sources.list.d/debian.sources
  $SUDO apt-get update -q
fi

if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm: installing packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
