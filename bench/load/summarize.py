#!/usr/bin/python3
"""Turns the RESULT lines of bench/load/run.sh into one markdown table per scenario, with ratios to jasyncio.

Usage: /usr/bin/python3 bench/load/summarize.py bench/target/load/results.txt

A server measured in several rounds gets the median of each figure over its rounds (the "rounds" column says how
many). User and system CPU per request are given apart where the load generator reported them: the kernel's share
is the same loopback work for every server, so the user share is what a server's own code costs.
"""
import statistics
import sys

FIGURES = ("rps", "mbps", "p50_us", "p99_us", "cpu_us_per_req", "user_us_per_req", "sys_us_per_req", "client_cpu_pct")


def parse(path):
    runs = []
    with open(path) as f:
        for line in f:
            if line.startswith("RESULT "):
                fields = dict(kv.split("=", 1) for kv in line.split()[1:])
                runs.append(fields)
            elif line.startswith(("SKIP", "FAIL")):
                print(line.rstrip())
    return runs


def medians(rows):
    """One row per label, in first-seen order: the median of each figure over that label's rounds."""
    labels = []
    for r in rows:
        if r["label"] not in labels:
            labels.append(r["label"])
    out = []
    for label in labels:
        mine = [r for r in rows if r["label"] == label]
        m = {"label": label, "rounds": len(mine)}
        for k in FIGURES:
            values = [float(r[k]) for r in mine if k in r]
            m[k] = statistics.median(values) if values else None
        out.append(m)
    return out


def ratio(a, b):
    return f"{a / b:.2f}" if a is not None and b else "-"


def main():
    runs = parse(sys.argv[1])
    scenarios = []
    for r in runs:
        key = (int(r["conns"]), int(r["size"]))
        if key not in scenarios:
            scenarios.append(key)
    for conns, size in scenarios:
        rows = medians([r for r in runs if int(r["conns"]) == conns and int(r["size"]) == size])
        base = next((r for r in rows if r["label"] == "jasyncio"), None)
        c = next((r for r in rows if r["label"] == "c"), None)
        size_text = f"{size // 1024} KiB" if size % 1024 == 0 else f"{size} B"
        print(f"\n### {conns} connection{'s' if conns > 1 else ''} x {size_text} ping-pong\n")
        print("| server | rounds | requests/s | MB/s | p50 us | p99 us | server CPU us/req | user us/req | sys us/req "
              "| req/s vs jasyncio | CPU/req vs jasyncio | CPU/req vs C | client CPU % |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            user = f"{r['user_us_per_req']:.2f}" if r["user_us_per_req"] is not None else "-"
            sys_ = f"{r['sys_us_per_req']:.2f}" if r["sys_us_per_req"] is not None else "-"
            print(f"| {r['label']} | {r['rounds']} | {r['rps']:,.0f} | {r['mbps']:,.1f} | {r['p50_us']:.0f} | "
                  f"{r['p99_us']:.0f} | {r['cpu_us_per_req']:.2f} | {user} | {sys_} | "
                  f"{ratio(r['rps'], base and base['rps'])} | "
                  f"{ratio(r['cpu_us_per_req'], base and base['cpu_us_per_req'])} | "
                  f"{ratio(r['cpu_us_per_req'], c and c['cpu_us_per_req'])} | {r['client_cpu_pct']:.0f} |")


if __name__ == "__main__":
    main()
