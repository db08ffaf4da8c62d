#!/usr/bin/env bash
# The full-size catalog the scale test serves (playwright.scale.config.ts): a generated MovieLens-format
# dataset with ml-32m's 87,585 movies and fewer users and ratings, so it builds within CI's time, run
# through the same pipeline and validate as the real site, then the same page built around it in
# build/scale/dist. Needs the native CLI, the WASM engine and public/ (scripts/build.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
MOVIEREC=build/native/pipeline/movierec
OUT=build/scale

"$MOVIEREC" generate-data --out "$OUT/data" --movies 87585 --users 5000 --ratings 500000 --tags 50000
"$MOVIEREC" build --data "$OUT/data" --out "$OUT/public/artifacts"
"$MOVIEREC" validate --artifacts "$OUT/public/artifacts"
# Everything but the artifacts is the site's own.
for entry in engine icons ort manifest.webmanifest; do ln -sfn "$PWD/public/$entry" "$OUT/public/$entry"; done
MOVIEREC_PUBLIC_DIR="$OUT/public" npx vite build --outDir "$PWD/$OUT/dist" --emptyOutDir --logLevel warn
