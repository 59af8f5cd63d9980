#!/usr/bin/python3
"""One markdown table from the JMH results (core.json) and core_bench.py's output, with the targets.

Usage: /usr/bin/python3 bench/core_table.py bench/target/results/core.json bench/target/results/core_python.txt
"""
import json
import sys

# benchmark -> (unit, target for jasyncio's continuation engine)
ROWS = {
    "callSoonBatch": ("ns per callback", "< 20"),
    "callSoonChain": ("ns per callback", "< 100"),
    "timersScheduleCancelPurge": ("ms per 1M timers", "< 200"),
    "awaitRoundTrip": ("ns per await", "< 300"),
    "taskCreateAndRun": ("ns per task", "< 300"),
}


def main():
    jmh = {}
    for r in json.load(open(sys.argv[1])):
        cls, name = r["benchmark"].rsplit(".", 2)[-2:]
        engine = "thread" if cls.startswith("Thread") else "continuation"
        m = r["primaryMetric"]
        jmh[(name, engine)] = (m["score"], m["scoreError"])
    py = {}
    for line in open(sys.argv[2]):
        parts = line.split()
        if len(parts) >= 4 and parts[0] in ("asyncio", "uvloop"):
            py[(parts[1], parts[0])] = float(parts[2])
    print("| benchmark | unit | target | jasyncio continuation | jasyncio thread | uvloop | asyncio | uvloop / jasyncio |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for name, (unit, target) in ROWS.items():
        cont = jmh.get((name, "continuation"))
        thr = jmh.get((name, "thread"))
        uv = py.get((name, "uvloop"))
        aio = py.get((name, "asyncio"))
        fmt = lambda v: "-" if v is None else f"{v[0]:,.1f} ± {v[1]:,.1f}" if isinstance(v, tuple) else f"{v:,.1f}"
        ratio = f"{uv / cont[0]:,.1f}x" if cont and uv else "-"
        thr_text = fmt(thr) if name in ("awaitRoundTrip", "taskCreateAndRun") else "(no task)"
        print(f"| {name} | {unit} | {target} | {fmt(cont)} | {thr_text} | {fmt(uv)} | {fmt(aio)} | {ratio} |")


if __name__ == "__main__":
    main()
