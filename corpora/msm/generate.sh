#!/usr/bin/env bash
# Regenerates the msm corpus: corpora/msm/<case>.bin and <case>.json (see DESCRIPTION.md).
# Needs JDK 17 (javac, java) and Debian's libtomcat9-java. Runs from any directory. With
# MSM_KRYO4_DEPS set (real/deps.sh) it also checks every session blob against real msm.
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

# With the real msm jars (MSM_KRYO4_DEPS, see real/deps.sh), check that real msm's
# TranscoderService + JavaSerializationTranscoder write exactly these session blobs.
source "$here/real/deps.sh"
if real_msm_available; then
  require_real_msm
  find "$java_generator" "$here/generator" "$here/real" -name '*.java' | LC_ALL=C sort > "$work/real-sources"
  javac -encoding UTF-8 -nowarn -d "$work/real-classes" -cp "$real_msm_classpath" @"$work/real-sources"
  status=0
  real_msm_java -cp "$work/real-classes:$real_msm_classpath" msmcorpus.EnvelopeCheck "$work/out" \
    > "$work/real-check" || status=$?
  grep -v '^same [a-z0-9_]* (' "$work/real-check" || true
  [ "$status" -eq 0 ] || { echo "real msm writes other bytes: corpus not replaced" >&2; exit 1; }
else
  echo "MSM_KRYO4_DEPS not set: skipped the check against real msm (real/deps.sh)"
fi

# Replace the old corpus only once the new one is complete.
find "$here" -maxdepth 1 -type f \( -name '*.bin' -o -name '*.json' \) -delete
cp "$work/out/"*.bin "$work/out/"*.json "$here/"
echo "corpus written to $here"
