"""The source documents, kept beside the database in a content-addressed folder.

    <db>.files/ab/abcdef….pdf      (the first two hex digits of the sha256, then the whole)

A document is written once, under its own hash, by whichever process reads it (the CLI
that parses it, the dashboard that receives an upload): a temporary file renamed into
place, so two writers of the same document never meet halfway and no lock is needed.
The database keeps the hash, the name, the format and the size (table `documents`); the
bytes never pass through it, so a write of the database costs what the rows cost, and
the file stays a few kilobytes per report.
"""
from __future__ import annotations

import os
import tempfile

from ..model import DisclosureError

SUFFIXES = {"txt": ".txt", "pdf": ".pdf", "html": ".html", "docx": ".docx", "doc": ".doc", "scan": ".img", "ofd": ".ofd"}


def folder(db_path: str) -> str:
    return os.path.abspath(db_path) + ".files"


def suffix(name: str, fmt: str) -> str:
    """The stored file's ending: the document's own (.wps, .jpg), else its format's."""
    ext = os.path.splitext(name)[1].lower()
    return ext if ext and len(ext) <= 6 and ext[1:].isalnum() else SUFFIXES.get(fmt, "")


def path(db_path: str, sha256: str, ending: str = "") -> str:
    return os.path.join(folder(db_path), sha256[:2], sha256 + ending)


def put(db_path: str, sha256: str, data: bytes, ending: str = "") -> str:
    """Store `data` under its hash (nothing to do when it is there already); its path."""
    target = path(db_path, sha256, ending)
    if os.path.exists(target):
        return target
    return write_whole(target, data)


def write_whole(target: str, data: bytes) -> str:
    """Write `data` to `target` through a temporary file renamed into place: a reader sees
    the old file or the new one, never half of it."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".incoming-", dir=os.path.dirname(target))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.remove(tmp)
        raise
    return target


def read(db_path: str, sha256: str, ending: str = "", name: str | None = None) -> bytes:
    """The document's bytes, or a DisclosureError saying it is missing from the folder."""
    where = path(db_path, sha256, ending)
    try:
        with open(where, "rb") as fh:
            return fh.read()
    except OSError:
        raise DisclosureError(f"原始文件不在文档目录中（{where}）：可能被移动或删除；重新导入该文件即可恢复下载",
                              name or sha256) from None
