#!/usr/bin/env bash
# Regenerates the FlexJSON twins of the msm corpus with the real msm: corpora/flexjson/<case>.bin,
# <case>.json and not_written.txt (see README.md).
#   MSM_KRYO4_DEPS=/work/deps/msm-kryo4 FLEXJSON_DEPS=/work/deps/flexjson bash corpora/flexjson/generate.sh
# MSM_KRYO4_DEPS holds the jars ../shared/tools/msm-kryo4/build.sh builds; FLEXJSON_DEPS holds
# flexjson-3.3.jar and msm-flexjson-716e147.jar, built as README.md ("Building the libraries")
# says. Also needs JDK 17 and the Debian jars of ../msm/real/deps.sh. Runs from any directory.
# Compiles corpora/java/generator, corpora/msm/generator, corpora/msm/real and generator/ here
# (through ../xstream/classpath.sh); nothing in those directories is written.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../xstream/classpath.sh"
use_real_msm

flexjson_jars=(flexjson-3.3.jar msm-flexjson-716e147.jar)
for jar in "${flexjson_jars[@]}"; do
  if [ -z "${FLEXJSON_DEPS:-}" ] || [ ! -f "$FLEXJSON_DEPS/$jar" ]; then
    {
      echo "FLEXJSON_DEPS must name the directory holding ${flexjson_jars[*]}"
      echo "(built from FlexJSON's and msm's public sources: see $here/README.md, \"Building the libraries\"), then e.g."
      echo "  MSM_KRYO4_DEPS=/work/deps/msm-kryo4 FLEXJSON_DEPS=/work/deps/flexjson bash $0"
    } >&2
    exit 1
  fi
  classpath="$classpath:$FLEXJSON_DEPS/$jar"
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The generator shares corpora/xstream's way of describing values (XStreamValues).
compile_generators "$work/classes" $(find "$real_msm" "$here/generator" -name '*.java') \
  "$here/../xstream/generator/msmcorpus/XStreamValues.java"

run_java "$work/classes" msmcorpus.FlexJsonTwins "$work/out"

find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' -o -name not_written.txt \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$work/out/not_written.txt" "$here/"
echo "FlexJSON twins written to $here"
