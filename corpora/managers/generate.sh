#!/usr/bin/env bash
# Regenerates corpora/managers: the string values jcoleman 2.0.0, jcoleman 1.2, ran-jit 4.0 and
# chexagon's redis-session-manager SET, each file named by its Redis key, written by their own
# classes on Tomcat 9.0.70. Needs JDK 17, Debian's libtomcat9-java, git, and:
#   JCOLEMAN_JAR   jcoleman-2.0.0.jar built by kryo5-jcoleman/build.sh
#   JCOLEMAN_GIT   git dir of https://github.com/jcoleman/tomcat-redis-session-manager (tag 1.2-tomcat-7)
#   RANJIT_GIT     git dir of https://github.com/ran-jit/tomcat-cluster-redis-session-manager (tag 4.0)
#   CHEXAGON_GIT   git dir of https://github.com/chexagon/redis-session-manager (commit 26190db)
# Nothing fetched is kept: the sources are compiled in a temporary folder.
# JCOLEMAN_JAR=... JCOLEMAN_GIT=... RANJIT_GIT=... CHEXAGON_GIT=... corpora/managers/generate.sh
set -euo pipefail
: "${JCOLEMAN_JAR:?}" "${JCOLEMAN_GIT:?}" "${RANJIT_GIT:?}" "${CHEXAGON_GIT:?}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
J=/usr/share/java
jars=($J/tomcat9-catalina.jar $J/tomcat9-api.jar $J/tomcat9-util.jar $J/tomcat9-util-scan.jar $J/tomcat9-juli.jar $J/tomcat9-servlet-api.jar $J/tomcat9-coyote.jar $J/tomcat9-jni.jar)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (apt-get install libtomcat9-java)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"
JCOLEMAN1_TAG=1.2-tomcat-7
RANJIT_TAG=4.0
CHEXAGON_COMMIT=26190dbe992d12cdf71e153342f7fde53a62bedf
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/classes"
P1=src/main/java/com/radiadesign/catalina/session
git --git-dir="$JCOLEMAN_GIT" archive "$JCOLEMAN1_TAG" "$P1/JavaSerializer.java" "$P1/RedisSession.java" "$P1/Serializer.java" | tar -x -C "$work/src"
git --git-dir="$RANJIT_GIT" archive "$RANJIT_TAG" src/main/java/tomcat/request/session/model/SessionMetadata.java | tar -x -C "$work/src"
git --git-dir="$CHEXAGON_GIT" archive "$CHEXAGON_COMMIT" rsm-core/src/main/java | tar -x -C "$work/src"
{ find "$work/src" -name '*.java'; find "$here/generator" "$here/../tomcat/generator/com" -name '*.java'; } | LC_ALL=C sort > "$work/sources"
javac -nowarn -encoding UTF-8 -d "$work/classes" -cp "$classpath:$JCOLEMAN_JAR" @"$work/sources"
java -Duser.timezone=UTC -Djava.util.logging.config.file=/dev/null -cp "$work/classes:$JCOLEMAN_JAR:$classpath" Managers "$work/out"
rm -rf "$here/jcoleman" "$here/jcoleman-1" "$here/ran-jit" "$here/chexagon"
cp -r "$work/out"/* "$here/"
{
  java -version 2>&1 | head -1
  echo "tomcat9-catalina $(dpkg-query -W -f='${Version}' libtomcat9-java 2>/dev/null || echo unknown)"
  echo "jcoleman 2.0.0 (commit bb72ab2, $(basename "$JCOLEMAN_JAR"): JavaSerializer, RedisSession, SessionSerializationMetadata)"
  echo "jcoleman $JCOLEMAN1_TAG $(git --git-dir="$JCOLEMAN_GIT" rev-parse "$JCOLEMAN1_TAG^{commit}"): JavaSerializer, RedisSession, Serializer"
  echo "ran-jit $RANJIT_TAG $(git --git-dir="$RANJIT_GIT" rev-parse "$RANJIT_TAG^{commit}"): model/SessionMetadata (model/Session.writeObjectData's two lines are Managers.RanJitSession)"
  echo "chexagon redis-session-manager $CHEXAGON_COMMIT (after 2.2.1): rsm-core (RedisSession, RedisSessionManager, RedisSessionClient, RedisSessionRequestValve); the Lettuce codec's encodeValue is Managers.Chexagon"
} > "$here/VERSIONS"
