#!/usr/bin/python3
"""Turns the RESULT lines of bench/load/run.sh into one markdown table per scenario, with ratios to jasyncio.

Usage: /usr/bin/python3 bench/load/summarize.py bench/target/load/results.txt
"""
import sys


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


def main():
    runs = parse(sys.argv[1])
    scenarios = []
    for r in runs:
        key = (int(r["conns"]), int(r["size"]))
        if key not in scenarios:
            scenarios.append(key)
    for conns, size in scenarios:
        rows = [r for r in runs if int(r["conns"]) == conns and int(r["size"]) == size]
        base = next((r for r in rows if r["label"] == "jasyncio"), None)
        c = next((r for r in rows if r["label"] == "c"), None)
        size_text = f"{size // 1024} KiB" if size % 1024 == 0 else f"{size} B"
        print(f"\n### {conns} connection{'s' if conns > 1 else ''} x {size_text} ping-pong\n")
        print("| server | requests/s | MB/s | p50 us | p99 us | server CPU us/req | req/s vs jasyncio | CPU/req vs jasyncio | CPU/req vs C | client CPU % |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            rps = float(r["rps"])
            cpu = float(r["cpu_us_per_req"])
            vs_rps = f"{rps / float(base['rps']):.2f}" if base else "-"
            vs_cpu = f"{cpu / float(base['cpu_us_per_req']):.2f}" if base else "-"
            vs_c = f"{cpu / float(c['cpu_us_per_req']):.2f}" if c else "-"
            print(f"| {r['label']} | {rps:,.0f} | {float(r['mbps']):,.1f} | {float(r['p50_us']):.0f} | "
                  f"{float(r['p99_us']):.0f} | {cpu:.2f} | {vs_rps} | {vs_cpu} | {vs_c} | {r['client_cpu_pct']} |")


if __name__ == "__main__":
    main()
