#!/usr/bin/env bash
# Writes the gadget-shaped streams of corpora/hostile/ (serialization only; never deserialized).
# Needs JDK 17 and Debian's libcommons-collections3-java and libcommons-beanutils-java.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cp="/usr/share/java/commons-collections3.jar:/usr/share/java/commons-beanutils.jar"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
javac -d "$work" -cp "$cp" "$here/GadgetStreams.java"
java -Dorg.apache.commons.collections.enableUnsafeSerialization=true \
  --add-opens java.base/java.net=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED \
  -cp "$work:$cp" GadgetStreams "$here/.."
