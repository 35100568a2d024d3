#!/usr/bin/env bash
# make demo-stop: stop exactly the processes the demo started.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -x .build/release/surety-testnet ]; then
  .build/release/surety-testnet stop --state-dir .state/demo
else
  echo "demo-stop: no demo binaries built; nothing to stop"
fi
