#!/usr/bin/env bash
# Benchmarks ots on Redis next to Redis itself, in one run on one machine: starts a private
# redis-server, an `ots serve` node on it (release build, rate limits off), runs `ots bench`
# (status, create, reveal), then `redis-benchmark` SET and GETDEL with the same concurrency and
# value size against the same Redis, and prints the ratios. Arguments go to `ots bench`
# (e.g. --concurrency 64 --duration 10).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in redis-server redis-benchmark python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench-redis.sh: $tool is missing (apt-get install redis-server python3 curl)" >&2; exit 1; }
done
cargo build --release --locked -p ots >&2
bin=target/release/ots
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rport=$(free_port)
port=$(free_port)
work=$(mktemp -d)
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  --logfile "$work/redis.log" --daemonize yes --pidfile "$work/redis.pid"
OTS_SECRET="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" OTS_RATE_LIMITS=off \
  OTS_LOG_LEVEL=warn "$bin" serve --listen "127.0.0.1:$port" --data-dir "$work/data" \
  --store "redis://127.0.0.1:$rport" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; redis-cli -p $rport shutdown nosave >/dev/null 2>&1; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done

concurrency=64
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--concurrency" ] && concurrency=${args[$((i + 1))]}
done

"$bin" bench --server "http://127.0.0.1:$port" --json "$@" > "$work/ots.json"
n=200000
redis-benchmark -p "$rport" -c "$concurrency" -n "$n" -d 64 -r 1000000 -t set --csv \
  > "$work/set.csv"
redis-benchmark -p "$rport" -c "$concurrency" -n "$n" -r 1000000 --csv \
  GETDEL 'key:__rand_int__' > "$work/getdel.csv"

python3 - "$work" <<'PY'
import csv, json, sys
work = sys.argv[1]
ots = {r["phase"]: r for r in json.load(open(f"{work}/ots.json"))}
def redis(name):
    rows = list(csv.DictReader(open(f"{work}/{name}.csv")))
    return rows[-1]
rows = [
    ("ots status", ots["status"]["requests_per_second"], ots["status"]["p50_ms"], ots["status"]["p99_ms"]),
    ("ots create", ots["create"]["requests_per_second"], ots["create"]["p50_ms"], ots["create"]["p99_ms"]),
    ("ots reveal", ots["reveal"]["requests_per_second"], ots["reveal"]["p50_ms"], ots["reveal"]["p99_ms"]),
]
for name in ("set", "getdel"):
    r = redis(name)
    rows.append((f"redis {name.upper()}", float(r["rps"]), float(r["p50_latency_ms"]), float(r["p99_latency_ms"])))
print(f"{'what':<14} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
for what, rps, p50, p99 in rows:
    print(f"{what:<14} {rps:>10.0f} {p50:>8.2f} {p99:>8.2f}")
d = {w: r for w, r, _, _ in rows}
print(f"ots create / redis SET:    {d['ots create'] / d['redis SET']:.0%}")
print(f"ots reveal / redis GETDEL: {d['ots reveal'] / d['redis GETDEL']:.0%}")
print(f"ots create / ots status:   {d['ots create'] / d['ots status']:.0%}")
PY
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(redis-server --version | cut -d' ' -f1-3)"
