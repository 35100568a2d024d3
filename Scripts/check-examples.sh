#!/usr/bin/env bash
# Checks that the example configurations under Ops/ work with the real binaries (make test):
#   1. `check` accepts each example, and rejects a copy with a misspelt key (exit 2, key named);
#   2. `surety-relay keys` creates the relay keys (0600) from relay.example.toml and exit.example.toml;
#   3. the exit example runs: the relay starts and serves its notice page with the abuse contact;
#   4. the client example runs: it starts, listens on its proxy port and answers /healthz; both
#      daemons reload on SIGHUP and stop cleanly on SIGTERM;
#   5. the systemd units under Ops/systemd pass `systemd-analyze verify` (when it is installed);
#   6. the Grafana dashboard is valid JSON and the Prometheus config passes promtool (when installed).
# Paths and ports in the examples are overridden from the environment (SURETY_DATA_DIR, ...), the
# same mechanism operators use, so the files are checked exactly as shipped.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/debug}
RELAY="$BIN/surety-relay"
CLIENT="$BIN/surety-client"
for binary in "$RELAY" "$CLIENT"; do
  [ -x "$binary" ] || { echo "check-examples: $binary not found; build first (swift build)" >&2; exit 1; }
done

WORK=$(mktemp -d /tmp/surety-examples.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "check-examples: FAIL: $*" >&2
  for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -20 "$log" >&2; }; done
  exit 1
}
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
# wait_for PID SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.2 s while PID lives.
wait_for() {
  local pid=$1 seconds=$2 what=$3; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || fail "the daemon exited while waiting for $what"
    [ $SECONDS -lt $deadline ] || fail "timed out after ${seconds}s waiting for $what"
    sleep 0.2
  done
}

# 1. Every example parses; a typo is refused.
"$RELAY" check --config Ops/relay.example.toml
"$RELAY" check --config Ops/exit.example.toml
"$CLIENT" check --config Ops/client.example.toml
sed 's/^bandwidth_rate/bandwith_rate/' Ops/relay.example.toml > "$WORK/typo.toml"
set +e
"$RELAY" check --config "$WORK/typo.toml" 2> "$WORK/typo.err"
status=$?
set -e
[ $status -eq 2 ] || fail "a misspelt key was accepted (exit $status)"
grep -q 'limits.bandwith_rate' "$WORK/typo.err" || fail "the error does not name the key: $(cat "$WORK/typo.err")"
# A misspelt environment override is reported (as a warning: the file itself is fine).
SURETY_LOG_LEVLE=debug "$RELAY" check --config Ops/relay.example.toml > /dev/null 2> "$WORK/env.err"
grep -q 'SURETY_LOG_LEVLE matches no configuration key' "$WORK/env.err" || fail "a misspelt SURETY_ variable was not reported"

# 2. Keys from each relay example, private files.
for example in relay exit; do
  out=$(SURETY_DATA_DIR="$WORK/$example-keys" "$RELAY" keys --config "Ops/$example.example.toml")
  [ "$(echo "$out" | grep -cE '^(identity|link_key|onion_key) +[0-9a-f]{64}$')" -eq 3 ] \
    || fail "unexpected keys output for $example.example.toml: $out"
  for key in identity link onion; do
    mode=$(stat -c %a "$WORK/$example-keys/$key.key")
    [ "$mode" = 600 ] || fail "$example: $key.key has mode $mode, want 600"
  done
done

# 3. The exit example runs and serves its notice page.
NOTICE=$(free_port)
LINK=$(free_port)
RELAY_METRICS=$(free_port)
SURETY_DATA_DIR="$WORK/exit-data" SURETY_LINK_LISTEN="127.0.0.1:$LINK" SURETY_LINK_ADVERTISE="127.0.0.1:$LINK" \
  SURETY_METRICS_ADDRESS="127.0.0.1:$RELAY_METRICS" SURETY_EXIT_NOTICE_LISTEN="127.0.0.1:$NOTICE" \
  "$RELAY" run --config Ops/exit.example.toml > "$WORK/exit.log" 2>&1 &
PIDS+=($!)
wait_for $! 20 "the exit example's notice page" \
  curl --silent --fail --max-time 2 "http://127.0.0.1:$NOTICE/"
page=$(curl --silent --max-time 5 "http://127.0.0.1:$NOTICE/")
echo "$page" | grep -q 'abuse@example.org' || fail "the notice page does not show the abuse contact"
echo "$page" | grep -q 'exit relay' || fail "the notice page does not say this is an exit"
curl --silent --fail --max-time 5 "http://127.0.0.1:$RELAY_METRICS/healthz" > /dev/null || fail "exit /healthz"
wait_for "${PIDS[0]}" 10 "relay.json" test -s "$WORK/exit-data/relay.json"

# 4. The client example runs (its relay list: the exit above, enough to start, not to build circuits).
"$CLIENT" identity new --data-dir "$WORK/client-data" > /dev/null
printf '[\n%s\n]\n' "$(cat "$WORK/exit-data/relay.json")" > "$WORK/relays.json"
PROXY=$(free_port)
CLIENT_METRICS=$(free_port)
SURETY_DATA_DIR="$WORK/client-data" SURETY_PROXY_LISTEN="127.0.0.1:$PROXY" \
  SURETY_METRICS_ADDRESS="127.0.0.1:$CLIENT_METRICS" SURETY_DIRECTORY_RELAYS_FILE="$WORK/relays.json" \
  "$CLIENT" run --config Ops/client.example.toml > "$WORK/client.log" 2>&1 &
PIDS+=($!)
wait_for $! 20 "the client example's proxy port" \
  bash -c "exec 3<>/dev/tcp/127.0.0.1/$PROXY"
curl --silent --fail --max-time 5 "http://127.0.0.1:$CLIENT_METRICS/healthz" > /dev/null || fail "client /healthz"

# SIGHUP reloads (log level, safe logging) and does not end either daemon.
for pid in "${PIDS[@]}"; do kill -HUP "$pid"; done
for log in exit client; do
  wait_for "${PIDS[0]}" 10 "the $log daemon to reload on SIGHUP" grep -q "configuration reloaded" "$WORK/$log.log"
done
for pid in "${PIDS[@]}"; do kill -0 "$pid" 2> /dev/null || fail "process $pid ended on SIGHUP"; done

# Both stop cleanly on SIGTERM.
for pid in "${PIDS[@]}"; do kill -TERM "$pid"; done
for pid in "${PIDS[@]}"; do
  status=0
  wait "$pid" || status=$?
  [ $status -eq 0 ] || fail "process $pid exited with status $status after SIGTERM"
done
PIDS=()

# 5. systemd units, with ExecStart pointing at the binaries just checked (verify needs them to exist).
if command -v systemd-analyze > /dev/null; then
  mkdir -p "$WORK/units"
  for unit in surety-relay surety-client; do
    sed "s|/usr/local/bin/|$(cd "$BIN" && pwd)/|g" "Ops/systemd/$unit.service" > "$WORK/units/$unit.service"
  done
  sed "s|/usr/local/bin/surety-dir|/bin/true|g" Ops/systemd/surety-dir.service.template > "$WORK/units/surety-dir.service"
  for unit in "$WORK"/units/*.service; do
    out=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify $(basename "$unit"): $out"
    [ -z "$out" ] || fail "systemd-analyze verify $(basename "$unit") warns: $out"
  done
  echo "systemd units: verified"
else
  echo "systemd units: not verified (systemd-analyze not installed; apt-get install systemd)"
fi

# 6. Dashboards and scrape config.
python3 -m json.tool Ops/grafana/surety-dashboard.json > /dev/null || fail "Ops/grafana/surety-dashboard.json is not valid JSON"
# Every metric the dashboard queries is one a daemon defines.
while read -r metric; do
  grep -rq "\"$metric\"" Sources || fail "the dashboard uses $metric, which no daemon exports"
done < <(grep -oE 'surety_[a-z_]+_total' Ops/grafana/surety-dashboard.json | sort -u)
if command -v promtool > /dev/null; then
  promtool check config Ops/prometheus/prometheus.yml > /dev/null || fail "promtool check config Ops/prometheus/prometheus.yml"
  echo "prometheus config: verified"
else
  echo "prometheus config: not verified (promtool not installed; apt-get install prometheus)"
fi
echo "check-examples: ok (Ops/relay.example.toml, Ops/exit.example.toml, Ops/client.example.toml)"
