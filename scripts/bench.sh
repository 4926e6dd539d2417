#!/usr/bin/env bash
# Benchmarks a release build of `ots serve` on the embedded store: GET /api/v1/status (the HTTP
# floor), create and reveal throughput with p50/p99 latency, and the server's idle and peak
# resident memory. Arguments are passed to `ots bench` (e.g. --concurrency 64 --duration 20).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked -p ots >&2
# Let the kernel finish writing back earlier work (a build, a previous run's data) first: a run
# that starts during writeback measures it too.
sync
bin=target/release/ots
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
OTS_RATE_LIMITS=off OTS_LOG_LEVEL=warn "$bin" serve --listen "127.0.0.1:$port" --data-dir "$data" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT

for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
sleep 1
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")

"$bin" bench --server "http://127.0.0.1:$port" --server-pid "$pid" "$@"

peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "server memory: idle RSS $((idle_kb / 1024)) MiB, peak RSS $((peak_kb / 1024)) MiB"
# A create or reveal is answered only after its group's sync, so its share of the floor moves
# with how long the disk takes to sync: measured here, in the data directory, after the run.
python3 - "$data" <<'PY'
import os, statistics, sys, time
fd = os.open(os.path.join(sys.argv[1], "sync-probe"), os.O_WRONLY | os.O_CREAT, 0o600)
times = []
for i in range(200):
    os.pwrite(fd, os.urandom(4096), (i % 16) * 4096)
    t = time.perf_counter()
    os.fdatasync(fd)
    times.append((time.perf_counter() - t) * 1e6)
times.sort()
p90 = times[len(times) * 9 // 10]
print(f"disk sync: 4 KiB write + fdatasync in the data directory, median {statistics.median(times):.0f} µs, p90 {p90:.0f} µs")
PY
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
