#!/usr/bin/env bash
# Regenerates corpora/beyond: <case>.<java|kryo|xstream>.bin and .json, app-classes.jar and the
# case-by-format table of README.md, all written and read back by the real msm 716e147 with
# Kryo 4.0.0 / kryo-serializers 0.41 and XStream 1.4.20 (see README.md):
#   MSM_KRYO4_DEPS=/work/deps/msm-kryo4 bash corpora/beyond/generate.sh
# MSM_KRYO4_DEPS holds the jars ../shared/tools/msm-kryo4/build.sh builds (../msm/real/deps.sh).
# Also needs JDK 17 (javac, java, jar) and the Debian packages deps.sh lists. Runs from any
# directory. Compiles corpora/java/generator, corpora/msm/generator and corpora/msm/real
# unchanged with generator/ and classes-src/ here; writes only here.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_generator="$here/../java/generator"
msm_generator="$here/../msm/generator"
real_msm="$here/../msm/real"
for d in "$java_generator" "$msm_generator" "$real_msm"; do
  [ -d "$d" ] || { echo "missing $d" >&2; exit 1; }
done
source "$real_msm/deps.sh"
require_real_msm

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

find "$java_generator" "$msm_generator" "$real_msm" "$here/generator" "$here/classes-src" -name '*.java' \
  | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$real_msm_classpath" @"$work/sources"

real_msm_java -cp "$work/classes:$real_msm_classpath" beyondcorpus.Generator "$work/out" "$here/README.md"

# The application classes the blobs name (compiled from classes-src/), for readers that need
# field layouts (--classpath): corpus.Annotated and corpus.DataWriter come along because
# application classes implement and use them. Fixed entry order and timestamps, no manifest:
# the same jar on every run.
(
  cd "$work/classes"
  {
    find com -name '*.class'
    printf '%s\n' corpus/Annotated.class corpus/DataWriter.class
  } | LC_ALL=C sort > "$work/app-classes"
  # Only the classes of classes-src/ (corpora/java/generator has com.* classes too).
  while read -r class; do
    case "$class" in
      corpus/*) echo "$class" ;;
      *)
        src="${class%%\$*}"; src="${src%.class}.java"
        [ -f "$here/classes-src/$src" ] && echo "$class"
        ;;
    esac
  done < "$work/app-classes" > "$work/app-classes.filtered"
  jar --create --no-manifest --date=2023-11-14T22:13:20Z --file "$work/out/app-classes.jar" @"$work/app-classes.filtered"
)

# Replace the old files only once the new ones are complete.
find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' -o -name 'app-classes.jar' \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$work/out/app-classes.jar" "$work/out/README.md" "$here/"
echo "corpus written to $here"
