#!/usr/bin/env bash
# Regenerates the msm corpus: corpora/msm/<case>.bin and <case>.json (see DESCRIPTION.md).
# Needs JDK 17 (javac, java) and Debian's libtomcat9-java. Runs from any directory.
# Compiles corpora/java/generator (the shared describer, JSON writer and application classes)
# together with this corpus's generator; nothing in corpora/java is written.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
java_generator="$here/../java/generator"
[ -d "$java_generator" ] || { echo "missing $java_generator" >&2; exit 1; }

jars=(
  /usr/share/java/tomcat9-catalina.jar
  /usr/share/java/tomcat9-api.jar
  /usr/share/java/tomcat9-util.jar
  /usr/share/java/tomcat9-util-scan.jar
  /usr/share/java/tomcat9-juli.jar
  /usr/share/java/tomcat9-servlet-api.jar
  /usr/share/java/tomcat9-coyote.jar
)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (apt-get install libtomcat9-java)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

find "$java_generator" "$here/generator" -name '*.java' | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$classpath" @"$work/sources"

# --add-opens: the shared describer reads the private fields of com.sun.security.auth.UserPrincipal
# (a JAAS user principal inside some principals).
java -Duser.timezone=UTC -Duser.language=en -Duser.country=US -Dfile.encoding=UTF-8 \
  --add-opens jdk.security.auth/com.sun.security.auth=ALL-UNNAMED \
  -cp "$work/classes:$classpath" msmcorpus.Generator "$work/out"

# Replace the old corpus only once the new one is complete.
find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$here/"
echo "corpus written to $here"
