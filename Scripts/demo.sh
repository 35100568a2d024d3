#!/usr/bin/env bash
# make demo: start a whole Surety network on this machine and fetch a page through 3 relays.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.build/release
STATE=.state/demo
TESTNET="$BIN/surety-testnet"

if [ -f "$STATE/pids" ]; then
  echo "demo: stopping the previous demo network"
  "$TESTNET" stop --state-dir "$STATE" || true
fi
rm -rf "$STATE"

echo "== Starting a local Surety network (6 relays, 2 exits, 1 client, 1 site)"
if ! "$TESTNET" start --state-dir "$STATE" --bin "$BIN" --timeout 90; then
  echo "demo: the network did not come up; logs are in $STATE/logs/" >&2
  "$TESTNET" stop --state-dir "$STATE" || true
  exit 1
fi
PROXY=$(awk '$1=="client"{print $3}' "$STATE/pids")
SITE=$(awk '$1=="site"{print $3}' "$STATE/pids")

echo
echo "== Fetching http://127.0.0.1:$SITE/ through the SOCKS port 127.0.0.1:$PROXY (guard -> middle -> exit)"
curl --silent --show-error --max-time 30 --socks5-hostname "127.0.0.1:$PROXY" "http://127.0.0.1:$SITE/"
echo
echo "== The same through HTTP CONNECT on the same port"
curl --silent --show-error --max-time 30 --proxytunnel --proxy "http://127.0.0.1:$PROXY" "http://127.0.0.1:$SITE/" | head -2
echo
echo "== 1 MiB through the network, checked"
EXPECTED=$(python3 -c 'import hashlib;print(hashlib.sha256(bytes(i%251 for i in range(1<<20))).hexdigest())')
GOT=$(curl --silent --max-time 60 --socks5-hostname "127.0.0.1:$PROXY" "http://127.0.0.1:$SITE/bytes/1048576" | sha256sum | cut -d' ' -f1)
if [ "$EXPECTED" = "$GOT" ]; then echo "sha256 matches: $GOT"; else echo "sha256 MISMATCH: $GOT != $EXPECTED"; exit 1; fi
echo
"$TESTNET" status --state-dir "$STATE"
echo
echo "Try it yourself:  curl --socks5-hostname 127.0.0.1:$PROXY http://127.0.0.1:$SITE/"
echo "Relay metrics:    curl http://127.0.0.1:$(awk '$1=="relay1"{print $4}' "$STATE/pids")/metrics"
echo "Stop it with:     make demo-stop"
