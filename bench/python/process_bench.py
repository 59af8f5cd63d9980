#!/usr/bin/python3
"""Subprocess costs with CPython asyncio and uvloop, the peers of ProcessBench (same output format):
piping 1 GB through `cat` (every byte checked) and spawning short processes (`true`) one after the other.

Usage: /usr/bin/python3 bench/python/process_bench.py [--loops asyncio,uvloop] [--bytes N] [--spawns N] [--reps N]
"""
import argparse
import asyncio
import statistics
import subprocess
import sys
import time

CHUNK = 256 * 1024
PATTERN = bytes(i % 251 for i in range(CHUNK))


def new_loop(kind):
    if kind == "uvloop":
        import uvloop
        return uvloop.new_event_loop()
    return asyncio.new_event_loop()


class Cat(asyncio.SubprocessProtocol):
    def __init__(self, loop, total):
        self.loop = loop
        self.finished = loop.create_future()
        self.total = total
        self.sent = 0
        self.received = 0
        self.paused = False
        self.exited = False
        self.stdout_closed = False
        self.stdin_closed = False

    def connection_made(self, transport):
        self.stdin = transport.get_pipe_transport(0)
        self.pump()

    def pump(self):
        while not self.paused and self.sent < self.total:
            n = min(CHUNK, self.total - self.sent)
            self.stdin.write(PATTERN if n == CHUNK else PATTERN[:n])
            self.sent += n
        if self.sent == self.total and not self.paused:
            self.stdin.close()

    def pause_writing(self):
        self.paused = True

    def resume_writing(self):
        # Not inline: closing stdin from inside asyncio 3.11's _write_ready runs connection_lost twice.
        self.paused = False
        self.loop.call_soon(self.pump)

    def pipe_data_received(self, fd, data):
        done = 0
        mv = memoryview(data)
        while done < len(data):
            start = (self.received + done) % CHUNK
            n = min(CHUNK - start, len(data) - done)
            if mv[done:done + n] != PATTERN[start:start + n]:
                if not self.finished.done():
                    self.finished.set_exception(AssertionError(f"wrong byte near {self.received + done}"))
                return
            done += n
        self.received += len(data)

    def pipe_connection_lost(self, fd, exc):
        if fd == 0:
            self.stdin_closed = True
        elif fd == 1:
            self.stdout_closed = True
        self.maybe_finish()

    def process_exited(self):
        self.exited = True
        self.maybe_finish()

    def maybe_finish(self):
        if self.exited and self.stdout_closed and self.stdin_closed and not self.finished.done():
            self.finished.set_result(None)


def pipe_through_cat(loop, total):
    proto = Cat(loop, total)
    t0 = time.perf_counter()
    transport, _ = loop.run_until_complete(
        loop.subprocess_exec(lambda: proto, "cat", stderr=subprocess.DEVNULL))
    loop.run_until_complete(proto.finished)
    dt = time.perf_counter() - t0
    transport.close()
    assert proto.received == total, (proto.received, total)
    return dt


class Exited(asyncio.SubprocessProtocol):
    def __init__(self, fut):
        self.fut = fut

    def process_exited(self):
        self.fut.set_result(None)


def spawn_true(loop, count):
    t0 = time.perf_counter()
    for _ in range(count):
        fut = loop.create_future()
        transport, _ = loop.run_until_complete(loop.subprocess_exec(
            lambda: Exited(fut), "true",
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        loop.run_until_complete(fut)
        transport.close()
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--loops", default="asyncio,uvloop")
    parser.add_argument("--bytes", type=int, default=1 << 30)
    parser.add_argument("--spawns", type=int, default=1000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args()
    print(f"# python {sys.version.split()[0]}", flush=True)
    for kind in args.loops.split(","):
        loop = new_loop(kind)
        asyncio.set_event_loop(loop)
        try:
            pipe_through_cat(loop, min(args.bytes, 64 << 20))
            secs = [pipe_through_cat(loop, args.bytes) for _ in range(args.reps)]
            print(f"{kind:8} {'catPipe%dMiB' % (args.bytes >> 20):28} {statistics.median(secs) * 1e3:10.1f} "
                  f"{min(secs) * 1e3:10.1f} ms", flush=True)
            print(f"{kind:8} {'catPipeThroughput':28} {args.bytes / 1e6 / min(secs):10.1f} {'':10} MB/s (best)", flush=True)
            spawn_true(loop, min(args.spawns, 100))
            per = [spawn_true(loop, args.spawns) / args.spawns for _ in range(args.reps)]
            print(f"{kind:8} {'spawnTrue':28} {statistics.median(per) * 1e3:10.3f} {min(per) * 1e3:10.3f} ms/proc",
                  flush=True)
        finally:
            asyncio.set_event_loop(None)
            loop.close()


if __name__ == "__main__":
    main()
