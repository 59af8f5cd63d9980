#!/usr/bin/python3
"""asyncio / uvloop Protocol echo server for the load harness.

Usage: /usr/bin/python3 bench/python/echo_server.py --port N --loop asyncio|uvloop   (listens on 127.0.0.1)
"""
import argparse
import asyncio
import socket


class Echo(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data):
        self.transport.write(data)


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
    server = loop.run_until_complete(loop.create_server(Echo, "127.0.0.1", args.port, backlog=1024))
    print(f"listening on {args.port} ({args.loop})", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.close()


if __name__ == "__main__":
    main()
