#!/usr/bin/env bash
# Runs every scenario in turn and reports which passed; exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")" || exit 1
failed=()
for scenario in kill-relay restart-all kill-authority partition-authority; do
  echo "== $scenario"
  if bash "./$scenario.sh"; then :; else failed+=("$scenario"); fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "scenarios failed: ${failed[*]}"
  exit 1
fi
echo "all scenarios passed (or were skipped with a reason)"
