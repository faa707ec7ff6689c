# Shared by generate.sh and readback.sh: checks the jars, compiles the generators into
# "$work/classes" and defines run_java. Needs $here (this directory) and $work (a temp dir).
# The real msm stack comes from MSM_KRYO4_DEPS (see ../msm/real/deps.sh).

java_generator="$here/../java/generator"
msm_generator="$here/../msm/generator"
real_msm="$here/../msm/real"
for d in "$java_generator" "$msm_generator" "$real_msm"; do
  [ -d "$d" ] || { echo "missing $d" >&2; exit 1; }
done
source "$real_msm/deps.sh"
require_real_msm

find "$java_generator" "$msm_generator" "$real_msm" "$here/generator" "$here/classes-src" -name '*.java' \
  | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$real_msm_classpath" @"$work/sources"

run_java() {
  real_msm_java -cp "$work/classes:$real_msm_classpath" "$@"
}
