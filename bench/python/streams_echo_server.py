#!/usr/bin/python3
"""asyncio / uvloop streams echo server for the load harness: a task per connection, read(65536) / write / drain.

Usage: /usr/bin/python3 bench/python/streams_echo_server.py --port N --loop asyncio|uvloop   (listens on 127.0.0.1)
"""
import argparse
import asyncio
import socket


async def echo(reader, writer):
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="asyncio")
    args = parser.parse_args()
    if args.loop == "uvloop":
        import uvloop
        loop = uvloop.new_event_loop()
    else:
        loop = asyncio.SelectorEventLoop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(asyncio.start_server(echo, "127.0.0.1", args.port, backlog=1024))
    print(f"listening on {args.port} ({args.loop} streams)", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.close()


if __name__ == "__main__":
    main()
