#!/usr/bin/env bash
# The text Javolution 5.4.3.1 writes for a double/float XML attribute, and the bits it parses
# back from it (see generator/msmcorpus/JavolutionNumbers.java):
#   JAVOLUTION_JAR=... MSM_JAVOLUTION_JAR=... bash corpora/javolution/numbers.sh < lines
#       stdin lines "d <hex of doubleToRawLongBits>" or "f <hex of floatToRawIntBits>";
#       prints "<text>\t<parsed hex>" per line
#   JAVOLUTION_JAR=... MSM_JAVOLUTION_JAR=... bash corpora/javolution/numbers.sh --random N SEED
#       N random doubles and N random floats, printed as "d <hex>\t<text>\t<parsed hex>"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/classpath.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
compile_generators "$work/classes"
run_java "$work/classes" msmcorpus.JavolutionNumbers "$@"
