#!/usr/bin/env bash
# Makes real XStream (Debian's 1.4.20) read back XStream blobs another writer made:
#   bash corpora/xstream/readback.sh DIR [SOURCE_DIR]
# DIR holds <case>.bin msm blobs with XStream attributes, each converted from SOURCE_DIR/<case>.bin
# (Java-serialized msm blobs; default corpora/msm). Every value XStream reads must equal and
# describe the same as what ObjectInputStream reads from the source; the summary says whether
# a plain new XStream() (the one msm's XStreamTranscoder reads with) refuses it. Needs only
# Debian's jars, not MSM_KRYO4_DEPS. Exit 0 when all pass.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:?usage: readback.sh DIR [SOURCE_DIR]}"
source_dir="${2:-$here/../msm}"
source "$here/classpath.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
compile_generators "$work/classes" "$here/generator/msmcorpus/XStreamReadback.java" \
  "$here/generator/msmcorpus/XStreamValues.java"
run_java "$work/classes" msmcorpus.XStreamReadback "$dir" "$source_dir"
