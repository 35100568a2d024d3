# shellcheck shell=bash
# Shared helpers for Network/scenarios/*.sh (sourced, not run).
#
# Each scenario starts its own testnet with `surety-testnet` in a fresh state directory and on its
# own ports (BASE_PORT), so it never touches `make demo` or another scenario; it is bounded in
# time (SCENARIO_TIMEOUT seconds in all, every wait bounded too) and stops exactly the processes
# it started, whatever happens.
#
# Environment:
#   BIN               directory with surety-testnet, surety-relay, surety-client
#                     (default: .build/release if built, else .build/debug)
#   BASE_PORT         first port of the scenario's testnet (each scenario has its own default)
#   SCENARIO_TIMEOUT  seconds before the whole scenario is stopped (default 300)
#   KEEP_STATE=1      keep the state directory (configs, logs) for inspection

set -euo pipefail
SCENARIO_SCRIPT=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
SCENARIO=$(basename "$0" .sh)

# Re-run the scenario under timeout(1) so that it can never hang; the TERM trap below still
# stops the testnet when the timeout fires (the KILL comes only if that takes over 40 s).
if [ -z "${_SCENARIO_UNDER_TIMEOUT:-}" ] && command -v timeout > /dev/null; then
  export _SCENARIO_UNDER_TIMEOUT=1
  exec timeout --kill-after=40 "${SCENARIO_TIMEOUT:-300}" bash "$SCENARIO_SCRIPT" "$@"
fi
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$REPO"

if [ -z "${BIN:-}" ]; then
  if [ -x .build/release/surety-testnet ] && [ -x .build/release/surety-relay ]; then BIN=.build/release; else BIN=.build/debug; fi
fi
TESTNET="$BIN/surety-testnet"
STATE=""

say() { printf '[%s] %s\n' "$SCENARIO" "$*"; }
fail() {
  say "FAIL: $*" >&2
  if [ -n "$STATE" ] && [ -d "$STATE/logs" ]; then
    for log in "$STATE"/logs/*.log; do echo "--- $log (last lines)" >&2; tail -8 "$log" >&2; done
  fi
  exit 1
}
cleanup() {
  local status=$?
  if [ -n "$STATE" ] && [ -f "$STATE/pids" ]; then "$TESTNET" stop --state-dir "$STATE" > /dev/null 2>&1 || true; fi
  if [ -n "$STATE" ] && [ -z "${KEEP_STATE:-}" ]; then rm -rf "$STATE"; fi
  if [ -n "$STATE" ] && [ -n "${KEEP_STATE:-}" ]; then say "state kept in $STATE"; fi
  exit $status
}
trap cleanup EXIT
trap 'say "interrupted (timeout?)"; exit 143' TERM INT

# start_testnet RELAYS EXITS BASE_PORT: writes a topology and starts the network (bounded wait).
start_testnet() {
  local relays=$1 exits=$2 base=$3
  for binary in surety-testnet surety-relay surety-client; do
    [ -x "$BIN/$binary" ] || fail "$BIN/$binary not found: build first (swift build, or make build-release)"
  done
  if ss -ltn 2> /dev/null | awk '{print $4}' | grep -qE ":($base|$((base + 1))|$((base + 50)))\$"; then
    fail "ports from $base are in use (another testnet?): set BASE_PORT to a free range"
  fi
  STATE=$(mktemp -d "/tmp/surety-$SCENARIO.XXXXXX")
  printf 'name = "%s"\nrelays = %d\nexits = %d\nbase_port = %d\n' "$SCENARIO" "$relays" "$exits" "$base" \
    > "$STATE/topology.toml"
  say "starting $relays relays ($exits exits), a client and a site on ports from $base (state: $STATE)"
  "$TESTNET" start --state-dir "$STATE" --bin "$BIN" --topology "$STATE/topology.toml" --timeout 90 > "$STATE/start.log" \
    || { cat "$STATE/start.log" >&2; fail "the testnet did not start"; }
  read_ports
}

read_ports() {
  PROXY=$(awk '$1=="client"{print $3}' "$STATE/pids")
  SITE=$(awk '$1=="site"{print $3}' "$STATE/pids")
}

pid_of() { awk -v n="$1" '$1==n{print $2}' "$STATE/pids"; }
metrics_port_of() { awk -v n="$1" '$1==n{print $4}' "$STATE/pids"; }

# fetch PATH: one GET through the SOCKS port with remote DNS; prints the body.
fetch() {
  curl --silent --show-error --max-time 20 --socks5-hostname "127.0.0.1:$PROXY" "http://127.0.0.1:$SITE$1"
}

# fetch_checked BYTES: fetches /bytes/BYTES and checks its SHA-256 (the site sends i % 251).
fetch_checked() {
  local want got
  want=$(python3 -c "import hashlib;print(hashlib.sha256(bytes(i%251 for i in range($1))).hexdigest())")
  got=$(fetch "/bytes/$1" | sha256sum | cut -d' ' -f1)
  [ "$got" = "$want" ]
}

# fetch_with_retries ATTEMPTS: the index page within ATTEMPTS tries, 2 s apart; prints the count.
fetch_with_retries() {
  local attempt
  for attempt in $(seq 1 "$1"); do
    if fetch / > "$STATE/fetch.out" 2> "$STATE/fetch.err" && grep -q "through three Surety relays" "$STATE/fetch.out"; then
      echo "$attempt"
      return 0
    fi
    say "  attempt $attempt failed: $(head -c 200 "$STATE/fetch.err")" >&2
    sleep 2
  done
  return 1
}

# relay_open_circuits NAME: circuits created minus destroyed, from the relay's /metrics.
relay_open_circuits() {
  curl --silent --max-time 5 "http://127.0.0.1:$(metrics_port_of "$1")/metrics" \
    | awk '$1=="surety_relay_circuits_created_total"{c=$2} $1=="surety_relay_circuits_destroyed_total"{d=$2} END{print c-d+0}'
}
