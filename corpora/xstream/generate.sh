#!/usr/bin/env bash
# Regenerates the XStream twins of the msm corpus: corpora/xstream/<case>.bin and <case>.json
# (see README.md). Needs JDK 17 (javac, java) and Debian's libtomcat9-java, libxstream-java
# (1.4.20) and libxpp3-java. Runs from any directory.
# Compiles corpora/java/generator (describer, JSON writer, application classes) and
# corpora/msm/generator (the session cases, msm's header) with generator/ here; nothing in
# those directories is written.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/classpath.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
compile_generators "$work/classes"

run_java "$work/classes" msmcorpus.XStreamTwins "$work/out"

find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$here/"
echo "XStream twins written to $here"
