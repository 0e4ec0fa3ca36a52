"""Any path: names in any bytes stored and shown losslessly, and whatever is not a regular
file (FIFO, device, socket, symlink loop, dangling link) skipped with a line of its own,
never a hang or a traceback."""
from __future__ import annotations

import multiprocessing
import os
import socket
import stat
import unicodedata

import duckdb
import pytest

from disclosure.workers import hidden_main
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure import names
from disclosure.store.ingest import collect, ingest

from .conftest import REAL
from .test_check_failures import run

SEED = REAL / "shenchi-education-2023.txt"
BOUND = 60  # seconds a batch of a few files may take: a FIFO read would block forever


def _ingest(paths, db, queue):
    queue.put([(o.path, o.status, o.reason) for o in ingest(paths, db, check=False)])


def ingest_bounded(paths: list[str], db: str) -> list[tuple]:
    """ingest() in a fresh process that must finish within BOUND seconds."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_ingest, args=(paths, db, queue))
    with hidden_main():  # the dashboard tests leave their page script as __main__
        proc.start()
    proc.join(BOUND)
    if proc.is_alive():
        proc.kill()
        pytest.fail(f"ingest did not finish in {BOUND} s")
    assert proc.exitcode == 0
    return queue.get(timeout=5)


def test_special_files_are_skipped_each_with_its_line(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(folder / "fifo.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock.txt"))
    expected = {"fifo.txt": "命名管道（FIFO）", "loop.txt": "符号链接循环", "dangling.txt": "符号链接指向的文件不存在",
                "sock.txt": "套接字"}
    try:
        os.mknod(folder / "zero.txt", stat.S_IFCHR | 0o644, os.makedev(1, 5))
        expected["zero.txt"] = "字符设备"
    except PermissionError:
        pass  # not root: no device node to test with
    try:
        outcomes = ingest_bounded([str(folder), "/dev/zero"], str(tmp_path / "x.duckdb"))
    finally:
        sock.close()
    by_name = {os.path.basename(p): (status, reason) for p, status, reason in outcomes}
    assert by_name.pop("report.txt") == ("stored", None)
    assert by_name.pop("zero")[1].startswith("是字符设备")  # /dev/zero named on the command line
    assert set(by_name) == set(expected)
    for name, words in expected.items():
        status, reason = by_name[name]
        assert status == "failed" and words in reason and "\n" not in reason and "Traceback" not in reason


def test_a_name_that_is_not_utf8_is_stored_shown_and_read_back(tmp_path):
    folder = os.fsencode(tmp_path)
    raw = os.path.join(folder, b"bad_utf8_\xff\xfe.txt")
    with open(raw, "wb") as fh:
        fh.write(SEED.read_bytes())
    newline = tmp_path / "two\nlines.txt"
    newline.write_bytes(SEED.read_bytes().replace("神池县教育科技局".encode(), "神池县卫生健康和体育局".encode()))
    db = str(tmp_path / "x.duckdb")
    code, out, err = run("ingest", str(tmp_path), "--db", db, "--no-check")
    assert code == 0, out + err
    con = duckdb.connect(db, read_only=True)
    try:
        stored = sorted(r[0] for r in con.execute("SELECT source_name FROM reports").fetchall())
        docs = sorted(r[0] for r in con.execute("SELECT name FROM documents").fetchall())
    finally:
        con.close()
    assert stored == docs == ["bad_utf8_\\xff\\xfe.txt", "two\\x0alines.txt"]
    # the stored name leads back to the file: nothing of it was lost
    shown = os.path.join(str(tmp_path), stored[0])
    assert os.fsencode(names.real(shown)) == raw
    # one line per file in the progress, the name printable
    assert all("\udcff" not in line for line in err.splitlines())
    assert sum("lines.txt" in line for line in err.splitlines()) == 1


def test_a_name_cut_inside_a_character_is_refused_cleanly_when_the_file_is_bad(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), "机关年报".encode("utf-8")[:-1] + b".pdf")
    with open(raw, "wb") as fh:
        fh.write(os.urandom(4096))
    [path] = collect([str(tmp_path)])
    path.encode("utf-8")  # valid text
    code, out, _ = run("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--quiet", "--no-check")
    assert code == 1
    [line] = [ln for ln in out.splitlines() if ln.startswith("  失败")]
    assert path in line and "不是PDF 文件（文件头为" in line


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b))
def test_shown_names_are_valid_text_and_lead_back_to_the_name(name):
    path = "/reports/" + os.fsdecode(name)
    shown = names.shown(path)
    shown.encode("utf-8")  # storable in a VARCHAR
    # no control character (a newline would break the one line per file), no bidi override
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u202a\u202b\u202c\u202d\u202e"
                   for ch in shown)
    assert names.real(shown) == path or shown == path


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_gets_its_line(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_bytes(SEED.read_bytes())
    locked.chmod(0)
    [(_, status, reason)] = ingest_bounded([str(locked)], str(tmp_path / "x.duckdb"))
    assert status == "failed" and reason == "没有读取权限"
