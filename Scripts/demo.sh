#!/usr/bin/env bash
# make demo: until the testnet lands, a real crypto walkthrough.
set -euo pipefail
cd "$(dirname "$0")/.."
swift run -c release surety-demo
