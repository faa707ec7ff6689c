#!/usr/bin/env bash
# Builds, from public sources, the two jars generate.sh, readback.sh and numbers.sh need:
#   JAVOLUTION_GIT=... MSM_GIT=... MSM_KRYO4_DEPS=... DEPS_DIR=... bash corpora/javolution/build-libraries.sh
# Nothing built here belongs in a commit: the sources are read from git directories you fetched.
#
# Inputs (environment):
#   JAVOLUTION_GIT  git dir of https://github.com/hoijui/Javolution                 (commit e9f6eccc2b06554e9113d0a2d2ab38063624f9e2, pom version 5.4.3)
#   MSM_GIT         git dir of https://github.com/magro/memcached-session-manager  (commit 716e147c9840ab10298c4d2b9edd0662058331e6)
#   MSM_KRYO4_DEPS  directory holding msm-716e147.jar (built by ../shared/tools/msm-kryo4/build.sh)
#   DEPS_DIR        output folder (created)
# Outputs: $DEPS_DIR/javolution-5.4.3.1.jar, $DEPS_DIR/msm-javolution-serializer.jar
# Needs: JDK 17, git, python3, Debian libtomcat9-java.
set -euo pipefail
: "${JAVOLUTION_GIT:?}" "${MSM_GIT:?}" "${MSM_KRYO4_DEPS:?}" "${DEPS_DIR:?}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
J=/usr/share/java
JAVOLUTION_COMMIT=e9f6eccc2b06554e9113d0a2d2ab38063624f9e2
MSM_COMMIT=716e147c9840ab10298c4d2b9edd0662058331e6
# The date in javolution.Javolution.VERSION of msm's lib/javolution-5.4.3.1.jar ("5.4.3 (J2SE 1.5+) December 27 2009").
JAVOLUTION_TODAY="December 27 2009"
TC="$J/tomcat9-catalina.jar:$J/tomcat9-api.jar:$J/tomcat9-util.jar:$J/tomcat9-util-scan.jar:$J/tomcat9-juli.jar:$J/tomcat9-servlet-api.jar:$J/tomcat9-coyote.jar"
[[ -f "$MSM_KRYO4_DEPS/msm-716e147.jar" ]] || { echo "no $MSM_KRYO4_DEPS/msm-716e147.jar: build it with ../shared/tools/msm-kryo4/build.sh" >&2; exit 1; }
mkdir -p "$DEPS_DIR"
DEPS_DIR="$(cd "$DEPS_DIR" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# javac, failing loudly (its warnings about old targets and deprecated/unchecked code are dropped)
jc() { javac -nowarn -encoding UTF-8 -g "$@" >"$work/javac.log" 2>&1 || { cat "$work/javac.log" >&2; exit 1; }; }

# Javolution 5.4.3.1, the version msm declares, is the binary msm keeps as lib/javolution-5.4.3.1.jar (msm commit
# b0aea0a, "using a patched javolution version"). Its source is Javolution 5.4.3 with TWO edits, made here to the
# templates before the sources are generated from them:
mkdir -p "$work/jv" "$work/jv-classes"
git --git-dir="$JAVOLUTION_GIT" archive "$JAVOLUTION_COMMIT" build.xml src/main/java/_templates | tar -x -C "$work/jv"
grep -q '<property name="version" value="5.4" />' "$work/jv/build.xml"
grep -q '<property name="release" value="3" />' "$work/jv/build.xml"
T="$work/jv/src/main/java/_templates/javolution"
python3 - "$T/xml/XMLFormat.java" "$T/util/Index.java" <<'EOF'
import sys
def edit(path, old, new):
    with open(path, encoding="utf-8") as f:
        s = f.read()
    if s.count(old) != 1:
        sys.exit("%s: expected exactly one %r, found %d" % (path, old.splitlines()[0], s.count(old)))
    with open(path, "w", encoding="utf-8") as f:
        f.write(s.replace(old, new))
# (1) XMLFormat.InputElement.readInstanceOf registers a read object under its identifier only when its format is
#     referenceable, as the writer (OutputElement.add) only writes an identifier for such formats.
edit(sys.argv[1],
     "            if (_referenceResolver != null) {\n"
     "                _referenceResolver.createReference(obj, this);\n",
     "            if (_referenceResolver != null && xmlFormat.isReferenceable()) {\n"
     "                _referenceResolver.createReference(obj, this);\n")
# (2) Index.rangeOf and Index.valuesOf, which the 5.4.3.1 binary does not have, are removed.
start = "    /**\n     * Returns all the indices greater or equal to <code>start</code>\n"
end = "        return  list;\n    } /**/\n\n"
with open(sys.argv[2], encoding="utf-8") as f:
    s = f.read()
i = s.find(start)
j = s.find(end, i)
if i < 0 or j < 0 or s.count(start) != 1:
    sys.exit(sys.argv[2] + ": Index.rangeOf/valuesOf not found where expected")
old = s[i:j + len(end)]
if "rangeOf(int start, int end)" not in old or "valuesOf(int ... indices)" not in old or old.count("public ") != 2:
    sys.exit(sys.argv[2] + ": unexpected text between rangeOf and valuesOf")
edit(sys.argv[2], old, "")
EOF
# fail loudly if either edit is not in place
grep -q 'if (_referenceResolver != null && xmlFormat.isReferenceable()) {' "$T/xml/XMLFormat.java"
if grep -q 'if (_referenceResolver != null) {' "$T/xml/XMLFormat.java" || grep -Eq 'rangeOf|valuesOf' "$T/util/Index.java"; then
    echo "the Javolution 5.4.3.1 edits did not apply" >&2; exit 1
fi
python3 "$here/build/gen_sources.py" "$work/jv" "$work/jv-gen" "$JAVOLUTION_TODAY"
grep -q "VERSION = \"5.4.3 (J2SE 1.5+) $JAVOLUTION_TODAY\";" "$work/jv-gen/javolution/Javolution.java"
# All generated sources (javolution.*, javax.realtime); org.xml.sax is the JDK's. Javolution targets 1.5, which
# JDK 17 no longer does; 7 is the oldest it still compiles for.
(cd "$work/jv-gen" && find javolution javax -name '*.java' | LC_ALL=C sort) > "$work/jv-srcs.txt"
(cd "$work/jv-gen" && jc --release 7 -d "$work/jv-classes" @"$work/jv-srcs.txt")
cat > "$work/jv-manifest.txt" <<'EOF'
Main-Class: javolution.Javolution
Specification-Title: Javolution
Specification-Version: 5.4.3.1
Specification-Vendor: Javolution
Implementation-Title: Javolution
Implementation-Version: 5.4.3.1
Implementation-Vendor: Javolution
EOF
jar cfm "$DEPS_DIR/javolution-5.4.3.1.jar" "$work/jv-manifest.txt" -C "$work/jv-classes" .

# msm's javolution-serializer at 716e147, without CGLibProxyFormat, HibernateCollectionsXMLFormat and
# JodaDateTimeFormat (they need cglib, Hibernate and Joda-Time; nothing else in it uses them).
mkdir -p "$work/msm" "$work/msm-classes"
git --git-dir="$MSM_GIT" archive "$MSM_COMMIT" javolution-serializer/src/main/java | tar -x -C "$work/msm"
S="$work/msm/javolution-serializer/src/main/java/de/javakaffee/web/msm/serializer/javolution"
rm "$S/CGLibProxyFormat.java" "$S/HibernateCollectionsXMLFormat.java" "$S/JodaDateTimeFormat.java"
[[ $(ls "$S"/*.java | wc -l) -eq 6 ]] || { echo "expected 6 sources in $S" >&2; ls "$S" >&2; exit 1; }
jc -source 8 -target 8 -Xlint:-options -d "$work/msm-classes" \
    -cp "$MSM_KRYO4_DEPS/msm-716e147.jar:$TC:$DEPS_DIR/javolution-5.4.3.1.jar" "$S"/*.java
cat > "$work/msm-manifest.txt" <<'EOF'
Implementation-Title: msm-javolution-serializer
Implementation-Version: 2.1.2-SNAPSHOT (memcached-session-manager 716e147)
EOF
jar cfm "$DEPS_DIR/msm-javolution-serializer.jar" "$work/msm-manifest.txt" -C "$work/msm-classes" .
ls -l "$DEPS_DIR/javolution-5.4.3.1.jar" "$DEPS_DIR/msm-javolution-serializer.jar"
