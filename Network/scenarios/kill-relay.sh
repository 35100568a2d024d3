#!/usr/bin/env bash
# Scenario: a relay dies (kill -9, no goodbye) while the client has circuits through it.
# Expect: the client notices, builds circuits on other paths, and keeps fetching pages.
#
#   Network/scenarios/kill-relay.sh          (BIN, BASE_PORT, SCENARIO_TIMEOUT: see lib.sh)
# shellcheck source=Network/scenarios/lib.sh
source "$(dirname "$0")/lib.sh"
BASE_PORT=${BASE_PORT:-24100}

start_testnet 6 2 "$BASE_PORT"
fetch / > "$STATE/first.html" || fail "the first fetch failed"
grep -q "through three Surety relays" "$STATE/first.html" || fail "the first fetch returned an unexpected page"
say "fetched the index page through 3 relays"

# The victim: the non-exit relay carrying the most circuits (from its /metrics), so that the
# client's live circuits really lose a hop. Exits are the last two relays.
VICTIM=""
best=-1
for n in 1 2 3 4; do
  open=$(relay_open_circuits "relay$n")
  say "  relay$n carries $open circuits"
  if [ "$open" -gt "$best" ]; then best=$open; VICTIM="relay$n"; fi
done
VICTIM_PID=$(pid_of "$VICTIM")
say "kill -9 $VICTIM (pid $VICTIM_PID, $best circuits)"
kill -9 "$VICTIM_PID"
for _ in $(seq 1 50); do kill -0 "$VICTIM_PID" 2> /dev/null || break; sleep 0.1; done
kill -0 "$VICTIM_PID" 2> /dev/null && fail "$VICTIM is still running after kill -9"
"$TESTNET" status --state-dir "$STATE" | grep -E "^$VICTIM " | grep -q stopped || fail "status does not show $VICTIM stopped"

# Each request may land on a circuit through the dead relay at most once: the circuit is torn
# down and the retry uses another path. Allow a few attempts, then require steady success.
attempts=$(fetch_with_retries 5) || fail "no fetch succeeded in 5 attempts after $VICTIM died"
say "fetched the index page again after $attempts attempt(s)"
for i in 1 2 3 4 5; do
  fetch_checked 300000 || fail "fetch $i of 300000 bytes after the kill failed or was corrupted"
done
say "5 more fetches of 300000 bytes after the kill: all complete, SHA-256 correct"
for n in 1 2 3 4 5 6; do
  [ "relay$n" = "$VICTIM" ] && continue
  kill -0 "$(pid_of "relay$n")" 2> /dev/null || fail "relay$n died too"
done
say "ok: the client survived losing $VICTIM"
