#!/usr/bin/python3
"""The JMH SyncBenchmarks (Lock, Queue, Event) measured with CPython asyncio and uvloop.

Run with Debian's interpreter: /usr/bin/python3 bench/python/sync_bench.py [--loops asyncio,uvloop] [--reps 7]
Each figure is the median (and best) of several repetitions, timed with time.perf_counter, in ns per operation,
with the same counts as the Java side.
"""
import argparse
import asyncio
import gc
import statistics
import sys
import time

LOCKS = 100_000
ITEMS = 100_000
HANDOFFS = 20_000
PINGS = 10_000


def new_loop(kind):
    if kind == "uvloop":
        import uvloop
        return uvloop.new_event_loop()
    return asyncio.SelectorEventLoop()


def lock_acquire_release(loop):
    async def body():
        lock = asyncio.Lock()
        n = 0
        for _ in range(LOCKS):
            if await lock.acquire():
                n += 1
            lock.release()
        return n

    t0 = time.perf_counter()
    n = loop.run_until_complete(body())
    dt = time.perf_counter() - t0
    assert n == LOCKS
    return dt / LOCKS


def put_get(maxsize, items):
    def bench(loop):
        async def body():
            q = asyncio.Queue(maxsize)

            async def producer():
                for _ in range(items):
                    await q.put(1)

            async def consumer():
                total = 0
                for _ in range(items):
                    total += await q.get()
                return total

            p = asyncio.get_running_loop().create_task(producer())
            c = asyncio.get_running_loop().create_task(consumer())
            await p
            return await c

        t0 = time.perf_counter()
        total = loop.run_until_complete(body())
        dt = time.perf_counter() - t0
        assert total == items
        return dt / items
    return bench


def event_set_wait(loop):
    async def body():
        ping = asyncio.Event()
        pong = asyncio.Event()

        async def ponger():
            n = 0
            for _ in range(PINGS):
                await ping.wait()
                ping.clear()
                pong.set()
                n += 1
            return n

        t = asyncio.get_running_loop().create_task(ponger())
        for _ in range(PINGS):
            ping.set()
            await pong.wait()
            pong.clear()
        return await t

    t0 = time.perf_counter()
    n = loop.run_until_complete(body())
    dt = time.perf_counter() - t0
    assert n == PINGS
    return dt / (2 * PINGS)


BENCHMARKS = [
    ("lockAcquireRelease", lock_acquire_release),
    ("queuePutGet", put_get(0, ITEMS)),
    ("queueHandoff", put_get(1, HANDOFFS)),
    ("eventSetWait", event_set_wait),
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
        for name, fn in BENCHMARKS:
            if only and name not in only:
                continue
            loop = new_loop(kind)
            try:
                fn(loop)  # warm-up
                samples = []
                for _ in range(args.reps):
                    gc.collect()
                    samples.append(fn(loop) * 1e9)
            finally:
                loop.close()
            print(f"{kind:8} {name:28} {statistics.median(samples):10.1f} {min(samples):10.1f} ns/op", flush=True)


if __name__ == "__main__":
    main()
