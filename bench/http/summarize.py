#!/usr/bin/python3
"""Summarizes bench/http/run.sh's RESULT lines: per server, the median over rounds of requests/s, CPU time per
request and latency, as a markdown table (with each figure relative to jasyncio's) and as a TSV for the chart.

Usage: summarize.py results.txt [summary.tsv]
"""
import statistics
import sys
from collections import OrderedDict


def main():
    runs = OrderedDict()
    for line in open(sys.argv[1]):
        if not line.startswith("RESULT "):
            continue
        fields = dict(kv.split("=", 1) for kv in line.split()[1:])
        runs.setdefault(fields["label"], []).append(fields)
    if not runs:
        print("no results")
        return
    rows = []
    for label, rs in runs.items():
        med = lambda key: statistics.median(float(r[key]) for r in rs)
        rows.append((label, med("rps"), med("cpu_us_per_req"), med("p50_ms"), med("p99_ms"),
                     sum(int(r["errors"]) for r in rs), len(rs)))
    base = next((r for r in rows if r[0] == "jasyncio"), rows[0])
    print(f"| server | requests/s | vs {base[0]} | CPU µs/request | p50 ms | p99 ms | errors | rounds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, rps, cpu, p50, p99, errors, n in rows:
        print(f"| {label} | {rps:,.0f} | {rps / base[1]:.2f} | {cpu:.2f} | {p50:.2f} | {p99:.2f} | {errors} | {n} |")
    if len(sys.argv) > 2:
        with open(sys.argv[2], "w") as out:
            out.write("server\trequests/s (higher is better)\tCPU µs per request (lower is better)\n")
            for label, rps, cpu, *_ in rows:
                out.write(f"{label}\t{rps:.0f}\t{cpu:.2f}\n")


if __name__ == "__main__":
    main()
