# Sourced by the generators that run the real memcached-session-manager (msm) stack: msm at
# 716e147 with Kryo 4.0.0, kryo-serializers 0.41 and the spymemcached classes msm needs, all built
# from their public sources by ../shared/tools/msm-kryo4/build.sh (seen from the project root).
# None of those jars is committed: MSM_KRYO4_DEPS names the directory that holds them.
#
# Defines:
#   real_msm_dir             this directory (the shared Java sources in msmcorpus/)
#   real_msm_available       0 when MSM_KRYO4_DEPS is set and holds the four jars, else 1
#   require_real_msm         exits with a message naming build.sh unless the jars are there
#   real_msm_classpath       the four jars plus the Debian jars they run on (after require_real_msm)
#   real_msm_java [args...]  java with the options the real stack needs on JDK 17
real_msm_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
real_msm_build_script="$(cd "$real_msm_dir/../../../.." && pwd)/shared/tools/msm-kryo4/build.sh"

real_msm_deps_jars=(kryo-4.0.0.jar kryo-serializers-0.41-jdk17.jar spymemcached-2.12.0-partial.jar msm-716e147.jar)

real_msm_available() {
  [ -n "${MSM_KRYO4_DEPS:-}" ] || return 1
  local jar
  for jar in "${real_msm_deps_jars[@]}"; do
    [ -f "$MSM_KRYO4_DEPS/$jar" ] || return 1
  done
  return 0
}

require_real_msm() {
  if ! real_msm_available; then
    {
      echo "MSM_KRYO4_DEPS must name the directory holding ${real_msm_deps_jars[*]}."
      echo "Build them from their public sources with ../shared/tools/msm-kryo4/build.sh"
      echo "($real_msm_build_script; see ../shared/tools/README.md), then e.g."
      echo "  MSM_KRYO4_DEPS=/work/deps/msm-kryo4 bash $0"
    } >&2
    exit 1
  fi
  local debian=(
    /usr/share/java/tomcat9-catalina.jar
    /usr/share/java/tomcat9-api.jar
    /usr/share/java/tomcat9-util.jar
    /usr/share/java/tomcat9-util-scan.jar
    /usr/share/java/tomcat9-juli.jar
    /usr/share/java/tomcat9-servlet-api.jar
    /usr/share/java/tomcat9-coyote.jar
    /usr/share/java/objenesis.jar
    /usr/share/java/minlog.jar
    /usr/share/java/reflectasm.jar
    /usr/share/java/asm.jar
    /usr/share/java/xstream.jar
    /usr/share/java/xpp3.jar
  )
  local jar
  for jar in "${debian[@]}"; do
    [ -f "$jar" ] || {
      echo "missing $jar (apt-get install libtomcat9-java libobjenesis-java libminlog-java" \
        "libreflectasm-java libasm-java libxstream-java libxpp3-java)" >&2
      exit 1
    }
  done
  local all=()
  for jar in "${real_msm_deps_jars[@]}"; do all+=("$MSM_KRYO4_DEPS/$jar"); done
  all+=("${debian[@]}")
  real_msm_classpath="$(IFS=:; echo "${all[*]}")"
}

# --add-opens: Kryo's FieldSerializer and kryo-serializers reach into private fields of the JDK
# classes they write (../shared/tools/README.md lists the packages), XStream reflects into JDK
# classes it has no converter for, and the shared describer reads private fields (JAAS
# UserPrincipal, Collections wrappers). UTC, en_US and UTF-8 keep every run's output the same.
real_msm_java() {
  local opens=()
  local p
  for p in java.lang java.util java.util.concurrent java.util.concurrent.atomic java.util.concurrent.locks \
    java.util.regex java.math java.net java.text java.time java.time.zone java.io java.nio java.lang.reflect \
    java.lang.invoke sun.util.calendar sun.util.locale javax.security.auth; do
    opens+=(--add-opens "java.base/$p=ALL-UNNAMED")
  done
  opens+=(--add-opens java.sql/java.sql=ALL-UNNAMED)
  opens+=(--add-opens jdk.security.auth/com.sun.security.auth=ALL-UNNAMED)
  java -Duser.timezone=UTC -Duser.language=en -Duser.country=US -Dfile.encoding=UTF-8 "${opens[@]}" "$@"
}
