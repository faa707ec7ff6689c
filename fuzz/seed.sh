#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the committed corpora (compact targets get the compact twins
# of the msm corpus, written by jsess itself).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
jsess="cargo run --quiet --release --manifest-path $root/Cargo.toml -p jsess-cli --"
for target in java_stream msm_blob audit; do
  mkdir -p "$here/corpus/$target"
  cp "$root"/corpora/java/*.ser "$root"/corpora/msm/*.bin "$root"/corpora/hostile/*.ser "$here/corpus/$target/"
  cp "$here"/regressions/* "$here/corpus/$target/"
done
mkdir -p "$here/corpus/kryo_blob"
cp "$root"/corpora/kryo/*.bin "$here/corpus/kryo_blob/"
for format in bincode msgpack postcard json; do
  mkdir -p "$here/corpus/compact_$format"
  $jsess convert --from msm-java --to "$format" "$root/corpora/msm" "$here/corpus/compact_$format" > /dev/null
done
