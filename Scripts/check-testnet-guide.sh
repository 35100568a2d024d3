#!/usr/bin/env bash
# Runs the "By hand" section of Docs/TESTNET.md for real: every ```sh block, in order, in one
# shell, with HOME set to a scratch directory and the binaries taken from BIN instead of being
# built with `swift build -c release`. Fails if any step fails; always stops what the steps
# started. Keeps the guide honest (make test).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(cd "${BIN:-.build/debug}" && pwd)
for binary in surety-relay surety-client surety-testnet; do
  [ -x "$BIN/$binary" ] || { echo "check-testnet-guide: $BIN/$binary not found; build first" >&2; exit 1; }
done
for port in 7301 7302 7303 9301 9302 9303 9070 9370 8090 8091; do
  if ss -ltn | awk '{print $4}' | grep -qE ":$port\$"; then
    echo "check-testnet-guide: port $port (used by the guide) is busy; cannot run the guide here" >&2
    exit 1
  fi
done

SCRATCH=$(mktemp -d /tmp/surety-guide.XXXXXX)
cleanup() {
  if [ -f "$SCRATCH/surety-tiny/pids" ]; then
    while read -r pid; do kill "$pid" 2> /dev/null || true; done < "$SCRATCH/surety-tiny/pids"
    sleep 1
    while read -r pid; do kill -9 "$pid" 2> /dev/null || true; done < "$SCRATCH/surety-tiny/pids"
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# The sh blocks between "## By hand" and "## With the launcher".
python3 - Docs/TESTNET.md "$BIN" > "$SCRATCH/steps.sh" <<'PY'
import sys
text = open(sys.argv[1]).read()
section = text.split("## By hand", 1)[1].split("## With the launcher", 1)[0]
bin_dir = sys.argv[2]
out = ["set -euo pipefail"]
in_block = False
for line in section.splitlines():
    if line.strip() == "```sh":
        in_block = True
        out.append("# ---- step")
        continue
    if in_block and line.strip() == "```":
        in_block = False
        continue
    if in_block:
        if line.startswith("swift build"):
            continue
        out.append(line.replace('$PWD/.build/release', bin_dir))
print("\n".join(out))
PY
[ "$(grep -c '^# ---- step' "$SCRATCH/steps.sh")" -ge 10 ] || { echo "check-testnet-guide: found too few steps" >&2; exit 1; }

echo "check-testnet-guide: running $(grep -c '^# ---- step' "$SCRATCH/steps.sh") steps of Docs/TESTNET.md"
HOME="$SCRATCH" timeout 240 bash "$SCRATCH/steps.sh" > "$SCRATCH/guide.out" 2>&1 || {
  status=$?
  echo "check-testnet-guide: FAIL (status $status); output:" >&2
  tail -40 "$SCRATCH/guide.out" >&2
  for log in "$SCRATCH"/surety-tiny/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -5 "$log" >&2; }; done
  exit 1
}
out="$SCRATCH/guide.out"
grep -q "through three Surety relays" "$out" || { cat "$out"; echo "check-testnet-guide: no page fetched" >&2; exit 1; }
hashes=$(grep -cE '^[0-9a-f]{64}' "$out")
if [ "$(grep -oE '^[0-9a-f]{64}' "$out" | sort -u | wc -l)" -ne 1 ] || [ "$hashes" -ne 2 ]; then
  cat "$out"; echo "check-testnet-guide: the 1 MB body's hash does not match" >&2; exit 1
fi
grep -q "abuse@tiny.example" "$out" || { cat "$out"; echo "check-testnet-guide: no notice page" >&2; exit 1; }
grep -q "failed as expected" "$out" || { cat "$out"; echo "check-testnet-guide: the failure step did not fail" >&2; exit 1; }
grep -q "still running" "$out" && { cat "$out"; echo "check-testnet-guide: a daemon survived the stop step" >&2; exit 1; }
[ -z "${VERBOSE:-}" ] || cat "$out"
echo "check-testnet-guide: ok (Docs/TESTNET.md by hand: 3 relays, client, SOCKS and CONNECT fetches, stop)"
