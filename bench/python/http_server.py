#!/usr/bin/python3
"""asyncio / uvloop HTTP/1.1 hello world at the Protocol level, the peer of jasyncio's http-hello in bench/http.

It parses as http-hello does (request heads cut at the blank line, Connection and Content-Length honoured,
pipelined requests answered in one write) and sends the same bytes back.
Usage: /usr/bin/python3 bench/python/http_server.py --port N --loop asyncio|uvloop   (listens on 127.0.0.1)
"""
import argparse
import asyncio
import socket

RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!")
RESPONSE_CLOSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
                  b"Connection: close\r\n\r\nHello, World!")


class Http(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport
        self.buf = b""
        self.body_left = 0
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data):
        buf = self.buf + data if self.buf else data
        pos = 0
        out = []
        close = False
        while pos < len(buf):
            if self.body_left:
                skip = min(self.body_left, len(buf) - pos)
                self.body_left -= skip
                pos += skip
                continue
            end = buf.find(b"\r\n\r\n", pos)
            if end < 0:
                break
            head = buf[pos:end].lower()
            pos = end + 4
            keep = not head.split(b"\r\n", 1)[0].endswith(b"http/1.0")
            if b"\r\nconnection: close" in head:
                keep = False
            elif b"\r\nconnection: keep-alive" in head:
                keep = True
            i = head.find(b"\r\ncontent-length:")
            if i >= 0:
                j = head.find(b"\r\n", i + 2)
                self.body_left = int(head[i + 17:j if j >= 0 else len(head)])
            if keep:
                out.append(RESPONSE)
            else:
                out.append(RESPONSE_CLOSE)
                close = True
                break
        self.buf = buf[pos:] if pos < len(buf) and not close else b""
        if out:
            self.transport.write(out[0] if len(out) == 1 else b"".join(out))
        if close:
            self.transport.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--loop", choices=["asyncio", "uvloop"], default="uvloop")
    args = parser.parse_args()
    if args.loop == "uvloop":
        import uvloop
        loop = uvloop.new_event_loop()
    else:
        loop = asyncio.SelectorEventLoop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(Http, "127.0.0.1", args.port, backlog=1024))
    print(f"listening on {args.port} ({args.loop}, HTTP)", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.close()


if __name__ == "__main__":
    main()
