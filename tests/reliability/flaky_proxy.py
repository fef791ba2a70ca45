"""A small TCP proxy (asyncio, loopback only) that misbehaves like a roadside network.

Each new connection from a terminal gets one fate, drawn at random while the proxy is
faulty: passed through, dropped before a byte is read, reset (RST) after part of the
request, delayed, answered with an HTTP 5xx the hub never sent, or passed through with
the hub's response cut short (so the hub commits a batch the terminal never hears about).
``heal()`` makes every later connection a clean pass-through.
"""

from __future__ import annotations

import asyncio
import random
import socket
import struct
import threading
from collections import Counter

FATES = ("pass", "drop", "reset", "delay", "http_5xx", "truncate")


class FlakyProxy:
    """Run in a background thread: ``start()``, then point terminals at ``base_url``."""

    def __init__(self, upstream_port: int, seed: int | str = 0, fault_rate: float = 0.6) -> None:
        self.upstream_port = upstream_port
        self.fault_rate = fault_rate
        self.faulty = True
        self.fates: Counter[str] = Counter()
        self._rng = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FlakyProxy:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._serve(), self._loop)
        self.port = future.result(timeout=10)
        return self

    def heal(self) -> None:
        self.faulty = False

    def close(self) -> None:
        async def shutdown() -> None:
            if self._server is not None:
                self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    async def _serve(self) -> int:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return int(self._server.sockets[0].getsockname()[1])

    def _fate(self) -> str:
        if not self.faulty or self._rng.random() >= self.fault_rate:
            return "pass"
        return self._rng.choice(FATES[1:])

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        fate = self._fate()
        self.fates[fate] += 1
        try:
            if fate == "drop":
                writer.close()
                return
            if fate == "reset":
                await reader.read(self._rng.randint(1, 4096))
                _reset(writer)
                return
            if fate == "http_5xx":
                await reader.readuntil(b"\r\n\r\n")
                status = self._rng.choice(
                    ["500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable"]
                )
                body = b"<html>upstream trouble</html>"
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Type: text/html\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
                writer.close()
                return
            if fate == "delay":
                await asyncio.sleep(self._rng.uniform(0.2, 2.0))
            limit = self._rng.randint(0, 400) if fate == "truncate" else None
            await self._pipe(reader, writer, limit)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            writer.close()

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, limit: int | None
    ) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)

        async def copy(src: asyncio.StreamReader, dst: asyncio.StreamWriter, cap: int | None):
            sent = 0
            try:
                while chunk := await src.read(65536):
                    if cap is not None and sent + len(chunk) > cap:
                        dst.write(chunk[: cap - sent])
                        await dst.drain()
                        _reset(dst)  # the response stops mid-way
                        return
                    sent += len(chunk)
                    dst.write(chunk)
                    await dst.drain()
            except OSError:
                pass
            finally:
                dst.close()

        await asyncio.gather(copy(reader, up_writer, None), copy(up_reader, writer, limit))


def _reset(writer: asyncio.StreamWriter) -> None:
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
