#!/usr/bin/env bash
# Instructions per session, per operation, counted by callgrind: steady where timings on a
# shared machine are not (a change of a few percent shows), and comparable between builds.
#
#   bash benches/instructions.sh [SESSION ...]     (default: example_v2 camunda ecommerce)
#
# For each session (a name in corpora/msm, with its Kryo 4 twin in corpora/kryo), runs
# benches/examples/session_loop.rs under callgrind for 200 and for 400 passes and prints
# (400-pass count - 200-pass count) / 200: what one pass costs, start-up and first-use tables
# left out. Operations: msm-java decode, msm-kryo decode, msm-kryo encode (from the decoded
# msm-java session), the msm-java -> msm-kryo transcode with its verification, and `packed`
# decode and encode (the blob made from the msm-java one), all with corpora/kryo/app-classes.jar
# as the classpath. With DICTIONARY=FILE (a `jsess dictionary` file) the packed rows are
# packed+dict. Hash tables are seeded at random, which moves
# a count by about 1% from one run to the next.
#
# With BASELINE=/path/to/session_loop (the example built from another commit), each count is
# also taken with that binary, side by side.
#
# Needs valgrind (Debian: valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
sessions=("$@")
[ ${#sessions[@]} -gt 0 ] || sessions=(example_v2 camunda ecommerce)
cargo build --release -q -p jsess-benches --example session_loop
loop="$PWD/target/release/examples/session_loop"
classpath="$PWD/corpora/kryo/app-classes.jar"

# Instructions callgrind counts for `$@` (the binary and its arguments but the pass count).
counted() {
  local out
  out="$(mktemp)"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2> "$out" >/dev/null || { cat "$out" >&2; rm -f "$out"; return 1; }
  sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out"
  rm -f "$out"
}

# Per-pass instructions of one operation with the loop binary $1.
per_pass() {
  local bin=$1 op=$2 format=$3 file=$4 a b
  a=$(counted "$bin" "$op" "$format" "$file" 200 "$classpath")
  b=$(counted "$bin" "$op" "$format" "$file" 400 "$classpath")
  echo $(((b - a) / 200))
}

printf '%-22s %-30s %12s' session operation instructions
[ -n "${BASELINE:-}" ] && printf ' %12s %8s' baseline change
printf '\n'
for s in "${sessions[@]}"; do
  for spec in "decode msm-java msm" "decode msm-kryo kryo" "encode msm-kryo msm" "transcode msm-kryo msm" \
    "redecode packed msm" "encode packed msm"; do
    read -r op format dir <<< "$spec"
    file="corpora/$dir/$s.bin"
    label="$op $format"
    [ "$op" = transcode ] && label="transcode msm-java -> $format"
    [ "$op" = redecode ] && label="decode $format"
    [ "$format" = packed ] && [ -n "${DICTIONARY:-}" ] && label="$label+dict"
    now=$(per_pass "$loop" "$op" "$format" "$file")
    printf '%-22s %-30s %12s' "$s" "$label" "$now"
    if [ -n "${BASELINE:-}" ]; then
      before=$(per_pass "$BASELINE" "$op" "$format" "$file")
      printf ' %12s %7.1f%%' "$before" "$(python3 -c "print(($now - $before) * 100 / $before)")"
    fi
    printf '\n'
  done
done
