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
from .wording import first_few

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
    return convert_many({"in": data}, suffix, to, timeout=timeout, path=path)["in"]


def convert_many(files: dict[str, bytes], suffix: str, to: str, timeout: int = 120, path: str | None = None,
                 progress: Callable[[int], None] | None = None, infilter: str | None = None,
                 retry: bool = True) -> dict[str, bytes]:
    """Several files (name -> bytes, each ending in `suffix`) converted in one LibreOffice run,
    so its start-up (seconds) is paid once; returns name -> converted bytes.

    `timeout` is per file. `progress(n)` is called with the number of files done so far.
    `infilter` names the import filter (`HTML (StarWriter)` reads a web page as a Writer
    document rather than as a web page, which would start the PDF with an empty page).
    Names must be plain file stems (no slashes). Files a run leaves out are tried once more
    in a run of their own; a file LibreOffice still cannot convert fails the whole call with
    a DisclosureError naming it.
    """
    exe = binary(path)
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
               *([f"--infilter={infilter}"] if infilter else []), "--convert-to", to, "--outdir", out_dir, *sources]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, env={**os.environ, "HOME": tmp})
        limit = timeout * max(1, len(files))
        step = 0.5 if progress else limit
        waited, err = 0.0, b""
        while True:
            try:
                _, err = proc.communicate(timeout=step)
                break
            except subprocess.TimeoutExpired:
                waited += step
                if waited >= limit:
                    os.killpg(proc.pid, signal.SIGKILL)  # soffice.bin runs in the same session
                    proc.communicate()
                    raise DisclosureError(f"LibreOffice 转换为 {to} 超时（{limit} 秒）", path) from None
                progress(len(os.listdir(out_dir)))
        produced = {os.path.splitext(f)[0]: f for f in os.listdir(out_dir)}
        missing = [n for n in files if n not in produced]
        out = {}
        for name in files:
            if name in produced:
                with open(os.path.join(out_dir, produced[name]), "rb") as fh:
                    out[name] = fh.read()
        if missing and retry:
            # a long run now and then drops a file it converts fine on its own, and the first
            # run on a new machine (LibreOffice setting itself up) has been seen to fail whole
            out.update(convert_many({n: files[n] for n in missing}, suffix, to, timeout, path, None, infilter, retry=False))
        elif proc.returncode != 0 or missing:
            reason = (err.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
            what = f"此 {suffix} 文件" if len(files) == 1 else f"{len(files)} 个 {suffix} 文件中的 {len(missing)} 个"
            names = first_few(missing, 5)
            raise DisclosureError(f"LibreOffice 无法将{what}转换为 {to}（{reason}）" + (f"：{names}" if len(files) > 1 else ""), path)
        if progress:
            progress(len(out))
        return out
