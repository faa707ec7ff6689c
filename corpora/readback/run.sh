#!/usr/bin/env bash
# Makes the JDK read msm-java blobs another writer (jsess) made, the way msm reads them:
#   bash corpora/readback/run.sh DIR
# For every DIR/<label>.bin, one JSON line on stdout with the header and the attributes as
# ObjectInputStream reads them, described by the corpus describer (README.md here). Needs JDK 17
# (javac, java) and Debian's libtomcat9-java, nothing else. Compiles corpora/java/generator and
# corpora/msm/generator unchanged with msmcorpus/ here into a temporary directory; the
# application classes come from the corpus jars, as a web application's would.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:?usage: run.sh DIR}"
java_generator="$here/../java/generator"
msm_generator="$here/../msm/generator"
for d in "$java_generator" "$msm_generator"; do
  [ -d "$d" ] || { echo "missing $d" >&2; exit 1; }
done
# Only for real_msm_java: java with UTC, en_US, UTF-8 and the --add-opens the describer needs
# (it reads private fields of JDK classes). The real msm jars are not used.
source "$here/../msm/real/deps.sh"

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
tomcat="$(IFS=:; echo "${jars[*]}")"
# The application classes the blobs name, first: what a web application would load.
app="$here/../kryo/app-classes.jar:$here/../beyond/app-classes.jar"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
find "$java_generator" "$msm_generator" "$here/msmcorpus" -name '*.java' | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$tomcat" @"$work/sources"
real_msm_java -cp "$app:$work/classes:$tomcat" msmcorpus.JavaReadback "$dir"
