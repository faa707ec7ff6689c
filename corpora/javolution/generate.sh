#!/usr/bin/env bash
# Regenerates the Javolution twins of the msm corpus: corpora/javolution/<case>.bin and <case>.json
# (see README.md), skipped.txt and changes.txt, and the two generated lists in README.md.
#   JAVOLUTION_JAR=.../javolution-5.4.3.1.jar MSM_JAVOLUTION_JAR=.../msm-javolution-serializer.jar \
#     bash corpora/javolution/generate.sh
# Needs JDK 17 (javac, java) and Debian's libtomcat9-java. Runs from any directory.
# Compiles corpora/java/generator (describer, JSON writer, application classes) and
# corpora/msm/generator (the session cases, msm's header) with generator/ here; nothing in
# those directories is written.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/classpath.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
compile_generators "$work/classes"

run_java "$work/classes" msmcorpus.JavolutionTwins "$work/out" "$here/README.md"

find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$work/out/skipped.txt" "$work/out/changes.txt" "$work/out/README.md" "$here/"
echo "Javolution twins written to $here"
