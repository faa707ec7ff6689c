# Shared by generate.sh and readback.sh: checks the packages, compiles the generators into
# "$work/classes" and defines run_java. Needs $here (this directory) and $work (a temp dir).

java_generator="$here/../java/generator"
msm_generator="$here/../msm/generator"
for d in "$java_generator" "$msm_generator"; do
  [ -d "$d" ] || { echo "missing $d" >&2; exit 1; }
done

jars=(
  /usr/share/java/kryo-2.20.jar
  /usr/share/java/minlog.jar
  /usr/share/java/objenesis.jar
  /usr/share/java/reflectasm.jar
  /usr/share/java/asm.jar
  /usr/share/java/tomcat9-catalina.jar
  /usr/share/java/tomcat9-api.jar
  /usr/share/java/tomcat9-util.jar
  /usr/share/java/tomcat9-util-scan.jar
  /usr/share/java/tomcat9-juli.jar
  /usr/share/java/tomcat9-servlet-api.jar
  /usr/share/java/tomcat9-coyote.jar
)
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar (apt-get install libkryo-java libtomcat9-java)" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"

find "$java_generator" "$msm_generator" "$here/generator" "$here/classes-src" -name '*.java' \
  | LC_ALL=C sort > "$work/sources"
javac -encoding UTF-8 -nowarn -d "$work/classes" -cp "$classpath" @"$work/sources"

# --add-opens: Kryo's FieldSerializer and the kryo-serializers stand-ins read private fields of JDK
# classes (UUID, atomics, Collections wrappers, EnumMap, Arrays$ArrayList, Subject); the shared
# describer reads com.sun.security.auth.UserPrincipal.
run_java() {
  java -Duser.timezone=UTC -Duser.language=en -Duser.country=US -Dfile.encoding=UTF-8 \
    --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    --add-opens java.base/java.math=ALL-UNNAMED \
    --add-opens java.base/java.net=ALL-UNNAMED \
    --add-opens java.base/java.time=ALL-UNNAMED \
    --add-opens java.base/javax.security.auth=ALL-UNNAMED \
    --add-opens java.sql/java.sql=ALL-UNNAMED \
    --add-opens jdk.security.auth/com.sun.security.auth=ALL-UNNAMED \
    -cp "$work/classes:$classpath" "$@"
}
