#!/usr/bin/env python3
"""Writes Ops/grafana/surety-dashboard.json (run it after adding a metric; the JSON is committed).

Panels use only metric names the daemons export (Sources/SuretyRelay/Support.swift
`RelayMetrics`) and the labels Ops/prometheus/prometheus.yml sets (job, instance, relay, role).
"""
import json
import os
DS = {"type": "prometheus", "uid": "${datasource}"}
panels = []
pid = [0]
def nid():
    pid[0] += 1
    return pid[0]
def row(title, y):
    panels.append({"type": "row", "title": title, "id": nid(), "collapsed": False,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
def stat(title, expr, x, y, w=6, unit="short", desc=""):
    panels.append({
        "type": "stat", "title": title, "id": nid(), "datasource": DS, "description": desc,
        "gridPos": {"h": 4, "w": w, "x": x, "y": y},
        "fieldConfig": {"defaults": {"unit": unit, "decimals": 0 if unit == "short" else None,
                                     "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}]}},
                        "overrides": []},
        "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                    "colorMode": "value", "graphMode": "area", "textMode": "auto", "justifyMode": "auto",
                    "orientation": "auto"},
        "targets": [{"refId": "A", "datasource": DS, "expr": expr, "instant": False, "range": True}],
    })
def ts(title, targets, x, y, w=12, h=8, unit="short", desc="", stack=False):
    panels.append({
        "type": "timeseries", "title": title, "id": nid(), "datasource": DS, "description": desc,
        "gridPos": {"h": h, "w": w, "x": x, "y": y},
        "fieldConfig": {"defaults": {"unit": unit, "min": 0,
                                     "custom": {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10,
                                                "showPoints": "never",
                                                "stacking": {"mode": "normal" if stack else "none", "group": "A"}}},
                        "overrides": []},
        "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
        "targets": [{"refId": chr(65 + i), "datasource": DS, "expr": e, "legendFormat": l, "range": True}
                    for i, (e, l) in enumerate(targets)],
    })
R = '{job="surety-relay", instance=~"$instance"}'
def m(name): return f'surety_relay_{name}{R}'
def rate(name): return f'rate(surety_relay_{name}{R}[$__rate_interval])'
LEG = "{{relay}} {{instance}}"

y = 0
row("Overview", y); y += 1
stat("Relays up", 'sum(up{job="surety-relay", instance=~"$instance"})', 0, y,
     desc="Relay /metrics endpoints that answered the last scrape.")
stat("Clients up", 'sum(up{job="surety-client"})', 6, y)
stat("Open circuits (all relays)", f'sum({m("circuits_created_total")}) - sum({m("circuits_destroyed_total")})', 12, y,
     desc="Created minus destroyed since each relay started (counters reset on restart).")
stat("Exit traffic", f'sum({rate("exit_bytes_total")})', 18, y, unit="Bps",
     desc="Bytes per second exits read from destinations and send back into circuits (downstream only; upstream bytes are not counted yet).")
y += 4
row("Cells", y); y += 1
ts("Cells received per second", [(rate("cells_received_total"), LEG)], 0, y, unit="cps",
   desc="Every cell read from a link (1024-byte cells).")
ts("Cells forwarded per second", [(rate("cells_forwarded_total"), LEG)], 12, y, unit="cps",
   desc="Cells passed on to the next or previous hop (not counting cells an exit consumes).")
y += 8
row("Circuits", y); y += 1
ts("Circuits created / destroyed / refused per second",
   [(f'sum({rate("circuits_created_total")})', "created"),
    (f'sum({rate("circuits_destroyed_total")})', "destroyed"),
    (f'sum({rate("circuits_refused_total")})', "refused")], 0, y, unit="ops",
   desc="Refused: CREATE over the per-link rate limit or circuit cap (limits.creates_per_second, limits.create_burst, limits.max_circuits_per_link).")
ts("Open circuits per relay", [(f'{m("circuits_created_total")} - {m("circuits_destroyed_total")}', LEG)], 12, y,
   desc="Created minus destroyed since the relay started.")
y += 8
row("Links and handshakes", y); y += 1
ts("Open links per relay", [(f'{m("links_opened_total")} - {m("links_closed_total")}', LEG)], 0, y,
   desc="Noise XK links to other relays and clients: opened minus closed since start.")
ts("Hop handshake failures per second", [(rate("hop_handshake_failures_total"), LEG)], 12, y, unit="ops",
   desc="CREATE cells whose Noise NK hop handshake failed: a wrong onion key in a stale relay list, or a probe.")
y += 8
row("Exits", y); y += 1
ts("Exit streams opened per second", [(rate("exit_streams_opened_total"), LEG)], 0, y, unit="ops")
ts("Exit bytes per second (from destinations)", [(rate("exit_bytes_total"), LEG)], 12, y, unit="Bps", stack=True, desc="surety_relay_exit_bytes_total: bytes read from destinations and packaged into DATA cells.")
y += 8
row("Revocations", y); y += 1
ts("Revocations applied", [(f'increase(surety_relay_revocations_applied_total{R}[$__rate_interval])', LEG)], 0, y, w=24, h=6,
   desc="Revocations of members, devices or relays each relay enforced: a revoked member's links close at once and its circuits are torn down after random delays.")
y += 6
panels.append({"type": "text", "title": "Coming with later issues", "id": nid(),
               "gridPos": {"h": 4, "w": 24, "x": 0, "y": y},
               "options": {"mode": "markdown", "content":
                           "Panels for **consensus age** and **cell queue depth** are added "
                           "when the directory issue (issue 5) exports those metrics. "
                           "Metric names: Docs/OPERATOR_GUIDE.md, \"Metrics\"."}})

dash = {
    "title": "Surety network",
    "uid": "surety-network",
    "description": "Surety relays and clients (Ops/grafana/surety-dashboard.json; scrape config Ops/prometheus/prometheus.yml).",
    "tags": ["surety"],
    "editable": True,
    "graphTooltip": 1,
    "schemaVersion": 39,
    "version": 1,
    "refresh": "10s",
    "time": {"from": "now-30m", "to": "now"},
    "timepicker": {},
    "timezone": "",
    "annotations": {"list": []},
    "links": [],
    "templating": {"list": [
        {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
         "current": {}, "hide": 0, "refresh": 1, "regex": "", "options": []},
        {"name": "instance", "label": "Relay", "type": "query", "datasource": DS,
         "definition": 'label_values(up{job="surety-relay"}, instance)',
         "query": {"query": 'label_values(up{job="surety-relay"}, instance)', "refId": "instance"},
         "refresh": 2, "includeAll": True, "multi": True, "allValue": ".*",
         "current": {"selected": True, "text": ["All"], "value": ["$__all"]}, "hide": 0, "sort": 1,
         "regex": "", "options": []},
    ]},
    "panels": panels,
}
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "surety-dashboard.json")
with open(OUT, "w") as f:
    json.dump(dash, f, indent=2)
    f.write("\n")
