#!/usr/bin/env bash
# Scenario (not yet runnable): kill one of the 3 directory authorities with kill -9.
# Expect, once authorities exist (issue 5): the other two still reach a majority, publish the next
# consensus, and the client keeps a fresh consensus and keeps fetching; the killed authority,
# restarted, catches up.
#
# Until surety-testnet starts authorities, this prints why it is skipped and exits 0, so a
# scenario run stays green and the gap stays visible.
set -euo pipefail
echo "[kill-authority] skipped: needs directory authorities (issue 5); surety-testnet starts none yet"
exit 0
