#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ with every committed corpus (every .ser, .bin and .session below corpora/,
# hostile ones included) and the regression files, for every target: a target whose format a
# file is not still learns from its shape. The compact targets also get the compact twins of
# the msm corpus, written by jsess itself (packed+dict's with the corpus's dictionary).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
jsess="cargo run --quiet --release --manifest-path $root/Cargo.toml -p jsess-cli --"
for target_file in "$here"/fuzz_targets/*.rs; do
  target="$(basename "$target_file" .rs)"
  mkdir -p "$here/corpus/$target"
  find "$root/corpora" -type f \( -name '*.ser' -o -name '*.bin' -o -name '*.session' \) -print0 \
    | while IFS= read -r -d '' f; do
        # Files of different corpora share names: keep them apart by their path.
        rel="${f#"$root/corpora/"}"
        cp "$f" "$here/corpus/$target/${rel//\//_}"
      done
  cp "$here"/regressions/* "$here/corpus/$target/"
  # The Redis session managers' values are named by their keys, without an extension.
  for f in "$root"/corpora/managers/{jcoleman,jcoleman-1,ran-jit,chexagon}/*; do
    rel="${f#"$root/corpora/"}"
    cp "$f" "$here/corpus/$target/${rel//\//_}"
  done
done
for format in bincode msgpack postcard json packed; do
  $jsess convert --from msm-java --to "$format" "$root/corpora/msm" "$here/corpus/compact_$format" > /dev/null
done
# packed+dict: twins written with the dictionary the target reads with.
cargo run --quiet --manifest-path "$root/Cargo.toml" -p jsess-fuzzing --example packed_dict_twins -- "$here/corpus/compact_packed_dict"
# The hash target reads a key and fields: the layout corpora, framed.
cargo run --quiet --manifest-path "$root/Cargo.toml" -p jsess-fuzzing --example frame_layouts -- "$here/corpus/hash_session"
