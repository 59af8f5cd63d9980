#!/usr/bin/python3
"""The JMH core benchmarks (LoopBenchmarks, TaskBenchmarks) measured with CPython asyncio and uvloop.

Run with Debian's interpreter: /usr/bin/python3 bench/python/core_bench.py [--loops asyncio,uvloop] [--reps 7]
Each figure is the median (and best) of several repetitions, timed with time.perf_counter.
"""
import argparse
import asyncio
import gc
import statistics
import sys
import time

BATCH = 10_000
CHAIN = 10_000
TIMERS = 1_000_000
AWAITS = 10_000
TASKS = 10_000


def new_loop(kind):
    if kind == "uvloop":
        import uvloop
        return uvloop.new_event_loop()
    return asyncio.SelectorEventLoop()


def call_soon_batch(loop):
    box = [0]

    def tick():
        box[0] += 1

    def schedule_batch():  # from inside the running loop, as the JMH benchmark does
        for _ in range(BATCH):
            loop.call_soon(tick)
        loop.call_soon(loop.stop)

    t0 = time.perf_counter()
    loop.call_soon(schedule_batch)
    loop.run_forever()
    dt = time.perf_counter() - t0
    assert box[0] == BATCH
    return dt / BATCH


def call_soon_chain(loop):
    box = [0]

    def step():
        box[0] += 1
        if box[0] < CHAIN:
            loop.call_soon(step)
        else:
            loop.stop()

    t0 = time.perf_counter()
    loop.call_soon(step)
    loop.run_forever()
    dt = time.perf_counter() - t0
    assert box[0] == CHAIN
    return dt / CHAIN


def timers(loop):
    """One million call_later timers over 1000..2000 s, all cancelled, then one iteration purges them."""
    def tick():
        pass

    t0 = time.perf_counter()
    handles = [loop.call_later(1000 + (i * 7919 % TIMERS) / 1000.0, tick) for i in range(TIMERS)]
    for h in handles:
        h.cancel()
    handles = None
    loop.call_soon(loop.stop)
    loop.run_forever()
    return time.perf_counter() - t0  # seconds for the whole million


def await_round_trip(loop):
    async def body():
        total = 0
        for _ in range(AWAITS):
            f = loop.create_future()
            loop.call_soon(f.set_result, 1)
            total += await f
        return total

    t0 = time.perf_counter()
    total = loop.run_until_complete(body())
    dt = time.perf_counter() - t0
    assert total == AWAITS
    return dt / AWAITS


def task_create_and_run(loop):
    async def trivial():
        return 1

    tasks = []

    def create_tasks():  # from inside the running loop, as the JMH benchmark does
        for _ in range(TASKS):
            tasks.append(loop.create_task(trivial()))
        loop.call_soon(loop.stop)

    t0 = time.perf_counter()
    loop.call_soon(create_tasks)
    loop.run_forever()
    dt = time.perf_counter() - t0
    assert all(t.done() for t in tasks)
    return dt / TASKS


BENCHMARKS = [
    ("callSoonBatch", call_soon_batch, "ns/op", 1e9),
    ("callSoonChain", call_soon_chain, "ns/op", 1e9),
    ("timersScheduleCancelPurge", timers, "ms/1M", 1e3),
    ("awaitRoundTrip", await_round_trip, "ns/op", 1e9),
    ("taskCreateAndRun", task_create_and_run, "ns/op", 1e9),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loops", default="asyncio,uvloop")
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    print(f"# python {sys.version.split()[0]}", end="")
    try:
        import uvloop
        print(f", uvloop {uvloop.__version__}")
    except ImportError:
        print(", uvloop not installed")
    print(f"{'loop':8} {'benchmark':28} {'median':>10} {'best':>10} unit")
    for kind in args.loops.split(","):
        for name, fn, unit, scale in BENCHMARKS:
            if only and name not in only:
                continue
            loop = new_loop(kind)
            try:
                fn(loop)  # warm-up
                samples = []
                for _ in range(args.reps if name != "timersScheduleCancelPurge" else max(3, args.reps // 2)):
                    gc.collect()
                    samples.append(fn(loop) * scale)
            finally:
                loop.close()
            print(f"{kind:8} {name:28} {statistics.median(samples):10.1f} {min(samples):10.1f} {unit}", flush=True)


if __name__ == "__main__":
    main()
