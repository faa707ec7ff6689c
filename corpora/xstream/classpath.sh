# Shared by generate.sh and readback.sh: the jars, compiling the generators, running Java.
# The real msm stack (msm 716e147's XStreamTranscoder and TranscoderService) comes from
# MSM_KRYO4_DEPS (see ../msm/real/deps.sh); XStream is Debian's 1.4.20.
here="${here:?}"
java_generator="$here/../java/generator"
msm_generator="$here/../msm/generator"
real_msm="$here/../msm/real"
for d in "$java_generator" "$msm_generator" "$real_msm"; do
  [ -d "$d" ] || { echo "missing $d" >&2; exit 1; }
done
source "$real_msm/deps.sh"
require_real_msm
classpath="$real_msm_classpath"

compile_generators() {
  local out="$1"
  local sources
  sources="$(mktemp)"
  find "$java_generator" "$msm_generator" "$real_msm" "$here/generator" -name '*.java' | LC_ALL=C sort > "$sources"
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
