#!/usr/bin/env bash
# Reads every DIR/<case>.bin (msm-kryo blobs written by someone else, e.g. jsess) with real msm
# (TranscoderService.deserialize, KryoTranscoder, Kryo 4.0.0; MSM_KRYO4_DEPS as for generate.sh)
# and compares what Java reads with corpora/kryo/<case>.json.
# Prints "ok <case>" or "DIFF <case>: <first difference>" per file; exits 1 if any differ.
# Usage: bash corpora/kryo/readback.sh DIR [--exact]   (--exact: also byte-identical to the corpus)
set -euo pipefail

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 DIR [--exact]" >&2; exit 2; }
dir="$(cd "$1" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$here/env.sh"

run_java kryocorpus.Readback "$dir" "$here" ${2:+"$2"}
