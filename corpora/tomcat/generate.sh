#!/usr/bin/env bash
# Regenerates corpora/tomcat: session streams written by Tomcat 9's own classes (FileStore.save
# for <id>.session files, StandardManager.unload for SESSIONS.ser). Needs JDK 17 and Debian's
# libtomcat9-java. Runs from any directory.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jars=(/usr/share/java/tomcat9-catalina.jar /usr/share/java/tomcat9-api.jar /usr/share/java/tomcat9-util.jar /usr/share/java/tomcat9-util-scan.jar /usr/share/java/tomcat9-juli.jar /usr/share/java/tomcat9-servlet-api.jar /usr/share/java/tomcat9-coyote.jar /usr/share/java/tomcat9-jni.jar)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (apt-get install libtomcat9-java)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
find "$here/generator" -name '*.java' | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -d "$work/classes" -cp "$classpath" @"$work/sources"
java -Duser.timezone=UTC -Djava.util.logging.config.file=/dev/null -cp "$work/classes:$classpath" Sessions "$work/out"
rm -f "$here"/*.session "$here/SESSIONS.ser"
cp "$work/out"/*.session "$work/out/SESSIONS.ser" "$here/"
java -version 2>&1 | head -1 > "$here/VERSIONS"
echo "tomcat9-catalina $(dpkg-query -W -f='${Version}' libtomcat9-java 2>/dev/null || echo unknown)" >> "$here/VERSIONS"
