"""`disclosure serve` listens on this machine only unless told otherwise, says where it
really listens, warns in Chinese when it opens the dashboard to the network, and passes
the upload limit to Streamlit."""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess

import pytest

from disclosure import cli

from .served import free_port, served


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


def serve(monkeypatch, *args) -> tuple[list[str], dict, str, str]:
    """What `disclosure serve` would run (its os.execvpe caught): command, environment, output."""
    ran = {}
    monkeypatch.setattr(os, "execvpe", lambda exe, cmd, env: ran.update(cmd=cmd, env=env))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        cli.main(["serve", *args])
    return ran["cmd"], ran["env"], out.getvalue(), err.getvalue()


def test_serve_binds_loopback_by_default_and_passes_the_upload_limit(monkeypatch, dashboard_db):
    cmd, env, out, err = serve(monkeypatch, "--db", dashboard_db, "--port", "8599", "--max-file-mb", "20")
    assert option(cmd, "--server.address") == "127.0.0.1"
    assert option(cmd, "--server.maxUploadSize") == "20"
    assert env["DISCLOSURE_MAX_FILE_MB"] == "20"  # the upload page and its ingest hold the same limit
    assert "http://127.0.0.1:8599" in out and "localhost" not in out
    assert "警告" not in err


def test_a_network_address_is_used_and_warned_about(monkeypatch, dashboard_db):
    cmd, _, out, err = serve(monkeypatch, "--db", dashboard_db, "--port", "8599", "--host", "0.0.0.0")
    assert option(cmd, "--server.address") == "0.0.0.0"
    assert "0.0.0.0:8599（所有网络接口）" in out
    assert err.startswith("警告：") and "没有登录验证" in err and err.count("\n") == 1


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("127.0.0.2", True), ("0.0.0.0", False), ("10.1.2.3", False),
                                            ("dashboard.example", False)])
def test_loopback_is_told_apart(host, loopback):
    assert cli._is_loopback(host) is loopback


def test_the_running_server_answers_on_loopback_only(dashboard_db, tmp_path):
    db = str(tmp_path / "served.duckdb")
    shutil.copyfile(dashboard_db, db)
    port = free_port()
    with served(db, port) as (url, printed):
        assert f"http://127.0.0.1:{port}" in printed
        if shutil.which("ss"):
            listening = subprocess.run(["ss", "-Hltn", f"sport = :{port}"], capture_output=True, text=True).stdout
            local = {line.split()[3].rsplit(":", 1)[0] for line in listening.splitlines() if line.strip()}
            assert local and local <= {"127.0.0.1", "[::1]"}, listening
        other = other_address()
        if other is not None:
            with pytest.raises(OSError):
                socket.create_connection((other, port), timeout=3).close()
