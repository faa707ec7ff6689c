#!/usr/bin/env bash
# Migration throughput on a 3-primary Redis Cluster on this machine.
#
#   bash benches/redis/cluster.sh [N] [FORMAT] [RUNS]       (defaults: 100000 msm-kryo 2)
#
# Starts three redis-servers in cluster mode (slots split by `redis-cli --cluster create`),
# loads N msm sessions (the corpus's Java-serialized sessions between 100 B and 2 KB, each with
# a 1 h expiry, every key sent to the primary of its slot), and runs `jsess migrate --to FORMAT`
# RUNS times, the store loaded again before each: sessions/s, jsess's CPU per session, the three
# servers' CPU per session, the compare-and-set calls each server counted (`INFO commandstats`)
# and their server-side µs per call, and peak RSS.
#
# With BASELINE=/path/to/another/jsess, each run is made with both builds, alternating
# (baseline, this), on the same cluster.
#
# Needs redis-server, redis-cli (Debian: redis-server, redis-tools), GNU time and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100000}"
format="${2:-msm-kryo}"
runs="${3:-2}"

cargo build --release -q -p jsess-cli
jsess="$PWD/target/release/jsess"
work="$(mktemp -d)"
# Three free ports at most 55535 (a Cluster node's bus port is its port + 10000).
read -r -a ports < <(python3 -c '
import random, socket
ports = []
while len(ports) < 3:
    p = random.randint(20000, 55535)
    if p in ports or p + 10000 in ports or p - 10000 in ports:
        continue
    try:
        for q in (p, p + 10000):
            s = socket.socket()
            s.bind(("127.0.0.1", q))
            s.close()
    except OSError:
        continue
    ports.append(p)
print(*ports)')
pids=()
for i in 0 1 2; do
  mkdir -p "$work/n$i"
  redis-server --port "${ports[$i]}" --bind 127.0.0.1 --dir "$work/n$i" --save "" --appendonly no \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
    --daemonize no --logfile "$work/n$i/redis.log" &
  pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
for i in 0 1 2; do
  until redis-cli -p "${ports[$i]}" ping >/dev/null 2>&1; do
    kill -0 "${pids[$i]}" 2>/dev/null || { cat "$work/n$i/redis.log" >&2; exit 1; }
    sleep 0.1
  done
done
redis-cli --cluster create "${ports[@]/#/127.0.0.1:}" --cluster-replicas 0 --cluster-yes >/dev/null
for p in "${ports[@]}"; do
  until redis-cli -p "$p" cluster info | grep -q cluster_state:ok; do sleep 0.1; done
done
echo "redis-server $(redis-cli -p "${ports[0]}" info server | awk -F: '/redis_version/{print $2}' | tr -d '\r'), 3 primaries, $(nproc) cores"

# The load: for each primary, a file of SET commands (RESP) for the keys of its slots.
python3 - "$n" "$work" "${ports[@]}" <<'PY'
import glob, os, subprocess, sys
n, work, ports = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
templates = []
for f in sorted(glob.glob("corpora/msm/*.bin")):
    b = open(f, "rb").read()
    if 100 <= len(b) < 2048 and b[:2] == b"\x00\x02":
        templates.append(b)

def crc16(data):
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc

owner = [None] * 16384
for port in ports:
    out = subprocess.run(["redis-cli", "-p", port, "cluster", "myid"], capture_output=True, text=True).stdout.strip()
    nodes = subprocess.run(["redis-cli", "-p", port, "cluster", "nodes"], capture_output=True, text=True).stdout
    for line in nodes.splitlines():
        fields = line.split()
        if fields[0] == out:
            for r in fields[8:]:
                lo, _, hi = r.partition("-")
                for s in range(int(lo), int(hi or lo) + 1):
                    owner[s] = port
files = {p: open(os.path.join(work, f"load-{p}.resp"), "wb") for p in ports}
for i in range(n):
    key = b"S%08d" % i
    value = templates[i % len(templates)]
    args = [b"SET", key, value, b"PX", b"3600000"]
    cmd = b"*%d\r\n" % len(args) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in args)
    files[owner[crc16(key) % 16384]].write(cmd)
for f in files.values():
    f.close()
print(f"{n} sessions from {len(templates)} corpus sessions")
PY

load() {
  for p in "${ports[@]}"; do
    redis-cli -p "$p" flushall >/dev/null
    redis-cli -p "$p" --pipe < "$work/load-$p.resp" >/dev/null
  done
}

# Every primary's CPU seconds so far, summed.
servers_cpu() {
  for p in "${ports[@]}"; do redis-cli -p "$p" info cpu; done |
    awk -F: '/^used_cpu_(user|sys):/{s += $2} END{printf "%.3f", s}'
}

# Calls and µs per call of the scripting commands, over every primary.
scripts() {
  for p in "${ports[@]}"; do redis-cli -p "$p" info commandstats; done | python3 -c '
import re, sys
calls, usec = {}, {}
for line in sys.stdin:
    m = re.match(r"cmdstat_(eval|evalsha|script\|load):calls=(\d+),usec=(\d+)", line)
    if m:
        calls[m[1]] = calls.get(m[1], 0) + int(m[2])
        usec[m[1]] = usec.get(m[1], 0) + int(m[3])
print(", ".join(f"{c} {calls[c]} calls ({usec[c] / calls[c]:.2f} µs each)" for c in sorted(calls)) or "no scripts")'
}

builds=("")
[ -n "${BASELINE:-}" ] && builds=("$BASELINE" "")
for run in $(seq "$runs"); do
  for build in "${builds[@]}"; do
    load
    for p in "${ports[@]}"; do redis-cli -p "$p" config resetstat >/dev/null; done
    before=$(servers_cpu)
    rm -f "$work/backup.bak" "$work/backup.bak".*
    /usr/bin/time -f '%M' -o "$work/rss" "${build:-$jsess}" migrate "redis://127.0.0.1:${ports[0]}" \
      --to "$format" --backup "$work/backup.bak" --json > "$work/report.json" 2>/dev/null || true
    after=$(servers_cpu)
    python3 - "$work/report.json" "$(tail -n 1 "$work/rss")" "$before" "$after" "${build:-this build}" "$(scripts)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
server = (float(sys.argv[4]) - float(sys.argv[3])) * 1e6 / max(r["migrated"], 1)
print(f"{sys.argv[5]}: {r['migrated']} sessions, {r['sessions_per_s']:.0f} sessions/s ({r['threads']} threads), "
      f"{r['cpu_us_per_session']:.1f} µs jsess CPU and {server:.1f} µs servers' CPU per session, "
      f"peak RSS {int(sys.argv[2]) // 1024} MiB; {sys.argv[6]}")
PY
  done
done
