# Shared by generate.sh and readback.sh (and ../flexjson/generate.sh, which adds its FlexJSON jars to
# classpath after use_real_msm): the jars, compiling, running Java.
#   use_real_msm   (generate.sh) the real msm stack from MSM_KRYO4_DEPS (../msm/real/deps.sh):
#                  msm 716e147's XStreamTranscoder and TranscoderService, on Debian's XStream
#   compile_generators OUT [SOURCES...]   compiles corpora/java/generator, corpora/msm/generator
#                  and the given sources (default: all of generator/ and corpora/msm/real)
here="${here:?}"
java_generator="$here/../java/generator"
msm_generator="$here/../msm/generator"
real_msm="$here/../msm/real"
for d in "$java_generator" "$msm_generator" "$real_msm"; do
  [ -d "$d" ] || { echo "missing $d" >&2; exit 1; }
done
source "$real_msm/deps.sh"

jars=(
  /usr/share/java/tomcat9-catalina.jar
  /usr/share/java/tomcat9-api.jar
  /usr/share/java/tomcat9-util.jar
  /usr/share/java/tomcat9-util-scan.jar
  /usr/share/java/tomcat9-juli.jar
  /usr/share/java/tomcat9-servlet-api.jar
  /usr/share/java/tomcat9-coyote.jar
  /usr/share/java/xstream.jar
  /usr/share/java/xpp3.jar
)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (apt-get install libtomcat9-java libxstream-java libxpp3-java)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"

use_real_msm() {
  require_real_msm
  classpath="$real_msm_classpath"
}

compile_generators() {
  local out="$1"
  shift
  local sources
  sources="$(mktemp)"
  {
    find "$java_generator" "$msm_generator" -name '*.java'
    if [ $# -gt 0 ]; then
      printf '%s\n' "$@"
    else
      find "$real_msm" "$here/generator" -name '*.java'
    fi
  } | LC_ALL=C sort > "$sources"
  javac -encoding UTF-8 -nowarn -d "$out" -cp "$classpath" @"$sources"
  rm -f "$sources"
}

# XStream reflects into JDK classes it has no converter for (collections' private fields,
# Subject, ...): on JDK 17 those packages must be opened to it, as they must be for msm
# (real_msm_java opens them).
run_java() {
  local classes="$1"
  shift
  real_msm_java -cp "$classes:$classpath" "$@"
}
