#!/usr/bin/env bash
# Regenerates the JDK census: corpora/census/census.jsonl (also copied to
# crates/javaser/src/jdk/census.jsonl) and corpora/census/readback.md. See README.md.
# Needs JDK 17, Debian's libxstream-java, libxpp3-java, libtomcat9-java, libobjenesis-java,
# libminlog-java, libreflectasm-java, libasm-java, and the jars ../shared/tools/msm-kryo4/build.sh
# builds (Kryo 4.0.0, kryo-serializers 0.41, msm 716e147) in the directory $MSM_KRYO4_DEPS.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [ -z "${MSM_KRYO4_DEPS:-}" ]; then
  echo "MSM_KRYO4_DEPS is not set: point it at the directory ../shared/tools/msm-kryo4/build.sh wrote" >&2
  echo "(kryo-4.0.0.jar, kryo-serializers-0.41-jdk17.jar, msm-716e147.jar, spymemcached-2.12.0-partial.jar)" >&2
  exit 1
fi
J=/usr/share/java
jars=(
  "$MSM_KRYO4_DEPS/kryo-4.0.0.jar"
  "$MSM_KRYO4_DEPS/kryo-serializers-0.41-jdk17.jar"
  "$MSM_KRYO4_DEPS/msm-716e147.jar"
  "$MSM_KRYO4_DEPS/spymemcached-2.12.0-partial.jar"
  "$J/objenesis.jar" "$J/minlog.jar" "$J/reflectasm.jar" "$J/asm.jar"
  "$J/xstream.jar" "$J/xpp3.jar"
  "$J/tomcat9-catalina.jar" "$J/tomcat9-api.jar" "$J/tomcat9-util.jar" "$J/tomcat9-util-scan.jar"
  "$J/tomcat9-juli.jar" "$J/tomcat9-servlet-api.jar" "$J/tomcat9-coyote.jar"
)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (see ../shared/tools/msm-kryo4/build.sh and README.md)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

find "$here/src" -name '*.java' | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$classpath" @"$work/sources" 2> "$work/javac.log" \
  || { cat "$work/javac.log" >&2; exit 1; }

# The --add-opens are the ones Kryo needs for msm sessions on JDK 17 (../shared/tools/README.md);
# XStream runs in the same JVM with the same set. java.io also lets the census ask
# ObjectStreamClass which serialization methods it found.
opens=()
for p in java.lang java.util java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks \
         java.util.regex java.math java.net java.text java.time java.io java.nio java.lang.reflect \
         java.lang.invoke sun.util.calendar; do
  opens+=(--add-opens "java.base/$p=ALL-UNNAMED")
done
opens+=(--add-opens java.sql/java.sql=ALL-UNNAMED)

java -Duser.timezone=UTC -Duser.language=en -Duser.country=US -Dfile.encoding=UTF-8 \
  "${opens[@]}" -cp "$work/classes:$classpath" census.Census "$work/out"

cp "$work/out/census.jsonl" "$here/census.jsonl"
cp "$work/out/census.jsonl" "$root/crates/javaser/src/jdk/census.jsonl"
cp "$work/out/readback.md" "$here/readback.md"
echo "census written to $here/census.jsonl, $root/crates/javaser/src/jdk/census.jsonl and $here/readback.md" >&2
