#!/usr/bin/env bash
# Measures Tor (../shared/bench/tor-baseline) and our multi-process testnet with the same curl
# workload (its bench.sh), back to back, and saves both JSON files (Docs/PERFORMANCE.md "Circuits").
#
#   Scripts/bench-vs-tor.sh [OUT_DIR]     (default Docs/bench-results; needs a release build)
#
# TOR_BASELINE (default ../shared/bench/tor-baseline) must hold run-net.sh, bench.sh, stop-net.sh
# (its knobs, e.g. BASE_PORT=17400 when another testnet holds 17100-17108, pass through);
# run its setup.sh once as root. Everything this script starts is stopped on exit: the tor network
# by stop-net.sh, ours by `surety-testnet stop`, both by PID. Every step is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
TOR_BASELINE=${TOR_BASELINE:-$ROOT/../shared/bench/tor-baseline}
OUT_DIR=${1:-$ROOT/Docs/bench-results}
BIN=${BIN:-$ROOT/.build/release}
STATE=${STATE:-/tmp/surety-bench-testnet}
TOPOLOGY=${TOPOLOGY:-$ROOT/Network/topologies/bench.toml}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT_DIR"

for f in run-net.sh bench.sh stop-net.sh; do
  [[ -x "$TOR_BASELINE/$f" ]] || { echo "bench-vs-tor: $TOR_BASELINE/$f not found" >&2; exit 1; }
done
[[ -x "$BIN/surety-testnet" && -x "$BIN/surety-relay" && -x "$BIN/surety-client" ]] ||
  { echo "bench-vs-tor: build first: swift build -c release" >&2; exit 1; }

cleanup() {
  "$TOR_BASELINE/stop-net.sh" >/dev/null 2>&1 || true
  "$BIN/surety-testnet" stop --state-dir "$STATE" >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "== $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== Tor: run-net.sh, bench.sh, stop-net.sh"
timeout 400 "$TOR_BASELINE/run-net.sh" | tail -3
echo "   load before bench: $(cut -d' ' -f1-3 /proc/loadavg)"
OUT="$OUT_DIR/tor-$STAMP.json" timeout 1000 "$TOR_BASELINE/bench.sh"
echo "   load after bench: $(cut -d' ' -f1-3 /proc/loadavg)"
"$TOR_BASELINE/stop-net.sh"

echo "== Surety: surety-testnet ($TOPOLOGY), bench.sh with SOCKS/PIDS"
rm -rf "$STATE"
timeout 300 "$BIN/surety-testnet" start --state-dir "$STATE" --bin "$BIN" --topology "$TOPOLOGY" | tail -3
EXITS=$(awk -F= '$1 ~ /^[[:space:]]*exits/ {gsub(/[^0-9]/, "", $2); print $2}' "$TOPOLOGY")
RELAYS=$(awk -F= '$1 ~ /^[[:space:]]*relays/ {gsub(/[^0-9]/, "", $2); print $2}' "$TOPOLOGY")
# bench.sh roles by name: client*, exit*, anything else a relay (the last EXITS relays are exits).
PIDS=$(awk -v r="$RELAYS" -v e="$EXITS" '
  $1 == "client" { printf "client=%s ", $2 }
  $1 ~ /^relay[0-9]+$/ { n = substr($1, 6) + 0; printf "%s%d=%s ", (n > r - e ? "exit" : "relay"), n, $2 }
' "$STATE/pids")
SOCKS="127.0.0.1:$(awk '$1 == "client" { print $3 }' "$STATE/pids")"
echo "   SOCKS=$SOCKS PIDS=$PIDS"
echo "   load before bench: $(cut -d' ' -f1-3 /proc/loadavg)"
SOCKS="$SOCKS" PIDS="$PIDS" OUT="$OUT_DIR/surety-$STAMP.json" timeout 1000 "$TOR_BASELINE/bench.sh"
echo "   load after bench: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN/surety-testnet" stop --state-dir "$STATE"
echo "== JSON: $OUT_DIR/tor-$STAMP.json $OUT_DIR/surety-$STAMP.json"
