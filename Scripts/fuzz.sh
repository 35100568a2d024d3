#!/usr/bin/env bash
# Builds each libFuzzer target one product at a time (every fuzzer executable gets libFuzzer's
# `main`, so they cannot be linked in one build) into .build-fuzz, runs it for FUZZ_SECONDS
# (default 60) from a copy of its seed corpus in Fuzz/corpus/<Target>, and fails on any crash,
# sanitizer report, timeout, or a run that printed no coverage line.
#
#   FUZZ_SECONDS=60 bash Scripts/fuzz.sh            # all targets
#   FUZZ_TARGETS="FuzzCell" bash Scripts/fuzz.sh     # one target
#
# Crash inputs land in fuzz-artifacts/ (git-ignored); add a fixed one to Fuzz/corpus/<Target>
# so the corpus replay test (SuretyWireTests) keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
SCRATCH="${FUZZ_SCRATCH:-.build-fuzz}"
TARGETS="${FUZZ_TARGETS:-FuzzCell FuzzRelayMessage FuzzLinkPayload FuzzCanonicalDocument FuzzProxyHandshake FuzzExitPolicy}"
ARTIFACTS="fuzz-artifacts"

# `-sanitize-coverage=edge,trace-cmp` alone makes swiftc emit trace-pc-guard instrumentation,
# which the libFuzzer runtime shipped with Swift 6.3 rejects ("trace-pc-guard is no longer
# supported"); inline 8-bit counters with a PC table are what current libFuzzer reads.
COVERAGE="edge,inline-8bit-counters,pc-table,trace-cmp"
BUILD=(swift build --sanitize=fuzzer --sanitize=address -Xswiftc "-sanitize-coverage=$COVERAGE"
    --scratch-path "$SCRATCH")

# libFuzzer and ASan print the crash report; Swift's own backtracer would block on the crash path.
export SWIFT_BACKTRACE=enable=no

mkdir -p "$ARTIFACTS"
status=0
summary=()
for target in $TARGETS; do
    echo "fuzz: building $target"
    "${BUILD[@]}" --product "$target" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Linking|Applying)|Cannot export local symbol' || true
    bin="$("${BUILD[@]}" --show-bin-path)/$target"
    if [ ! -x "$bin" ]; then
        echo "fuzz: $target did not build"
        status=1
        continue
    fi

    work="$(mktemp -d)"
    log="$(mktemp)"
    if [ -d "Fuzz/corpus/$target" ]; then cp "Fuzz/corpus/$target"/* "$work"/; fi

    echo "fuzz: running $target for ${FUZZ_SECONDS}s"
    set +e
    "$bin" "$work" \
        -max_total_time="$FUZZ_SECONDS" \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -max_len=8192 \
        -print_final_stats=1 \
        -artifact_prefix="$ARTIFACTS/$target-" \
        2>&1 | tee "$log" | grep --line-buffered -E 'INITED|pulse|DONE|ERROR|SUMMARY|Fatal|deadly|crash-'
    rc=${PIPESTATUS[0]}
    set -e

    if [ "$rc" -ne 0 ]; then
        echo "fuzz: $target FAILED (exit $rc); reproducer in $ARTIFACTS/"
        status=1
    elif ! grep -q 'cov:' "$log"; then
        echo "fuzz: $target printed no coverage (is the coverage instrumentation working?)"
        status=1
    fi
    last="$(grep -E 'DONE|pulse' "$log" | tail -1 | sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+/runs=\1 /')"
    summary+=("$target: ${last:-no stats} (exit $rc)")
    rm -rf "$work" "$log"
done

echo "fuzz: summary"
for line in "${summary[@]}"; do echo "  $line"; done
exit $status
