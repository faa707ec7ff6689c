#!/usr/bin/env bash
# Runs the JVM harness and `jsess bench` on the same sessions in one go and prints ratios.
# Needs JDK 17, Debian's libkryo-java (Kryo 2.20, with objenesis, minlog, reflectasm, asm) and
# libtomcat9-java; usage: bash benches/jvm/compare.sh [DIR]   (default: corpora/msm)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
dir="${1:-$root/corpora/msm}"
jars=(/usr/share/java/kryo.jar /usr/share/java/objenesis.jar /usr/share/java/minlog.jar
      /usr/share/java/reflectasm.jar /usr/share/java/asm.jar
      /usr/share/java/tomcat9-catalina.jar /usr/share/java/tomcat9-util.jar /usr/share/java/tomcat9-api.jar
      /usr/share/java/tomcat9-juli.jar /usr/share/java/tomcat9-servlet-api.jar)
for jar in "${jars[@]}"; do [ -f "$jar" ] || { echo "missing $jar (apt-get install libkryo-java libtomcat9-java)" >&2; exit 1; }; done
cp="$(IFS=:; echo "${jars[*]}")"
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# The sessions' application classes come from the corpus generators' sources.
find "$root/corpora/java/generator" -name '*.java' > "$work/sources"
javac -nowarn -encoding UTF-8 -d "$work/classes" -cp "$cp" @"$work/sources" "$here/JvmBench.java" 2> "$work/javac.log" || { cat "$work/javac.log"; exit 1; }
java -Xss16m --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
  --add-opens java.base/java.util.concurrent=ALL-UNNAMED --add-opens java.base/java.math=ALL-UNNAMED \
  --add-opens java.base/java.time=ALL-UNNAMED --add-opens java.base/java.net=ALL-UNNAMED \
  -cp "$work/classes:$cp" JvmBench "$dir" > "$work/jvm.json" 2> "$work/jvm.err"
mkdir "$work/sessions"
python3 - "$work/jvm.json" "$dir" "$work/sessions" <<'PY'
import json, shutil, sys, os
jvm = json.load(open(sys.argv[1]))
for name in jvm["sessions"]:
    shutil.copy(os.path.join(sys.argv[2], name), sys.argv[3])
PY
jsess() { cargo run --quiet --release --manifest-path "$root/Cargo.toml" -p jsess-cli -- "$@"; }
jsess bench "$work/sessions" --formats msm-java,msm-kryo,bincode,msgpack,postcard,json,postcard+dict,packed+dict \
  --classpath "$root/corpora/kryo/app-classes.jar" --json --per-session > "$work/jsess.json"
# Per-session sizes of the most compact format, for the median against Kryo.
jsess dictionary --out "$work/store.dict" "$work/sessions" > /dev/null
jsess convert --from msm-java --to postcard --dictionary "$work/store.dict" "$work/sessions" "$work/postcard-dict" > /dev/null
jsess convert --from msm-java --to packed --dictionary "$work/store.dict" "$work/sessions" "$work/packed-dict" > /dev/null
python3 - "$work/jvm.json" "$work/jsess.json" "$work/postcard-dict" "$root/corpora/kryo" "$work/packed-dict" <<'PY'
import json, os, sys
jvm = json.load(open(sys.argv[1])); rs = json.load(open(sys.argv[2]))
res = {(r["format"], r["operation"]): r for r in jvm["results"] + rs["results"]}
n = len(jvm["sessions"])
print(f"{n} sessions both sides handle, {res[('msm-java','decode')]['input_bytes']} bytes as msm-java; medians of 15 passes\n")
print(f"{'format':<20} {'operation':<10} {'median ms':>10} {'MB/s':>9} {'sessions/s':>11} {'bytes':>10}")
for key in sorted(res):
    r = res[key]
    print(f"{key[0]:<20} {key[1]:<10} {r['median_ns']/1e6:>10.3f} {r['mb_per_s']:>9.1f} {r['sessions_per_s']:>11.0f} {r['output_bytes']:>10}")
def ratio(a, b): return res[b]["median_ns"] / res[a]["median_ns"]
print()
print(f"Java-stream decode, jsess vs JDK ObjectInputStream:      {ratio(('msm-java','decode'), ('jdk-serialization','decode')):.1f}x faster")
print(f"Java-stream encode, jsess vs JDK ObjectOutputStream:     {ratio(('msm-java','encode'), ('jdk-serialization','encode')):.1f}x faster")
print(f"memcpy of the same bytes vs jsess decode:                {ratio(('memcpy','decode'), ('msm-java','decode')):.1f}x faster than jsess")
best = min((r for r in rs['results'] if r['operation'] == 'encode' and r['format'] not in ('memcpy',)), key=lambda r: r['output_bytes'])
print(f"smallest jsess format ({best['format']}) vs Kryo 2.20 attribute map + msm header: {best['output_bytes'] / res[('kryo-2.20','encode')]['output_bytes']:.3f}x the size")
ratios = sorted(os.path.getsize(os.path.join(sys.argv[3], n)) / k for n, k in jvm["kryo_sizes"].items())
print(f"postcard+dict vs msm blob with Kryo 2.20 attributes, per session: median {ratios[len(ratios)//2]:.3f}x, best {ratios[0]:.3f}x, worst {ratios[-1]:.3f}x")
print(f"jsess msm-java → postcard transcode vs JVM Java → Kryo transcode: {ratio(('postcard','transcode'), ('kryo-2.20','transcode')):.1f}x faster")
if ('msm-kryo', 'decode') in res:
    print(f"Kryo decode, jsess (into Java objects' model) vs Kryo 2.20 on the JVM: {ratio(('msm-kryo','decode'), ('kryo-2.20','decode')):.2f}x")
    print(f"Kryo encode, jsess vs Kryo 2.20 on the JVM:                            {ratio(('msm-kryo','encode'), ('kryo-2.20','encode')):.2f}x")
    print(f"msm-java → msm-kryo transcode, jsess vs JVM Java → Kryo:              {ratio(('msm-kryo','transcode'), ('kryo-2.20','transcode')):.2f}x")
# Per kind of session (jsess's classes): the median of per-session ratios, and the ratio over
# the kind's sessions, for decode and encode beside the JDK; sizes beside the real Kryo 4 twins
# msm wrote (corpora/kryo), where a session has one.
per = {}
for r in jvm.get("per_session", []) + rs.get("per_session", []):
    per[(r["format"], r["file"])] = r
classes = {}
for r in rs.get("per_session", []):
    if r["format"] == "msm-java":
        classes.setdefault(r["class"], []).append(r["file"])
def med(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else float("nan")
print()
print("Per kind of session: jsess speed-up over the JDK (median of per-session ratios / over the kind's sessions),")
print("and postcard+dict and packed+dict sizes over the real msm Kryo 4 twin in corpora/kryo (median, where one exists)")
print(f"{'kind':<16} {'n':>3} {'decode':>20} {'encode':>20} {'postcard+dict / Kryo 4':>26} {'packed+dict / Kryo 4':>26}")
for kind in ["small", "typical", "large", "many-attributes", "deep"]:
    files = [f for f in classes.get(kind, []) if ("jdk-serialization", f) in per]
    if not files:
        continue
    cells = []
    for op in ("decode_ns", "encode_ns"):
        ratios = [per[("jdk-serialization", f)][op] / max(per[("msm-java", f)][op], 1) for f in files]
        total = sum(per[("jdk-serialization", f)][op] for f in files) / max(sum(per[("msm-java", f)][op] for f in files), 1)
        cells.append(f"{med(ratios):.1f}x / {total:.1f}x")
    sizes = []
    for mine in (sys.argv[3], sys.argv[5]):
        twins = [(os.path.getsize(os.path.join(mine, f)), os.path.getsize(os.path.join(sys.argv[4], f)))
                 for f in files if os.path.exists(os.path.join(sys.argv[4], f)) and os.path.exists(os.path.join(mine, f))]
        sizes.append(f"{med([a / b for a, b in twins]):.3f}x ({len(twins)} twins)" if twins else "no twins")
    print(f"{kind:<16} {len(files):>3} {cells[0]:>20} {cells[1]:>20} {sizes[0]:>26} {sizes[1]:>26}")
PY
if [ -s "$work/jvm.err" ]; then echo; echo "JVM side skipped:"; sed 's/^/  /' "$work/jvm.err"; fi
