#!/usr/bin/env bash
# Regenerates corpora/redisson-kryo5: sessions.json (Redisson Tomcat session hashes, values in
# Redisson's Kryo5Codec), values.json (single values), values-3.45.json (what Redisson 3.38.1 to
# 3.45.x write differently), app-classes.jar and VERSIONS.
#   KRYO5_DEPS=/work/deps/kryo5 bash corpora/redisson-kryo5/generate.sh
# JSESS (default: cargo run -q --bin jsess --) exports tomcat-schema.json, the layout of
# Tomcat's GenericPrincipal for readers without Tomcat's jar.
# KRYO5_DEPS holds the jars ../shared/tools/kryo5-jcoleman/build.sh builds from the projects'
# sources (kryo-5.6.2.jar, redisson-kryo5-keysetview.jar). Also needs JDK 17 and Debian's
# libtomcat9-java, libobjenesis-java, libminlog-java, libreflectasm-java. Runs from any directory.
set -euo pipefail
: "${KRYO5_DEPS:?set KRYO5_DEPS to the folder holding kryo-5.6.2.jar}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
J=/usr/share/java
jars=("$KRYO5_DEPS/kryo-5.6.2.jar" "$KRYO5_DEPS/redisson-kryo5-keysetview.jar" "$J/objenesis.jar" "$J/minlog.jar" "$J/reflectasm.jar"
      "$J/tomcat9-catalina.jar" "$J/tomcat9-api.jar" "$J/tomcat9-util.jar" "$J/tomcat9-juli.jar" "$J/tomcat9-servlet-api.jar")
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { echo "missing $jar" >&2; exit 1; }
done
classpath="$(IFS=:; echo "${jars[*]}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
find "$here/generator" -name '*.java' | LC_ALL=C sort > "$work/sources"
javac -nowarn -encoding UTF-8 -d "$work/classes" -cp "$classpath" @"$work/sources"
java -Duser.timezone=UTC --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.math=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
  --add-opens java.base/java.util.regex=ALL-UNNAMED --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  -cp "$work/classes:$classpath" Kryo5Corpus "$work/out"
# The application classes the values name (field layouts for readers), fixed order and dates.
(cd "$work/classes" && find com -name '*.class' | LC_ALL=C sort > "$work/app-classes" &&
  jar --create --no-manifest --date=2023-11-14T22:13:20Z --file "$work/out/app-classes.jar" @"$work/app-classes")
${JSESS:-cargo run -q --manifest-path "$here/../../Cargo.toml" --bin jsess --} schema export \
  --classpath "$J/tomcat9-catalina.jar" --out "$work/tomcat-all.json"
python3 - "$work/tomcat-all.json" "$work/out/tomcat-schema.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
keep = {"org.apache.catalina.realm.GenericPrincipal", "org.apache.catalina.TomcatPrincipal"}
d["classes"] = [c for c in d["classes"] if c["name"] in keep]
open(sys.argv[2], "w").write(json.dumps(d, indent=1) + "\n")
PY
cp "$work/out"/tomcat-schema.json "$here/"
cp "$work/out"/sessions.json "$work/out"/values.json "$work/out"/values-3.45.json "$work/out"/app-classes.jar "$here/"
{
  java -version 2>&1 | head -1
  echo "kryo 5.6.2 (tag kryo-parent-5.6.2, built from source by shared/tools/kryo5-jcoleman/build.sh)"
  echo "redisson 4.7.0 (tag redisson-4.7.0): Kryo5Codec.createKryo repeated in generator/RedissonKryo5.java; Kryo5KeySetViewSerializer compiled from source"
  for p in libobjenesis-java libminlog-java libreflectasm-java libtomcat9-java; do
    echo "$p $(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo unknown)"
  done
} > "$here/VERSIONS"
echo "corpus written to $here"
