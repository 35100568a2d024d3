#!/usr/bin/env bash
# Fails if any target but SuretyCrypto imports the C modules (DESIGN.md: one crypto boundary),
# or if protocol-logic targets import networking or storage modules.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
bad=$(grep -rlE '^\s*(@_implementationOnly\s+|internal\s+|public\s+|private\s+|package\s+)?import\s+(CSodium|COpenSSL)\b' Sources Tests 2>/dev/null | grep -v '^Sources/SuretyCrypto/' || true)
if [ -n "$bad" ]; then
  echo "layering: only SuretyCrypto may import CSodium/COpenSSL; found in:"
  echo "$bad"
  status=1
fi
# Sans-I/O layers must not import NIOPosix (sockets) or GRDB.
for t in SuretyCrypto SuretyWire SuretyDocuments SuretyCircuit SuretyLedger SuretyProxy; do
  [ -d "Sources/$t" ] || continue
  io=$(grep -rlE '^\s*(public\s+|internal\s+)?import\s+(NIOPosix|GRDB|Hummingbird|Foundation\.FileManager)\b' "Sources/$t" || true)
  if [ -n "$io" ]; then
    echo "layering: $t is protocol logic and must not do I/O; found in:"
    echo "$io"
    status=1
  fi
done
[ $status -eq 0 ] && echo "layering: ok"
exit $status
