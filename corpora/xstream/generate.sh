#!/usr/bin/env bash
# Regenerates the XStream twins of the msm corpus with the real msm: corpora/xstream/<case>.bin
# and <case>.json (see README.md).
#   MSM_KRYO4_DEPS=/work/deps/msm-kryo4 bash corpora/xstream/generate.sh
# MSM_KRYO4_DEPS holds the jars ../shared/tools/msm-kryo4/build.sh builds. Also needs JDK 17
# (javac, java) and Debian's libtomcat9-java, libxstream-java (1.4.20), libxpp3-java and the
# Kryo dependencies msm's jar refers to (see ../msm/real/deps.sh). Runs from any directory.
# Compiles corpora/java/generator (describer, JSON writer, application classes),
# corpora/msm/generator (the session cases) and corpora/msm/real (the real-msm layer) with
# generator/ here; nothing in those directories is written.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/classpath.sh"
use_real_msm

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
compile_generators "$work/classes"

run_java "$work/classes" msmcorpus.XStreamTwins "$work/out"

find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$here/"
echo "XStream twins written to $here"
