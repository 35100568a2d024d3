#!/usr/bin/env bash
# Multi-process smoke test (make test): start a testnet of separate daemon processes, fetch
# through SOCKS with curl, stop it, and check no daemon is left running and no port left bound.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug}
STATE=$(mktemp -d /tmp/surety-smoke.XXXXXX)
TESTNET="$BIN/surety-testnet"
cleanup() { "$TESTNET" stop --state-dir "$STATE" >/dev/null 2>&1 || true; rm -rf "$STATE"; }
trap cleanup EXIT

TOPOLOGY="$STATE/topology.toml"
printf 'name = "smoke"\nrelays = 5\nexits = 2\nbase_port = 19100\n' > "$TOPOLOGY"
"$TESTNET" start --state-dir "$STATE" --bin "$BIN" --topology "$TOPOLOGY" --timeout 90
PROXY=$(awk '$1=="client"{print $3}' "$STATE/pids")
SITE=$(awk '$1=="site"{print $3}' "$STATE/pids")
PIDS=$(awk '{print $2}' "$STATE/pids")

BODY=$(curl --silent --show-error --max-time 30 --socks5-hostname "127.0.0.1:$PROXY" "http://127.0.0.1:$SITE/")
echo "$BODY" | grep -q "through three Surety relays" || { echo "smoke: unexpected page: $BODY"; exit 1; }
GOT=$(curl --silent --max-time 60 --socks5-hostname "127.0.0.1:$PROXY" "http://127.0.0.1:$SITE/bytes/300000" | sha256sum | cut -d' ' -f1)
WANT=$(python3 -c 'import hashlib;print(hashlib.sha256(bytes(i%251 for i in range(300000))).hexdigest())')
[ "$GOT" = "$WANT" ] || { echo "smoke: body hash mismatch"; exit 1; }

"$TESTNET" stop --state-dir "$STATE"
for pid in $PIDS; do
  if kill -0 "$pid" 2>/dev/null; then echo "smoke: process $pid still running after stop"; exit 1; fi
done
if ss -ltn | awk '{print $4}' | grep -qE ':(19[0-9]{3})$'; then
  echo "smoke: a testnet port is still bound:"; ss -ltn | grep -E ':19[0-9]{3}\b'; exit 1
fi
echo "testnet smoke: ok (start, fetch through SOCKS, stop, no process or port left)"
