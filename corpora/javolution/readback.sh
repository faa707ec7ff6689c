#!/usr/bin/env bash
# Makes msm's Javolution binding (ReflectionBinding on Javolution 5.4.3.1) read back msm blobs
# with Javolution attributes that another writer made:
#   JAVOLUTION_JAR=... MSM_JAVOLUTION_JAR=... bash corpora/javolution/readback.sh DIR [SOURCE_DIR]
# DIR holds <case>.bin, each converted from SOURCE_DIR/<case>.bin (Java-serialized msm blobs;
# default corpora/msm). Every value read must equal and describe the same as what Javolution
# itself makes of what ObjectInputStream reads from the source (see README.md). Exit 0 when
# all pass.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${1:?usage: readback.sh DIR [SOURCE_DIR]}"
source_dir="${2:-$here/../msm}"
source "$here/classpath.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
compile_generators "$work/classes"
run_java "$work/classes" msmcorpus.JavolutionReadback "$dir" "$source_dir"
