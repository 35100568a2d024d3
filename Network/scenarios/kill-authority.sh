#!/usr/bin/env bash
# Scenario: one of the 3 directory authorities dies (kill -9).
# Expect: the other two still form a majority and publish the next consensus (signed by 2), and
# the client keeps fetching. Then a second one dies: no new consensus is made, and the last one
# keeps serving (clients keep using it until its valid-until).
#
#   Network/scenarios/kill-authority.sh      (BIN, BASE_PORT, SCENARIO_TIMEOUT: see lib.sh)
# shellcheck source=Network/scenarios/lib.sh
source "$(dirname "$0")/lib.sh"
BASE_PORT=${BASE_PORT:-25100}

start_testnet 5 2 "$BASE_PORT"
fetch / > /dev/null || fail "the first fetch failed"
say "network up; fetched through 3 relays"

auth_port() { awk -v n="$1" '$1==n{print $3}' "$STATE/pids"; }
consensus_bytes() { curl -s --max-time 5 "http://127.0.0.1:$(auth_port "$1")/v1/consensus" | sha256sum | cut -d' ' -f1; }

A1_PID=$(pid_of auth1)
say "kill -9 auth1 (pid $A1_PID)"
kill -9 "$A1_PID"
before=$(consensus_bytes auth2)
# Voting interval is 10 s on the testnet: within 35 s auth2 and auth3 must publish a new one.
changed=""
for _ in $(seq 1 70); do
  sleep 0.5
  now=$(consensus_bytes auth2)
  if [ -n "$now" ] && [ "$now" != "$before" ]; then changed=yes; break; fi
done
[ -n "$changed" ] || fail "no new consensus from the remaining two authorities within 35 s"
say "the remaining two authorities published a new consensus"
fetch_with_retries 5 > /dev/null || fail "the client cannot fetch with one authority down"
say "the client still fetches with one authority down"

A2_PID=$(pid_of auth2)
say "kill -9 auth2 (pid $A2_PID): only auth3 is left, no majority"
kill -9 "$A2_PID"
sleep 2
last=$(consensus_bytes auth3)
sleep 25
[ "$(consensus_bytes auth3)" = "$last" ] || fail "a lone authority published a new consensus without a majority"
say "no new consensus without a majority; auth3 keeps serving the last one"
fetch_with_retries 5 > /dev/null || fail "the client cannot fetch while the last consensus is still valid"
say "the client keeps fetching with the last consensus"
say "PASS"
