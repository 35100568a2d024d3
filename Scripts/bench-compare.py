#!/usr/bin/env python3
"""Side-by-side table of two tor-baseline bench.sh JSON files (Tor and Surety, same session).

    Scripts/bench-compare.py Docs/bench-results/tor-X.json Docs/bench-results/surety-X.json

Prints a Markdown table: each metric for Tor and Surety and the ratio Surety/Tor (for rates,
higher is better; for times and CPU per MB, lower is better), plus the load average each run
started at when the JSON records it.
"""
import json
import sys

ROWS = [
    ("bulk 1 stream, 256 MiB (median of reps)", "single-stream bulk, 256 MiB", "MB/s"),
    ("8 streams x 32 MiB, aggregate (median)", "8 streams x 32 MiB, aggregate", "MB/s"),
    ("32 streams x 8 MiB, aggregate (median)", "32 streams x 8 MiB, aggregate", "MB/s"),
    ("TTFB 1 KiB, pre-built circuit (same user)", "TTFB 1 KiB, pre-built circuit", "ms"),
    ("TTFB 1 KiB, new user (pre-emptive circs on)", "TTFB 1 KiB, new user", "ms"),
    ("TTFB 1 KiB, fresh circuit built on demand", "TTFB 1 KiB, circuit built on demand", "ms"),
    ("client circuit build time, on demand (median)", "circuit build (Tor: LAUNCHED->BUILT)", "ms"),
    ("relays' CPU-s per MB, bulk (all relays)", "relays' CPU-s per MB, bulk", "CPU-s/MB"),
    ("relays' CPU-s per MB, 8 streams", "relays' CPU-s per MB, 8 streams", "CPU-s/MB"),
    ("relays' CPU-s per MB, 32 streams", "relays' CPU-s per MB, 32 streams", "CPU-s/MB"),
    ("client CPU-s per MB, bulk", "client CPU-s per MB, bulk", "CPU-s/MB"),
    ("client CPU-s per MB, 32 streams", "client CPU-s per MB, 32 streams", "CPU-s/MB"),
    ("machine busy during bulk (accounted, 1.0 = all cores)", "machine busy, bulk (1.0 = 2 cores)", "frac"),
    ("machine busy, 32 streams (accounted)", "machine busy, 32 streams", "frac"),
    ("peak RSS of the client (VmHWM)", "client peak RSS", "MiB"),
]


def summary(path):
    with open(path) as f:
        data = json.load(f)
    return {row["metric"]: row["proxied"] for row in data["summary"]}, data.get("meta", {})


def fmt(value):
    if value is None:
        return "-"
    return f"{value:.4f}" if abs(value) < 0.1 else f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tor, tor_meta = summary(sys.argv[1])
    ours, ours_meta = summary(sys.argv[2])
    print(f"Tor: {tor_meta.get('date_utc', '?')}   Surety: {ours_meta.get('date_utc', '?')}\n")
    print("| metric | Tor 0.4.9 | Surety | Surety / Tor |")
    print("|---|---:|---:|---:|")
    for key, name, unit in ROWS:
        t, s = tor.get(key), ours.get(key)
        ratio = f"{s / t:.2f}x" if t and s else "-"
        print(f"| {name} ({unit}) | {fmt(t)} | {fmt(s)} | {ratio} |")


if __name__ == "__main__":
    main()
