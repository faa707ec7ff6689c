# Shared by generate.sh, readback.sh and numbers.sh: the jars, compiling the generators, running Java.
here="${here:?}"
java_generator="$here/../java/generator"
msm_generator="$here/../msm/generator"
for d in "$java_generator" "$msm_generator"; do
  [ -d "$d" ] || { echo "missing $d" >&2; exit 1; }
done

# Javolution and msm's binding are not packaged by Debian: the caller names the Maven Central jars.
if [ -z "${JAVOLUTION_JAR:-}" ] || [ ! -f "$JAVOLUTION_JAR" ]; then
  echo "set JAVOLUTION_JAR to javolution-5.4.3.1.jar (Maven Central javolution:javolution:5.4.3.1)" >&2
  exit 1
fi
if [ -z "${MSM_JAVOLUTION_JAR:-}" ] || [ ! -f "$MSM_JAVOLUTION_JAR" ]; then
  echo "set MSM_JAVOLUTION_JAR to msm's Javolution serializer jar, the one holding" \
    "de.javakaffee.web.msm.serializer.javolution.ReflectionBinding" \
    "(Maven Central de.javakaffee.msm:msm-javolution-serializer)" >&2
  exit 1
fi

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
jars+=("$JAVOLUTION_JAR" "$MSM_JAVOLUTION_JAR")
classpath="$(IFS=:; echo "${jars[*]}")"

compile_generators() {
  local out="$1"
  local sources
  sources="$(mktemp)"
  find "$java_generator" "$msm_generator" "$here/generator" -name '*.java' | LC_ALL=C sort > "$sources"
  javac -encoding UTF-8 -nowarn -d "$out" -cp "$classpath" @"$sources"
  rm -f "$sources"
}

# msm's ReflectionBinding reflects into the fields of JDK classes it has no format for
# (collections' private fields, Locale, java.time, ...): on JDK 17 those packages must be opened
# to it, as they must be for msm.
run_java() {
  local classes="$1"
  shift
  java -Duser.timezone=UTC -Duser.language=en -Duser.country=US -Dfile.encoding=UTF-8 \
    --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
    --add-opens java.base/java.text=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent.locks=ALL-UNNAMED \
    --add-opens java.base/java.time=ALL-UNNAMED \
    --add-opens java.base/java.math=ALL-UNNAMED \
    --add-opens java.base/java.net=ALL-UNNAMED \
    --add-opens java.base/java.io=ALL-UNNAMED \
    --add-opens java.base/javax.security.auth=ALL-UNNAMED \
    --add-opens java.sql/java.sql=ALL-UNNAMED \
    --add-opens jdk.security.auth/com.sun.security.auth=ALL-UNNAMED \
    -cp "$classes:$classpath" "$@"
}
