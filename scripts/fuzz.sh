#!/usr/bin/env bash
# Fuzzes API v1 and v2 with schemathesis, generating requests from the OpenAPI document the
# server itself serves (GET /api/v2/openapi.json). Fails on any 5xx, any status the document
# does not list for the route, and any response body or content type that breaks the
# document. Stateful sequences follow the document's links from a create to the routes that
# use its ids. Runs twice: as a guest, and with an account's Basic credentials.
#
#   ./scripts/fuzz.sh                      # 100 generated cases per operation and run
#   FUZZ_EXAMPLES=20 ./scripts/fuzz.sh     # the short version CI runs
#   ./scripts/fuzz.sh --seed 42            # extra arguments go to `schemathesis run`
#
# On a fresh Debian machine it first installs python3-venv, then schemathesis (pinned) into
# target/fuzz-venv. The server is a debug build on a free port with a throwaway data directory
# and rate limits off (passphrase lockouts stay on).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

examples=${FUZZ_EXAMPLES:-100}
schemathesis_version=4.32.5
venv=target/fuzz-venv

make_venv() { rm -rf "$venv" && python3 -m venv "$venv" >/dev/null 2>&1; }
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null | awk '{print $NF}')" != "$schemathesis_version" ]; then
  echo "fuzz.sh: installing schemathesis $schemathesis_version into $venv" >&2
  # Debian ships venv support (ensurepip) separately, in python3-venv.
  if ! command -v python3 >/dev/null 2>&1 || ! make_venv; then
    echo "fuzz.sh: installing python3-venv" >&2
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-venv
    make_venv
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

# With the features `cargo test --workspace` builds (dev-dependencies' included), so in CI this
# reuses the test run's build instead of compiling the workspace a second time.
cargo build --locked --workspace --all-targets >&2
bin=target/debug/ots
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
OTS_RATE_LIMITS=off OTS_LOG_LEVEL=warn OTS_TTL_FLOOR=60 \
  "$bin" serve --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT

for _ in $(seq 300); do
  python3 -c "import urllib.request; urllib.request.urlopen('$base/health')" >/dev/null 2>&1 && break
  sleep 0.1
done
token=$("$bin" user add fuzz@example.com --data-dir "$work/data" | awk '{w=$NF} END {print w}')

# One worker: schemathesis' threads trip a CPython 3.11 bug in ast.parse ("AST constructor
# recursion depth mismatch") that aborts an operation with a runtime error.
# It runs in the scratch directory, where it leaves its caches (.schemathesis, .hypothesis).
run() {
  (cd "$work" && "$root/$venv/bin/schemathesis" run "$base/api/v2/openapi.json" --url "$base" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --phases examples,coverage,fuzzing,stateful --max-examples "$examples" --workers 1 \
    --request-timeout 10 --suppress-health-check all --no-color "$@")
}

status=0
echo "== fuzzing as a guest" >&2
run "$@" || status=1
echo "== fuzzing as an account" >&2
run --auth "fuzz@example.com:$token" "$@" || status=1

if grep -E "panicked|internal error" "$work/server.log" >&2; then
  echo "fuzz.sh: the server logged a panic or an internal error" >&2
  status=1
fi
kill -0 $pid 2>/dev/null || { echo "fuzz.sh: the server died" >&2; status=1; }
exit $status
