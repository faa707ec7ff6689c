#!/usr/bin/env bash
# Migration throughput against the same server's own pipelined GET+SET rate.
#
#   bash benches/redis/migrate.sh [N] [FORMATS] [SCALE ...]     (defaults: 100000 postcard)
#
# 1. loads N msm sessions (the corpus's Java-serialized sessions between 100 B and 2 KB, copied
#    server-side into db 0, each with a 1 h expiry) into a fresh redis-server;
# 2. `redis-benchmark -t get,set -P 16` (pipelined, 1 KB values, on db 1 so it never touches the
#    sessions) alone, after a first run that fills db 1 (SETs then replace values, as a
#    migration does): the GET and SET rates and the pair rate 1 / (1/GET + 1/SET);
# 3. for each of FORMATS (comma-separated), the store loaded again and `jsess migrate --to FORMAT`
#    alone: sessions/s, jsess's and redis-server's CPU per session, peak RSS, and the ratio of
#    sessions/s to the pair rate of step 2 and to the mean of two pair rates measured right
#    before and right after the migration (the VM's speed drifts within minutes);
# 4. the store loaded again and migrated to the first format while the same redis-benchmark runs
#    (with BASELINE, twice with each build, alternating);
# 5. for each SCALE (a number of sessions), the store loaded with that many and migrated alone:
#    peak RSS at each size (memory must not grow with the store).
#
# With BASELINE=/path/to/another/jsess (say, a release build of an earlier commit), steps 3 and 4
# run each format twice with each build, alternating (baseline, this, baseline, this), on the
# same server: what a change did, apart from how fast the machine is that hour.
#
# Needs redis-server, redis-cli, redis-benchmark (Debian: redis-server, redis-tools), GNU time
# (/usr/bin/time) and python3.
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100000}"
IFS=, read -r -a formats <<< "${2:-postcard}"
format="${formats[0]}"
shift $(($# < 2 ? $# : 2))
scales=("$@")

cargo build --release -q -p jsess-cli
jsess="$PWD/target/release/jsess"
work="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
redis-server --port "$port" --bind 127.0.0.1 --dir "$work" --save "" --appendonly no \
  --daemonize no --logfile "$work/redis.log" &
server=$!
trap 'kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
cli() { redis-cli -p "$port" "$@"; }
until cli ping >/dev/null 2>&1; do sleep 0.1; done
echo "redis-server $(cli info server | awk -F: '/redis_version/{print $2}' | tr -d '\r'), $(nproc) cores"

# Templates: one key per small Java-serialized corpus session.
templates=0
for f in corpora/msm/*.bin; do
  size=$(stat -c %s "$f")
  if [ "$size" -ge 100 ] && [ "$size" -lt 2048 ] && [ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" = "0002" ]; then
    cli -x set "tmpl:$templates" < "$f" >/dev/null
    templates=$((templates + 1))
  fi
done
cli eval "for i = 0, tonumber(ARGV[1]) - 1 do redis.call('MOVE', 'tmpl:' .. i, 2) end" 0 "$templates" >/dev/null

# Fills db 0 with $1 sessions copied from the templates (kept in db 2).
load() {
  cli flushdb >/dev/null
  cli eval "
    redis.call('SELECT', 2)
    for i = 0, tonumber(ARGV[1]) - 1 do
      redis.call('COPY', 'tmpl:' .. (i % tonumber(ARGV[2])), string.format('S%08d', i), 'DB', 0)
    end
    redis.call('SELECT', 0)
    for i = 0, tonumber(ARGV[1]) - 1 do redis.call('PEXPIRE', string.format('S%08d', i), 3600000) end
    return redis.call('DBSIZE')" 0 "$1" "$templates" >/dev/null
}

# redis-benchmark's pipelined GET and SET rates on db 1, as "GET SET".
bench() {
  redis-benchmark -p "$port" --dbnum 1 -t get,set -P 16 -n "$1" -d 1024 -r 100000 -q 2>/dev/null |
    tr '\r' '\n' | awk '/requests per second/{r[$1]=$2} END{print r["GET:"], r["SET:"]}'
}

# redis-server's CPU seconds so far.
server_cpu() { cli info cpu | awk -F: '/^used_cpu_(user|sys):/{s += $2} END{printf "%.3f", s}'; }

# Migrates db 0 to $1 (with the jsess binary $2, default this build); prints "sessions/s cpu_us_per_session rss_kib migrated threads
# server_cpu_us_per_session".
migrate() {
  rm -f "$work/backup.bak" "$work/backup.bak".*
  local before
  before=$(server_cpu)
  /usr/bin/time -f '%M' -o "$work/rss" "${2:-$jsess}" migrate "redis://127.0.0.1:$port/0" --to "$1" \
    --backup "$work/backup.bak" --json > "$work/report.json" 2>/dev/null || true
  python3 - "$work/report.json" "$(tail -n 1 "$work/rss")" "$before" "$(server_cpu)" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
server = (float(sys.argv[4]) - float(sys.argv[3])) * 1e6 / max(r['migrated'], 1)
print(f"{r['sessions_per_s']:.0f} {r['cpu_us_per_session']:.1f} {sys.argv[2]} {r['migrated']} {r['threads']} {server:.1f}")
PY
}

pair() { python3 -c "import sys; g, s = map(float, sys.argv[1:]); print(f'{1 / (1 / g + 1 / s):.0f}')" "$@"; }

load "$n"
echo "store: $(cli dbsize) sessions from $templates corpus sessions ($(cli memory usage S00000000) B for the first)"
# A first run fills db 1 and is not counted: SETs that create their keys run about a fifth
# slower than SETs that replace values, and a migration replaces values.
bench 1000000 > /dev/null
read -r get set < <(bench 2000000)
pairs=$(pair "$get" "$set")
echo "redis-benchmark -P 16 alone: GET $get/s, SET $set/s, pairs $pairs/s"

for f in "${formats[@]}"; do
  builds=("")
  [ -n "${BASELINE:-}" ] && builds=("$BASELINE" "" "$BASELINE" "")
  for build in "${builds[@]}"; do
    load "$n"
    # The pair rate again just before and after: this VM's speed drifts within minutes, so
    # the run is also set against the server's rate at the time.
    read -r g1 s1 < <(bench 1000000)
    read -r rate cpu rss migrated threads server_us < <(migrate "$f" "$build")
    read -r g2 s2 < <(bench 1000000)
    near=$(python3 -c "print(round(($(pair "$g1" "$s1") + $(pair "$g2" "$s2")) / 2))")
    echo "jsess${build:+ (baseline $build)} migrate --to $f alone: $migrated sessions, $rate sessions/s ($threads threads), \
$cpu µs jsess CPU and $server_us µs redis-server CPU per session, peak RSS $((rss / 1024)) MiB: \
$(python3 -c "print(f'{$rate / $pairs:.2f}')") of the pair rate, $(python3 -c "print(f'{$rate / $near:.2f}')") of the \
$near pairs/s measured around it"
  done
done

builds=("")
[ -n "${BASELINE:-}" ] && builds=("$BASELINE" "" "$BASELINE" "")
for build in "${builds[@]}"; do
  load "$n"
  ( bench 2000000 > "$work/beside.txt" ) &
  loadgen=$!
  read -r rate cpu rss migrated threads server_us < <(migrate "$format" "$build")
  wait "$loadgen"
  read -r bget bset < "$work/beside.txt"
  echo "jsess${build:+ (baseline $build)} migrate --to $format beside redis-benchmark: $rate sessions/s, $cpu µs CPU per session; \
redis-benchmark meanwhile GET $bget/s, SET $bset/s"
done

for size in "${scales[@]}"; do
  load "$size"
  read -r rate cpu rss migrated threads server_us < <(migrate "$format")
  echo "scale $size: $migrated sessions, $rate sessions/s, peak RSS $((rss / 1024)) MiB"
done
