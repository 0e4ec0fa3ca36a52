"""disclosure.metrics over many reports at once (what the dashboard charts) agrees with the
one-report definitions the rules use, and groups are ratios of sums."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from disclosure import metrics as M
from disclosure import queries
from disclosure.render.text import render_text
from disclosure.store import metrics_table
from disclosure.store.ingest import ingest
from disclosure.store.writes import reading

from . import dashboard_corpus as D


def stored(db: str) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    with reading(db) as con:
        reports = queries.run(con, "scope_reports", years=[], regions=[], levels=[], kinds=[])
        cells = queries.run(con, "scope_cells", report_ids=reports["report_id"].tolist(), addresses=M.addresses())
        raw = con.execute("SELECT report_id, table_key, row_key, column_key, value FROM cells").df()
    return cells, reports.set_index("report_id")["template"], raw


def one_at_a_time(raw: pd.DataFrame, templates: pd.Series) -> dict[tuple[int, str], float | None]:
    out = {}
    for rid, g in raw.groupby("report_id"):
        values = {(t, r, c): None if v != v else v for t, r, c, v in
                  zip(g["table_key"], g["row_key"], g["column_key"], g["value"])}
        for m in M.METRICS_BY_KEY.values():
            out[(rid, m.key)] = m.value(templates[rid], lambda t, r, c: values.get((t, r, c)))
    return out


def test_table_gives_what_metric_value_gives(dashboard_db):
    cells, templates, raw = stored(dashboard_db)
    frame = M.table(cells, templates)
    for (rid, key), expected in one_at_a_time(raw, templates).items():
        got = frame.loc[rid, key]
        if expected is None:
            assert np.isnan(got), (rid, key, got)
        else:
            assert got == pytest.approx(expected), (rid, key)


def test_group_rates_are_ratios_of_sums(dashboard_db):
    cells, templates, _ = stored(dashboard_db)
    frame = M.table(cells, templates).assign(group=1)
    num, den = frame["disclosure_rate" + M.NUM].sum(), frame["disclosure_rate" + M.DEN].sum()
    rate = M.aggregate(frame, "disclosure_rate", "group")["value"].iloc[0]
    assert rate == pytest.approx(num / den * 100)
    assert rate != pytest.approx(frame["disclosure_rate"].mean())  # not a mean of ratios
    # 淮安市公安局 2023 handled nothing: its rate is undefined and it does not count
    assert frame["disclosure_rate"].isna().sum() == 1


def test_the_undivided_other_row_stands_in_for_its_three_parts(tmp_path):
    report = D.report("泰州市教育局", 2020, 40, {}, 21)
    report["template"] = "2019"
    requests = report["requests"]
    parts = [requests.pop(k) for k in ("other.no_correction", "other.unpaid_fee", "other.other")]
    requests["other"] = {c: sum(p[c] for p in parts) for c in requests["total"]}
    report["active"] = {"regulations": {"made": 0, "published": 0, "total_published": 2}}
    path = tmp_path / "r.txt"
    path.write_text(render_text(report, "tabs"), encoding="utf-8")
    db = str(tmp_path / "t.duckdb")
    assert ingest([str(path)], db, check=False)[0].status == "stored"
    cells, templates, _ = stored(db)
    frame = M.table(cells, templates)
    assert frame["other_handling"].iloc[0] == requests["other"]["total"] > 0


def test_stored_metrics_are_what_the_cells_give(dashboard_db):
    # report_metrics, written when each report was stored, is what the pages aggregate
    cells, templates, _ = stored(dashboard_db)
    want = M.table(cells, templates).reindex(columns=metrics_table.columns()).sort_index()
    with reading(dashboard_db) as con:
        got = metrics_table.frame_of(con).reindex(columns=metrics_table.columns()).sort_index()
    assert list(got.index) == list(want.index)
    pd.testing.assert_frame_equal(got, want, check_names=False, check_index_type=False)


def test_a_replaced_report_replaces_its_metrics(tmp_path):
    db = str(tmp_path / "t.duckdb")
    path = tmp_path / "r.txt"
    report = D.report("泰州市教育局", 2023, 40, {}, 21)
    path.write_text(render_text(report, "tabs"), encoding="utf-8")
    ingest([str(path)], db, check=False)
    report["requests"]["new_received"]["natural_person"] += 7
    report["requests"]["new_received"]["total"] += 7
    path.write_text(render_text(report, "tabs"), encoding="utf-8")
    [o] = ingest([str(path)], db, check=False)
    assert o.status == "replaced"
    with reading(db) as con:
        got = metrics_table.frame_of(con)
    assert len(got) == 1 and got["new_requests"].iloc[0] == report["requests"]["new_received"]["total"]
