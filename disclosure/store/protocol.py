"""Messages between a database's server and the processes that write or read through it.

A message is a JSON header (4-byte length first) optionally followed by a binary payload
whose length the header gives (`"payload": n`): query results travel as Arrow IPC, so a
DataFrame arrives with its types. JSON only, never pickle: a message cannot run code.

    request   {"op": "review", "args": {...}, "user": "...", "what": "disclosure review"}
              {"op": "query", "sql": "...", "params": {...}}
    interim   {"waiting": "仪表盘（进程 1, 用户 x）"}   the server is busy with another write
    reply     {"ok": true, "result": ...}  |  {"ok": false, "error": "...", "kind": "DisclosureError"}
"""
from __future__ import annotations

import json
import socket
import struct

import pyarrow as pa

_LENGTH = struct.Struct(">I")
MAX_HEADER = 64 * 1024 * 1024  # a batch of parsed reports as JSON is a few MB


class Closed(ConnectionError):
    """The other side went away mid-message."""


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise Closed("connection closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def send(sock: socket.socket, header: dict, payload: bytes = b"") -> None:
    if payload:
        header = {**header, "payload": len(payload)}
    body = json.dumps(header, ensure_ascii=False, default=_default).encode("utf-8", "surrogateescape")
    sock.sendall(_LENGTH.pack(len(body)) + body)
    if payload:
        sock.sendall(payload)


def receive(sock: socket.socket) -> tuple[dict, bytes]:
    (n,) = _LENGTH.unpack(_recv_exact(sock, _LENGTH.size))
    if n > MAX_HEADER:
        raise Closed(f"message of {n} bytes refused")
    header = json.loads(_recv_exact(sock, n).decode("utf-8", "surrogateescape"))
    payload = _recv_exact(sock, header["payload"]) if header.get("payload") else b""
    return header, payload


def _default(value):
    """What json cannot write by itself: dates, Decimals, numpy scalars."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def table_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def bytes_table(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()
