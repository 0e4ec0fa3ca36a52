"""File names in any bytes, as text that can be stored and shown, and back.

A Linux file name is bytes: it need not be UTF-8 (a folder copied from a Windows machine
in GBK, a name cut in the middle of a character) and may hold control characters (a
newline). Python hands such a name over with its bad bytes as lone surrogates, which no
UTF-8 column can store and no terminal can print. `shown(path)` writes those bytes and
characters as `\\xNN` (and a backslash in such a name as `\\x5c`, so the escape is
reversible); a name that is plain UTF-8 text stays as it is. `real(shown)` gives the
name to open again. Everything downstream of `collect()` (parsing, the store, messages,
the dashboard) sees only shown names.
"""
from __future__ import annotations

import os
import re

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")  # reorder what is shown
_ESCAPE = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})")


def _odd(ch: str) -> bool:
    o = ord(ch)
    return o < 0x20 or o == 0x7F or 0x80 <= o < 0xA0 or 0xDC80 <= o <= 0xDCFF or ch in _BIDI


def shown(path: str) -> str:
    """`path` as valid, printable text: odd bytes and characters escaped, reversibly."""
    if not any(_odd(ch) for ch in path):
        return path
    out = []
    for ch in path:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # a byte that is not UTF-8 (surrogateescape)
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ch == "\\":
            out.append("\\x5c")
        elif ch in _BIDI or o > 0xFF and _odd(ch):
            out.append(f"\\u{o:04x}")
        elif _odd(ch):
            out.append(f"\\x{o:02x}" if o < 0x80 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def real(path: str) -> str:
    """The name to open for a shown name (the inverse of `shown`)."""
    if "\\" not in path or os.path.lexists(path):
        return path

    def back(m: re.Match) -> str:
        if m.group(1):
            return os.fsdecode(bytes([int(m.group(1), 16)]))
        return chr(int(m.group(2), 16))

    return _ESCAPE.sub(back, path)
