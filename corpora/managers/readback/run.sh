#!/usr/bin/env bash
# Makes each Redis session manager load values another writer (jsess) made, with its own
# loading code (LoadManagers.java says which):
#   JCOLEMAN_JAR=... JCOLEMAN_GIT=... RANJIT_GIT=... CHEXAGON_GIT=... bash corpora/managers/readback/run.sh MANAGER--NAME...
# One line per value on stdout, as corpora/tomcat/readback/Load.java prints a session. Needs what
# ../generate.sh needs; the application classes are those of the msm and Tomcat corpora.
set -euo pipefail
: "${JCOLEMAN_JAR:?}" "${JCOLEMAN_GIT:?}" "${RANJIT_GIT:?}" "${CHEXAGON_GIT:?}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
J=/usr/share/java
jars=($J/tomcat9-catalina.jar $J/tomcat9-api.jar $J/tomcat9-util.jar $J/tomcat9-util-scan.jar $J/tomcat9-juli.jar $J/tomcat9-servlet-api.jar $J/tomcat9-coyote.jar $J/tomcat9-jni.jar)
classpath="$(IFS=:; echo "${jars[*]}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpora="$here/../.."
mkdir -p "$work/src"
P1=src/main/java/com/radiadesign/catalina/session
git --git-dir="$JCOLEMAN_GIT" archive 1.2-tomcat-7 "$P1/JavaSerializer.java" "$P1/RedisSession.java" "$P1/Serializer.java" | tar -x -C "$work/src"
git --git-dir="$RANJIT_GIT" archive 4.0 src/main/java/tomcat/request/session/model/SessionMetadata.java | tar -x -C "$work/src"
git --git-dir="$CHEXAGON_GIT" archive 26190dbe992d12cdf71e153342f7fde53a62bedf rsm-core/src/main/java | tar -x -C "$work/src"
{
  find "$work/src" "$corpora/tomcat/generator/com" "$corpora/java/generator" "$corpora/msm/generator" -name '*.java'
  echo "$corpora/tomcat/readback/Load.java"
  echo "$here/LoadManagers.java"
} | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$classpath:$JCOLEMAN_JAR" @"$work/sources" 2>/dev/null
app="$corpora/kryo/app-classes.jar:$corpora/beyond/app-classes.jar"
java -Duser.timezone=UTC -Djava.util.logging.config.file=/dev/null -cp "$app:$work/classes:$JCOLEMAN_JAR:$classpath" LoadManagers "$@" 2>/dev/null
