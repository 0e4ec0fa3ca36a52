"""`disclosure serve` listens on this machine only unless told otherwise, says where it
really listens, warns in Chinese when it opens the dashboard to the network, and passes
the upload limit to Streamlit."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from disclosure import cli

from .conftest import ROOT
from .test_dashboard_browser import free_port


def other_address() -> str | None:
    """An address of this machine that is not loopback (the one it reaches the network by)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, the route picks the interface
            addr = s.getsockname()[0]
        except OSError:
            return None
    return None if addr.startswith("127.") else addr


def option(cmd: list[str], name: str) -> str:
    return cmd[cmd.index(name) + 1]


def test_serve_binds_loopback_by_default_and_passes_the_upload_limit(monkeypatch, dashboard_db):
    ran = {}
    monkeypatch.setattr(os, "execvpe", lambda exe, cmd, env: ran.update(cmd=cmd, env=env))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        cli.main(["serve", "--db", dashboard_db, "--port", "8599", "--max-file-mb", "20"])
    assert option(ran["cmd"], "--server.address") == "127.0.0.1"
    assert option(ran["cmd"], "--server.maxUploadSize") == "20"
    assert ran["env"]["DISCLOSURE_MAX_FILE_MB"] == "20"  # the upload page and its ingest hold the same limit
    assert "http://127.0.0.1:8599" in out.getvalue() and "localhost" not in out.getvalue()
    assert "警告" not in err.getvalue()


def test_a_network_address_is_used_and_warned_about(monkeypatch, dashboard_db):
    ran = {}
    monkeypatch.setattr(os, "execvpe", lambda exe, cmd, env: ran.update(cmd=cmd, env=env))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        cli.main(["serve", "--db", dashboard_db, "--port", "8599", "--host", "0.0.0.0"])
    assert option(ran["cmd"], "--server.address") == "0.0.0.0"
    assert "0.0.0.0:8599（所有网络接口）" in out.getvalue()
    warning = err.getvalue()
    assert warning.startswith("警告：") and "没有登录验证" in warning and warning.count("\n") == 1


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("127.0.0.2", True), ("0.0.0.0", False), ("10.1.2.3", False),
                                            ("dashboard.example", False)])
def test_loopback_is_told_apart(host, loopback):
    assert cli._is_loopback(host) is loopback


def test_the_running_server_answers_on_loopback_only(dashboard_db, tmp_path):
    db = str(tmp_path / "served.duckdb")
    shutil.copyfile(dashboard_db, db)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "disclosure", "serve", "--db", db, "--port", str(port)],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True, text=True)
    try:
        printed = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}" in printed
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                assert time.time() < deadline and proc.poll() is None, "dashboard server did not start"
                time.sleep(0.5)
        if shutil.which("ss"):
            listening = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True).stdout
            local = {line.split()[3].rsplit(":", 1)[0] for line in listening.splitlines() if line.strip()}
            assert local and local <= {"127.0.0.1", "[::1]"}, listening
        other = other_address()
        if other is not None:
            with pytest.raises(OSError):
                socket.create_connection((other, port), timeout=3).close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
