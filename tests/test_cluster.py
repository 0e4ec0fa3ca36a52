"""Parsing on a Dask distributed cluster (`disclosure ingest --cluster ADDRESS`): the files'
bytes go to the workers, the parsed reports come back, and the store keeps its one writer.
A LocalCluster stands in for the province's machines."""
from __future__ import annotations

import pytest

from disclosure.cli import main as cli
from disclosure.model import DisclosureError
from disclosure.store.ingest import ingest

from .conftest import REAL, rows

SAMPLES = sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".pdf", ".html"))


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c.scheduler_address


def _stored(db: str) -> list[tuple]:
    return rows(db, """SELECT a.name, r.year, c.table_key, c.row_key, c.column_key, c.value, c.raw
                       FROM cells c JOIN reports r USING (report_id) JOIN agencies a USING (agency_id) ORDER BY ALL""")


def test_a_cluster_parses_what_this_machine_would(cluster, tmp_path):
    here, there = str(tmp_path / "here.duckdb"), str(tmp_path / "there.duckdb")
    local = ingest([str(p) for p in SAMPLES], here)
    remote = ingest([str(p) for p in SAMPLES] + [str(tmp_path / "gone.pdf")], there, cluster=cluster)
    assert [o.status for o in local] == ["stored"] * 4
    assert [o.status for o in remote] == ["stored"] * 4 + ["failed"]  # a file that is not there fails alone
    assert _stored(here) == _stored(there)
    assert rows(here, "SELECT rule, message FROM findings ORDER BY ALL") == \
        rows(there, "SELECT rule, message FROM findings ORDER BY ALL")


def test_the_cli_takes_a_cluster(cluster, tmp_path, capsys):
    db = str(tmp_path / "c.duckdb")
    assert cli(["ingest", str(SAMPLES[0]), "--db", db, "--cluster", cluster, "--quiet"]) == 0
    assert "已存储 1" in capsys.readouterr().out


def test_a_scheduler_nobody_runs_is_one_clear_error(tmp_path):
    with pytest.raises(DisclosureError, match="无法连接 Dask 调度器"):
        ingest([str(SAMPLES[0])], str(tmp_path / "x.duckdb"), cluster="tcp://127.0.0.1:9")
