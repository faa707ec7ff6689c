#!/usr/bin/env bash
# Makes Tomcat 9 read session streams another writer (jsess) made, with its own
# StandardSession.readObjectData:
#   bash corpora/tomcat/readback/run.sh FILE...
# One line per session on stdout (Load.java says which fields, tab separated). Needs JDK 17
# and Debian's libtomcat9-java. The application classes are this generator's, and those of the
# msm corpus (corpora/java and corpora/msm generators, the kryo and beyond class jars), so msm
# sessions converted to Tomcat's stream load too.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
jars=(/usr/share/java/tomcat9-catalina.jar /usr/share/java/tomcat9-api.jar /usr/share/java/tomcat9-util.jar /usr/share/java/tomcat9-util-scan.jar /usr/share/java/tomcat9-juli.jar /usr/share/java/tomcat9-servlet-api.jar /usr/share/java/tomcat9-coyote.jar /usr/share/java/tomcat9-jni.jar)
classpath="$(IFS=:; echo "${jars[*]}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpora="$here/../.."
{ find "$here/../generator/com" "$corpora/java/generator" "$corpora/msm/generator" -name '*.java'; echo "$here/Load.java"; } | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$classpath" @"$work/sources" 2>/dev/null
app="$corpora/kryo/app-classes.jar:$corpora/beyond/app-classes.jar"
java -Duser.timezone=UTC -Djava.util.logging.config.file=/dev/null -cp "$app:$work/classes:$classpath" Load "$@" 2>/dev/null
