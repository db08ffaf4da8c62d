#!/usr/bin/env bash
# npm start: build everything that is missing or stale, then serve the site and print its URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
PORT="${PORT:-4173}"
echo
echo "movierec is served at http://127.0.0.1:${PORT}/  (Ctrl+C stops it)"
exec npx vite preview --host 127.0.0.1 --port "$PORT" --strictPort
