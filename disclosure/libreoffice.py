"""Converting documents with LibreOffice headless: .doc/.wps/.docx to PDF or DOCX, and back.

    convert(data, suffix=".docx", to="pdf", timeout=120) -> bytes
    convert_many({name: data}, suffix=".docx", to="pdf") -> {name: bytes}   one start-up for many

Each conversion runs in a temporary folder with a private LibreOffice profile
(`-env:UserInstallation=…`): concurrent conversions would otherwise fight over the user's
profile lock, and a profile left broken by a crash cannot poison later ones. A conversion
that outlives `timeout` is killed with all its children (soffice forks soffice.bin).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from typing import Callable

from .model import DisclosureError

BINARIES = ("soffice", "libreoffice")


def binary(path: str | None = None) -> str:
    """The LibreOffice executable, or a DisclosureError (naming `path`) saying how to get it."""
    for name in BINARIES:
        found = shutil.which(name)
        if found:
            return found
    raise DisclosureError("未安装 LibreOffice（PATH 中没有 soffice），无法转换此文件："
                          "请安装 libreoffice-writer-nogui（make apt）", path)


def convert(data: bytes, suffix: str, to: str, timeout: int = 120, path: str | None = None) -> bytes:
    """`data` (a file ending in `suffix`, e.g. ".doc") converted to format `to` (e.g. "pdf").

    `to` is a LibreOffice filter spec (`pdf`, `docx`, `txt:Text (encoded):UTF8`); the result
    is the bytes of the one file LibreOffice writes. `path` only names the source in errors.
    """
    exe = binary(path)
    if not suffix.startswith("."):
        suffix = "." + suffix
    with tempfile.TemporaryDirectory(prefix="disclosure-lo-") as tmp:
        src = os.path.join(tmp, "in" + suffix)
        out_dir = os.path.join(tmp, "out")
        os.mkdir(out_dir)
        with open(src, "wb") as fh:
            fh.write(data)
        profile = "file://" + os.path.join(tmp, "profile")
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
               "--convert-to", to, "--outdir", out_dir, src]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, "HOME": tmp})
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # soffice.bin runs in the same session
            proc.communicate()
            raise DisclosureError(f"LibreOffice 转换为 {to} 超时（{timeout} 秒）", path) from None
        produced = os.listdir(out_dir)
        if proc.returncode != 0 or len(produced) != 1:
            reason = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
            raise DisclosureError(f"LibreOffice 无法将此 {suffix} 文件转换为 {to}（{reason}）", path)
        with open(os.path.join(out_dir, produced[0]), "rb") as fh:
            return fh.read()


def convert_many(files: dict[str, bytes], suffix: str, to: str, timeout: int = 120, path: str | None = None,
                 progress: Callable[[int], None] | None = None) -> dict[str, bytes]:
    """Several files (name -> bytes, each ending in `suffix`) converted in one LibreOffice run,
    so its start-up (seconds) is paid once; returns name -> converted bytes.

    `timeout` is per file. `progress(n)` is called with the number of files done so far.
    Names must be plain file stems (no slashes). A file LibreOffice could not convert
    fails the whole call with a DisclosureError naming it.
    """
    exe = binary()
    if not suffix.startswith("."):
        suffix = "." + suffix
    with tempfile.TemporaryDirectory(prefix="disclosure-lo-") as tmp:
        in_dir, out_dir = os.path.join(tmp, "in"), os.path.join(tmp, "out")
        os.mkdir(in_dir)
        os.mkdir(out_dir)
        sources = []
        for name, data in files.items():
            src = os.path.join(in_dir, name + suffix)
            with open(src, "wb") as fh:
                fh.write(data)
            sources.append(src)
        profile = "file://" + os.path.join(tmp, "profile")
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo",
               "--convert-to", to, "--outdir", out_dir, *sources]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, "HOME": tmp})
        limit = timeout * max(1, len(files))
        waited, err = 0.0, b""
        while True:
            try:
                _, err = proc.communicate(timeout=0.5 if progress else limit)
                break
            except subprocess.TimeoutExpired:
                waited += 0.5 if progress else limit
                if waited >= limit:
                    os.killpg(proc.pid, signal.SIGKILL)  # soffice.bin runs in the same session
                    proc.communicate()
                    raise DisclosureError(f"LibreOffice conversion to {to} timed out after {limit} s", path) from None
                progress(len(os.listdir(out_dir)))
        produced = {os.path.splitext(f)[0]: f for f in os.listdir(out_dir)}
        missing = [n for n in files if n not in produced]
        if proc.returncode != 0 or missing:
            reason = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
            what = f"this {suffix} file" if len(files) == 1 else f"{len(missing)} of {len(files)} {suffix} files"
            raise DisclosureError(f"LibreOffice could not convert {what} to {to} ({reason})", path)
        out = {}
        for name in files:
            with open(os.path.join(out_dir, produced[name]), "rb") as fh:
                out[name] = fh.read()
        if progress:
            progress(len(out))
        return out
