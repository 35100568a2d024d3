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

echo "== Starting a local Surety network (3 directory authorities, 3 admins with k = 2, 6 relays of which 2 exits, 1 client, 1 site)"
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

ADMIN="$BIN/surety-admin"
GENESIS="$STATE/genesis/genesis.surety"
MEMBER_KEY=$(cat "$STATE/client/member.pub")
ACTIONS="$STATE/actions"
fetch_ok() { curl --silent --max-time 10 --socks5-hostname "127.0.0.1:$PROXY" "http://127.0.0.1:$SITE/" > /dev/null; }

echo
echo "== Governance: admin1 drafts a revocation of the demo member, admin2 co-signs (k = 2), it is submitted"
"$ADMIN" revoke --genesis "$GENESIS" --key "$STATE/genesis/admins/admin1.key" --member-key "$MEMBER_KEY" \
  --reason "demo: abuse report" --evidence "demo-report-1" --out "$ACTIONS/revoke-demo.surety"
"$ADMIN" sign --genesis "$GENESIS" --key "$STATE/genesis/admins/admin2.key" --in "$ACTIONS/revoke-demo.surety"
"$ADMIN" submit --genesis "$GENESIS" --in "$ACTIONS/revoke-demo.surety"
refused=""
for _ in $(seq 1 40); do
  if ! fetch_ok; then refused=yes; break; fi
  sleep 0.25
done
if [ -z "$refused" ]; then echo "demo: the revoked member could still fetch after 10 s" >&2; exit 1; fi
echo "The next fetch is refused:"
curl --silent --show-error --max-time 10 --socks5-hostname "127.0.0.1:$PROXY" "http://127.0.0.1:$SITE/" 2>&1 | head -1 || true
grep -h "revoked" "$STATE/logs/client.log" | tail -1 || true

echo
echo "== Appeal: admins 1 and 2 reinstate the member"
"$ADMIN" reinstate --genesis "$GENESIS" --key "$STATE/genesis/admins/admin1.key" --member-key "$MEMBER_KEY" \
  --reason "demo: appeal upheld" --out "$ACTIONS/reinstate-demo.surety"
"$ADMIN" sign --genesis "$GENESIS" --key "$STATE/genesis/admins/admin2.key" --in "$ACTIONS/reinstate-demo.surety"
"$ADMIN" submit --genesis "$GENESIS" --in "$ACTIONS/reinstate-demo.surety"
restored=""
for _ in $(seq 1 120); do
  if fetch_ok; then restored=yes; break; fi
  sleep 0.25
done
if [ -z "$restored" ]; then echo "demo: the reinstated member could not fetch within 30 s" >&2; exit 1; fi
echo "Fetching works again after the reinstatement."
echo
"$ADMIN" log show --genesis "$GENESIS" 2>/dev/null | tail -5 || true

echo
"$TESTNET" status --state-dir "$STATE"
echo
echo "Try it yourself:  curl --socks5-hostname 127.0.0.1:$PROXY http://127.0.0.1:$SITE/"
echo "Relay metrics:    curl http://127.0.0.1:$(awk '$1=="relay1"{print $4}' "$STATE/pids")/metrics"
echo "Stop it with:     make demo-stop"
