#!/usr/bin/env bash
# Regenerates the Java corpus: corpora/java/<case>.ser and <case>.json (see DESCRIPTION.md).
# Needs JDK 17 (javac, java) and Debian's libtomcat9-java. Runs from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jars=(
  /usr/share/java/tomcat9-catalina.jar
  /usr/share/java/tomcat9-api.jar
  /usr/share/java/tomcat9-util.jar
  /usr/share/java/tomcat9-juli.jar
  /usr/share/java/tomcat9-servlet-api.jar
)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (apt-get install libtomcat9-java)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

find "$here/generator" -name '*.java' | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -Xlint:all,-serial -d "$work/classes" -cp "$classpath" @"$work/sources"

# The generator exits with 75 when this JVM's random Set.of/Map.of iteration order is not the
# pinned one (see Generator.immutableOrderPinned; about one JVM in eight qualifies): start
# another JVM, which draws a new order.
status=75
for _ in $(seq 1 200); do
  rm -rf "$work/out"
  set +e
  java -Duser.timezone=UTC -Duser.language=en -Duser.country=US -Dfile.encoding=UTF-8 \
    --add-opens java.base/java.lang.invoke=ALL-UNNAMED \
    -cp "$work/classes:$classpath" corpus.Generator "$work/out"
  status=$?
  set -e
  [ "$status" -eq 75 ] || break
done
[ "$status" -eq 0 ] || { echo "generation failed (exit $status)" >&2; exit "$status"; }

# Replace the old corpus only once the new one is complete.
find "$here" -maxdepth 1 -type f \( -name '*.ser' -o -name '*.json' \) -delete
cp "$work/out/"*.ser "$work/out/"*.json "$here/"
echo "corpus written to $here"
