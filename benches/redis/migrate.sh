#!/usr/bin/env bash
# Migration throughput beside Redis's own: loads N msm sessions (the corpus's sessions under
# 2 KB, copied server-side) into a fresh redis-server, measures `redis-benchmark -t get,set`
# alone, then `jsess migrate` (sessions/s, peak RSS) while the same redis-benchmark runs.
#
#   bash benches/redis/migrate.sh [N] [FORMAT]     (defaults: 100000 postcard)
#
# Needs redis-server, redis-cli, redis-benchmark (Debian: redis-server, redis-tools) and
# GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-100000}"
format="${2:-postcard}"

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

# Templates: one key per small corpus session, then N copies made by the server.
templates=0
for f in corpora/msm/*.bin; do
  size=$(stat -c %s "$f")
  if [ "$size" -ge 100 ] && [ "$size" -lt 2048 ] && [ "$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')" = "0002" ]; then
    cli -x set "tmpl:$templates" < "$f" >/dev/null
    templates=$((templates + 1))
  fi
done
cli eval "
  for i = 0, tonumber(ARGV[1]) - 1 do
    local key = string.format('S%08d', i)
    redis.call('COPY', 'tmpl:' .. (i % tonumber(ARGV[2])), key)
    redis.call('PEXPIRE', key, 3600000)
  end
  for i = 0, tonumber(ARGV[2]) - 1 do redis.call('DEL', 'tmpl:' .. i) end
  return redis.call('DBSIZE')" 0 "$n" "$templates" >/dev/null
bytes=$(cli memory stats | awk '/dataset.bytes/{getline; print}')
echo "store: $(cli dbsize) keys from $templates corpus sessions, dataset $bytes bytes"

bench() { redis-benchmark -p "$port" -t get,set -n "$1" -d 1024 -r 100000 -q 2>/dev/null | tr '\r' '\n' | grep 'requests per second'; }
echo "redis-benchmark alone:"
bench 400000

echo "jsess migrate --to $format beside redis-benchmark:"
( bench 400000 > "$work/beside.txt" ) &
load=$!
start=$(date +%s.%N)
/usr/bin/time -f '%M' -o "$work/rss" "$jsess" migrate "redis://127.0.0.1:$port/0" --to "$format" \
  --backup "$work/backup.bak" --json > "$work/report.json" 2>/dev/null
end=$(date +%s.%N)
wait "$load"
cat "$work/beside.txt"
migrated=$(python3 -c "import json,sys; print(json.load(open('$work/report.json'))['migrated'])")
python3 - "$migrated" "$start" "$end" "$(cat "$work/rss")" "$(stat -c %s "$work/backup.bak")" <<'PY'
import sys
migrated, start, end, rss, backup = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
secs = end - start
print(f"migrated {migrated} sessions in {secs:.2f} s: {migrated / secs:,.0f} sessions/s, peak RSS {rss / 1024:.1f} MiB, backup {backup / 1e6:.1f} MB")
PY
