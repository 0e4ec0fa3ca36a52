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


def binary() -> str:
    """The LibreOffice executable, or a DisclosureError saying how to get it."""
    for name in BINARIES:
        found = shutil.which(name)
        if found:
            return found
    raise DisclosureError("LibreOffice is not installed (no soffice on PATH): "
                          "install libreoffice-writer-nogui (make apt)")


def convert(data: bytes, suffix: str, to: str, timeout: int = 120, path: str | None = None) -> bytes:
    """`data` (a file ending in `suffix`, e.g. ".doc") converted to format `to` (e.g. "pdf").

    `to` is a LibreOffice filter spec (`pdf`, `docx`, `txt:Text (encoded):UTF8`); the result
    is the bytes of the one file LibreOffice writes. `path` only names the source in errors.
    """
    exe = binary()
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
            raise DisclosureError(f"LibreOffice conversion to {to} timed out after {timeout} s", path) from None
        produced = os.listdir(out_dir)
        if proc.returncode != 0 or len(produced) != 1:
            reason = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
            raise DisclosureError(f"LibreOffice could not convert this {suffix} file to {to} ({reason})", path)
        with open(os.path.join(out_dir, produced[0]), "rb") as fh:
            return fh.read()
