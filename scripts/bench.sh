#!/usr/bin/env bash
# Benchmarks a release build of `ots serve` on the embedded store: GET /api/v1/status (the HTTP
# floor), create and reveal throughput with p50/p99 latency, and the server's idle and peak
# resident memory. Arguments are passed to `ots bench` (e.g. --concurrency 64 --duration 20).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --locked -p ots >&2
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

"$bin" bench --server "http://127.0.0.1:$port" "$@"

peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
echo "server memory: idle RSS $((idle_kb / 1024)) MiB, peak RSS $((peak_kb / 1024)) MiB"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
