#!/usr/bin/env bash
# Scenario: stop the whole network and start it again from the same state directory.
# Expect: every relay keeps its identity keys, the client keeps its member key and guard set,
# and fetching works again.
#
#   Network/scenarios/restart-all.sh         (BIN, BASE_PORT, SCENARIO_TIMEOUT: see lib.sh)
# shellcheck source=Network/scenarios/lib.sh
source "$(dirname "$0")/lib.sh"
BASE_PORT=${BASE_PORT:-24400}

start_testnet 5 2 "$BASE_PORT"
fetch_checked 100000 || fail "the first fetch failed"
say "fetched 100000 bytes through 3 relays"

identities() {
  for f in "$STATE"/relays/relay*/data/relay.json; do
    python3 -c 'import json,sys;d=json.load(open(sys.argv[1]));print(d["nickname"],d["identity"],d["onion_key"])' "$f"
  done
}
BEFORE=$(identities)
MEMBER_BEFORE=$(sha256sum "$STATE/client/data/member.key" | cut -d' ' -f1)
GUARDS_BEFORE=$(cat "$STATE/client/data/guards")
PIDS_BEFORE=$(awk '{print $2}' "$STATE/pids")

say "stopping everything"
"$TESTNET" stop --state-dir "$STATE" > /dev/null
for pid in $PIDS_BEFORE; do kill -0 "$pid" 2> /dev/null && fail "process $pid still runs after stop"; done
if ss -ltn | awk '{print $4}' | grep -qE ":($BASE_PORT|$((BASE_PORT + 1))|$((BASE_PORT + 50)))\$"; then
  fail "a port is still bound after stop"
fi
say "all processes gone, ports free"

say "starting again from $STATE"
"$TESTNET" start --state-dir "$STATE" --bin "$BIN" --topology "$STATE/topology.toml" --timeout 90 > "$STATE/start2.log" \
  || { cat "$STATE/start2.log" >&2; fail "the testnet did not start again"; }
read_ports

[ "$(identities)" = "$BEFORE" ] || fail "relay keys changed across the restart"
say "every relay kept its identity and onion keys"
[ "$(sha256sum "$STATE/client/data/member.key" | cut -d' ' -f1)" = "$MEMBER_BEFORE" ] \
  || fail "the member key changed across the restart"
[ "$(cat "$STATE/client/data/guards")" = "$GUARDS_BEFORE" ] || fail "the guard set changed across the restart"
say "the client kept its member key and its guard set"
for pid in $PIDS_BEFORE; do
  awk '{print $2}' "$STATE/pids" | grep -qx "$pid" && say "  (pid $pid reused by the new run; fine)"
done
fetch_checked 100000 || fail "fetching after the restart failed"
say "ok: fetched 100000 bytes after the restart, SHA-256 correct"
