#!/usr/bin/env bash
# Golden blobs of every compact format, written by jsess itself from four msm corpus sessions,
# without and with the class dictionary of corpora/msm (committed beside them), and from two
# XStream sessions read with nothing given (descriptors known only by the XML, untyped elements,
# a serial proxy naming the class it stands for). The tests decode
# them and check jsess still writes exactly these bytes, so a change of wire format shows up
# as a deliberate, versioned one: regenerate only when the layout version changes.
#   bash corpora/compact/generate.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
jsess() { cargo run --quiet --release --manifest-path "$root/Cargo.toml" -p jsess-cli -- "$@"; }
sessions=(camunda ecommerce attribute_cycle form_login_saved_post)
# Files of corpora/msm that are not sessions (docs, generators) are named and skipped.
jsess dictionary --out "$here/msm.dict" "$root/corpora/msm" >/dev/null 2>&1
for format in bincode msgpack postcard json packed; do
  for s in "${sessions[@]}"; do
    jsess convert --from msm-java --to "$format" "$root/corpora/msm/$s.bin" "$here/$s.$format" >/dev/null
    jsess convert --from msm-java --to "$format" --dictionary "$here/msm.dict" \
      "$root/corpora/msm/$s.bin" "$here/$s.dict.$format" >/dev/null
  done
done
# A session whose Java writer aborted (TC_EXCEPTION): packed keeps it in the wire layout.
jsess convert --from msm-java --to packed "$root/corpora/msm/not_serializable_marker.bin" \
  "$here/not_serializable_marker.packed" >/dev/null
# Sessions read from XStream without their classes: what only such sessions hold in the layout.
for format in bincode msgpack postcard json packed; do
  jsess convert --from msm-xstream --to "$format" "$root/corpora/xstream/ecommerce.bin" \
    "$here/xstream_ecommerce.$format" >/dev/null
  jsess convert --from msm-xstream --to "$format" "$root/corpora/beyond/write_replace.xstream.bin" \
    "$here/xstream_write_replace.$format" >/dev/null
done
