#!/usr/bin/env bash
# Runs the JVM harness and `jsess bench` on the same sessions in one go and prints ratios.
# The JVM side is msm's own transcoders (msm 716e147 with Kryo 4.0.0 and kryo-serializers 0.41),
# built from their public sources by ../shared/tools/msm-kryo4/build.sh (seen from the project
# root); MSM_KRYO4_DEPS names the directory holding those jars (corpora/msm/real/deps.sh). Also
# needs JDK 17 and Debian's libtomcat9-java, libobjenesis-java, libminlog-java,
# libreflectasm-java, libasm-java, libxstream-java, libxpp3-java.
# Usage: MSM_KRYO4_DEPS=/work/deps/msm-kryo4 bash benches/jvm/compare.sh [DIR]   (default: corpora/msm)
# ROUNDS (default 3) runs the JVM side and jsess alternately that many times; every figure is the
# median over the rounds. One host's speed moves within minutes (this kind of shared VM by up to
# 2x): a single JVM run followed by a single jsess run can land the two sides in different
# phases, and alternated rounds keep such a phase from favouring one side. Each round's own
# per-session medians are printed too, to show how far the phases moved them within the run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
dir="${1:-$root/corpora/msm}"
source "$root/corpora/msm/real/deps.sh"
require_real_msm
work="$(mktemp -d)"
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

# The sessions' application classes come from the corpus generators' sources; the real msm
# layer (a manager, its transcoders) is the one the corpus generators share.
find "$root/corpora/java/generator" "$root/corpora/msm/generator" "$real_msm_dir" -name '*.java' > "$work/sources"
javac -nowarn -encoding UTF-8 -d "$work/classes" -cp "$real_msm_classpath" @"$work/sources" "$here/JvmBench.java" 2> "$work/javac.log" || { cat "$work/javac.log"; exit 1; }
rounds="${ROUNDS:-3}"
real_msm_java -Xss16m -cp "$work/classes:$real_msm_classpath" JvmBench "$dir" > "$work/jvm.1.json" 2> "$work/jvm.err"
mkdir "$work/sessions"
python3 - "$work/jvm.1.json" "$dir" "$work/sessions" <<'PY'
import json, shutil, sys, os
jvm = json.load(open(sys.argv[1]))
for name in jvm["sessions"]:
    shutil.copy(os.path.join(sys.argv[2], name), sys.argv[3])
PY
jsess() { cargo run --quiet --release --manifest-path "$root/Cargo.toml" -p jsess-cli -- "$@"; }
bench() {
  jsess bench "$work/sessions" --formats msm-java,msm-kryo,bincode,msgpack,postcard,json,postcard+dict,packed+dict \
    --classpath "$root/corpora/kryo/app-classes.jar" --json --per-session > "$work/jsess.$1.json"
}
bench 1
for round in $(seq 2 "$rounds"); do
  real_msm_java -Xss16m -cp "$work/classes:$real_msm_classpath" JvmBench "$work/sessions" > "$work/jvm.$round.json" 2>/dev/null
  bench "$round"
done
# Per-session sizes of the most compact format, for the median against Kryo.
jsess dictionary --out "$work/store.dict" "$work/sessions" > /dev/null
jsess convert --from msm-java --to postcard --dictionary "$work/store.dict" "$work/sessions" "$work/postcard-dict" > /dev/null
jsess convert --from msm-java --to packed --dictionary "$work/store.dict" "$work/sessions" "$work/packed-dict" > /dev/null
python3 - "$work" "$rounds" "$work/postcard-dict" "$root/corpora/kryo" "$work/packed-dict" <<'PY'
import json, os, sys
rounds = int(sys.argv[2])
def load(side):
    return [json.load(open(os.path.join(sys.argv[1], f"{side}.{i}.json"))) for i in range(1, rounds + 1)]
def median_of_rounds(runs, key):
    """The median over the rounds: of a whole-set row, the round's record with the median time
    (so its figures agree with each other); of a session, each operation's time."""
    rows = {}
    for run in runs:
        for r in run.get(key, []):
            rows.setdefault((r["format"], r.get("operation") or r.get("file")), []).append(r)
    out = []
    for group in rows.values():
        if key == "results":
            out.append(sorted(group, key=lambda r: r["median_ns"])[len(group) // 2])
            continue
        merged = dict(group[0])
        for op in ("decode_ns", "encode_ns"):
            if op in merged:
                merged[op] = sorted(r[op] for r in group)[len(group) // 2]
        out.append(merged)
    return out
def combined(runs):
    return dict(runs[0], results=median_of_rounds(runs, "results"), per_session=median_of_rounds(runs, "per_session"))
jvm_runs, rs_runs = load("jvm"), load("jsess")
jvm, rs = combined(jvm_runs), combined(rs_runs)
res = {(r["format"], r["operation"]): r for r in jvm["results"] + rs["results"]}
n = len(jvm["sessions"])
print(f"{n} sessions both sides handle, {res[('msm-java','decode')]['input_bytes']} bytes as msm-java; medians of 15 passes, then of {rounds} alternated rounds\n")
print(f"{'format':<20} {'operation':<10} {'median ms':>10} {'MB/s':>9} {'sessions/s':>11} {'bytes':>10}")
for key in sorted(res):
    r = res[key]
    print(f"{key[0]:<20} {key[1]:<10} {r['median_ns']/1e6:>10.3f} {r['mb_per_s']:>9.1f} {r['sessions_per_s']:>11.0f} {r['output_bytes']:>10}")
def ratio(a, b): return res[b]["median_ns"] / res[a]["median_ns"]
print()
# Like for like: the JVM side reads and writes the attribute stream alone, as jsess's
# java-stream rows do; the msm-java rows also read and write msm's envelope.
if ('java-stream', 'decode') in res:
    print(f"Java-stream decode, jsess vs JDK ObjectInputStream:      {ratio(('java-stream','decode'), ('jdk-serialization','decode')):.1f}x faster")
    print(f"Java-stream encode, jsess vs JDK ObjectOutputStream:     {ratio(('java-stream','encode'), ('jdk-serialization','encode')):.1f}x faster")
print(f"msm-java blob decode (envelope too) vs JDK stream decode: {ratio(('msm-java','decode'), ('jdk-serialization','decode')):.1f}x faster")
print(f"msm-java blob encode (envelope too) vs JDK stream encode: {ratio(('msm-java','encode'), ('jdk-serialization','encode')):.1f}x faster")
print(f"memcpy of the same bytes vs jsess decode:                {ratio(('memcpy','decode'), ('msm-java','decode')):.1f}x faster than jsess")
best = min((r for r in rs['results'] if r['operation'] == 'encode' and r['format'] not in ('memcpy', 'java-stream')), key=lambda r: r['output_bytes'])
print(f"smallest jsess format ({best['format']}) vs Kryo 4.0.0 attribute map + msm header: {best['output_bytes'] / res[('kryo-4.0.0','encode')]['output_bytes']:.3f}x the size")
ratios = sorted(os.path.getsize(os.path.join(sys.argv[3], n)) / k for n, k in jvm["kryo_sizes"].items())
print(f"postcard+dict vs msm blob with Kryo 4.0.0 attributes, per session: median {ratios[len(ratios)//2]:.3f}x, best {ratios[0]:.3f}x, worst {ratios[-1]:.3f}x")
print(f"jsess msm-java → postcard transcode vs JVM Java → Kryo transcode: {ratio(('postcard','transcode'), ('kryo-4.0.0','transcode')):.1f}x faster")
if ('msm-kryo', 'decode') in res:
    print(f"Kryo decode, jsess (into Java objects' model) vs Kryo 4.0.0 on the JVM: {ratio(('msm-kryo','decode'), ('kryo-4.0.0','decode')):.2f}x")
    print(f"Kryo encode, jsess vs Kryo 4.0.0 on the JVM:                            {ratio(('msm-kryo','encode'), ('kryo-4.0.0','encode')):.2f}x")
    print(f"msm-java → msm-kryo transcode, jsess vs JVM Java → Kryo:              {ratio(('msm-kryo','transcode'), ('kryo-4.0.0','transcode')):.2f}x")
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
def speedup(theirs, mine, files, op):
    """Median of per-session ratios and the ratio over the sessions, where both sides timed them."""
    both = [f for f in files if (theirs, f) in per and (mine, f) in per]
    if not both:
        return "-"
    ratios = [per[(theirs, f)][op] / max(per[(mine, f)][op], 1) for f in both]
    total = sum(per[(theirs, f)][op] for f in both) / max(sum(per[(mine, f)][op] for f in both), 1)
    return f"{med(ratios):.1f}x / {total:.1f}x"
print()
print("Per kind of session: jsess speed-up over the JVM (median of per-session ratios / over the kind's sessions):")
print("java-stream (the attribute stream alone, as the JVM side) and msm-java (the whole blob) beside msm's")
print("JavaSerializationTranscoder (JDK), msm-kryo beside msm's KryoTranscoder (Kryo 4.0.0)")
print(f"{'kind':<16} {'n':>3} {'stream dec ×JDK':>16} {'stream enc ×JDK':>16} {'blob dec ×JDK':>16} {'blob enc ×JDK':>16} {'decode ×Kryo 4':>16} {'encode ×Kryo 4':>16}")
def kinds():
    """Each kind of session with the files of it the JVM side timed."""
    for kind in ["small", "typical", "large", "many-attributes", "deep"]:
        files = [f for f in classes.get(kind, []) if ("jdk-serialization", f) in per]
        if files:
            yield kind, files
for kind, files in kinds():
    cells = [speedup("jdk-serialization", "java-stream", files, op) for op in ("decode_ns", "encode_ns")]
    cells += [speedup("jdk-serialization", "msm-java", files, op) for op in ("decode_ns", "encode_ns")]
    cells += [speedup("kryo-4.0.0", "msm-kryo", files, op) for op in ("decode_ns", "encode_ns")]
    print(f"{kind:<16} {len(files):>3} " + " ".join(f"{c:>16}" for c in cells))
# The same per-session medians from each round alone (the JVM's round i beside jsess's round
# i): how far this host's phases move them within one run, which the medians over the rounds
# above hide.
if rounds > 1:
    print()
    print("Each round alone: median of per-session speed-ups, small / typical sessions")
    print(f"{'round':<6} {'stream dec ×JDK':>18} {'stream enc ×JDK':>18} {'decode ×Kryo 4':>18} {'encode ×Kryo 4':>18}")
    for i, (jr, rr) in enumerate(zip(jvm_runs, rs_runs), start=1):
        one = {(r["format"], r["file"]): r for r in jr.get("per_session", []) + rr.get("per_session", [])}
        def kind_median(theirs, mine, kind, op):
            files = [f for f in classes.get(kind, []) if (theirs, f) in one and (mine, f) in one]
            return med([one[(theirs, f)][op] / max(one[(mine, f)][op], 1) for f in files])
        cells = []
        for theirs, mine, op in [("jdk-serialization", "java-stream", "decode_ns"), ("jdk-serialization", "java-stream", "encode_ns"),
                                 ("kryo-4.0.0", "msm-kryo", "decode_ns"), ("kryo-4.0.0", "msm-kryo", "encode_ns")]:
            cells.append(f"{kind_median(theirs, mine, 'small', op):.1f}x / {kind_median(theirs, mine, 'typical', op):.1f}x")
        print(f"{i:<6} " + " ".join(f"{c:>18}" for c in cells))
print()
print("Per kind of session: postcard+dict and packed+dict sizes over the real msm Kryo 4 twin in corpora/kryo")
print("(median of per-session ratios, where a twin exists)")
print(f"{'kind':<16} {'n':>3} {'postcard+dict / Kryo 4':>26} {'packed+dict / Kryo 4':>26}")
for kind, files in kinds():
    sizes = []
    for mine in (sys.argv[3], sys.argv[5]):
        twins = [(os.path.getsize(os.path.join(mine, f)), os.path.getsize(os.path.join(sys.argv[4], f)))
                 for f in files if os.path.exists(os.path.join(sys.argv[4], f)) and os.path.exists(os.path.join(mine, f))]
        sizes.append(f"{med([a / b for a, b in twins]):.3f}x ({len(twins)} twins)" if twins else "no twins")
    print(f"{kind:<16} {len(files):>3} {sizes[0]:>26} {sizes[1]:>26}")
PY
if [ -s "$work/jvm.err" ]; then echo; echo "JVM side skipped:"; sed 's/^/  /' "$work/jvm.err"; fi
