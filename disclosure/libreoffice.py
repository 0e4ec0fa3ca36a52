"""Converting documents with LibreOffice headless: .doc/.wps/.docx to PDF or DOCX, and back.

    convert(data, suffix=".docx", to="pdf", timeout=120) -> bytes

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
