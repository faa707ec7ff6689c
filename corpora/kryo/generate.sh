#!/usr/bin/env bash
# Regenerates the msm-kryo corpus: corpora/kryo/<case>.bin, <case>.json, cases.md and
# app-classes.jar (see README.md) with the real msm, Kryo 4.0.0 and kryo-serializers 0.41:
#   MSM_KRYO4_DEPS=/work/deps/msm-kryo4 bash corpora/kryo/generate.sh
# MSM_KRYO4_DEPS holds the jars ../shared/tools/msm-kryo4/build.sh builds. Also needs JDK 17
# (javac, java, jar) and Debian's libtomcat9-java, libobjenesis-java, libminlog-java,
# libreflectasm-java, libasm-java, libxstream-java, libxpp3-java. Runs from any directory.
# Compiles corpora/java/generator, corpora/msm/generator and corpora/msm/real unchanged together
# with this corpus's generator; writes only here.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
source "$here/env.sh"

run_java kryocorpus.Generator "$work/out"

# The application classes the blobs name, for readers that need field layouts and generic
# signatures: everything compiled except the generators themselves. corpus.Annotated and
# corpus.SerialFields are kept because application classes implement them. Fixed entry order
# and timestamps, no manifest: the same jar on every run.
(
  cd "$work/classes"
  find . -name '*.class' \
    | sed 's|^\./||' \
    | grep -v -E '^(corpus|msmcorpus|kryocorpus)/' \
    | LC_ALL=C sort > "$work/app-classes"
  printf '%s\n' corpus/Annotated.class corpus/SerialFields.class >> "$work/app-classes"
  LC_ALL=C sort -o "$work/app-classes" "$work/app-classes"
  jar --create --no-manifest --date=2023-11-14T22:13:20Z --file "$work/out/app-classes.jar" @"$work/app-classes"
)

# Replace the old corpus only once the new one is complete.
find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' -o -name 'cases.md' -o -name 'app-classes.jar' \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$work/out/cases.md" "$work/out/app-classes.jar" "$here/"
echo "corpus written to $here"
