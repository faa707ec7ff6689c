#!/usr/bin/env bash
# Regenerates corpora/layouts/*.json: what Spring Session Data Redis and Redisson's Tomcat
# manager keep in Redis for a few sessions (values in Java serialization). Needs JDK 17 and
# Debian's libtomcat9-java (for GenericPrincipal). Runs from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jars=(/usr/share/java/tomcat9-catalina.jar /usr/share/java/tomcat9-api.jar /usr/share/java/tomcat9-util.jar /usr/share/java/tomcat9-juli.jar /usr/share/java/tomcat9-servlet-api.jar)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (apt-get install libtomcat9-java)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
find "$here/generator" -name '*.java' | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -d "$work/classes" -cp "$classpath" @"$work/sources"
java -Duser.timezone=UTC -cp "$work/classes:$classpath" Layouts "$work/out"
cp "$work/out"/*.json "$here/"
java -version 2>&1 | head -1 > "$here/VERSIONS"
echo "tomcat9-catalina $(dpkg-query -W -f='${Version}' libtomcat9-java 2>/dev/null || echo unknown)" >> "$here/VERSIONS"
