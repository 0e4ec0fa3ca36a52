"""Charts show what a reader expects even when a report's numbers are wrong."""
from __future__ import annotations

import pandas as pd

from dashboard import charts
from disclosure.exports import chart as C


def test_a_100_percent_bar_stays_within_100_percent_when_a_cell_is_negative():
    data = pd.DataFrame({"机关": ["甲局", "乙局", "丙局"], "予以公开": [5, 40, 0], "无法提供": [-30, 10, 0],
                         "不予处理": [5, 50, 0]})
    chart = charts.bar(data, "机关", ["予以公开", "无法提供", "不予处理"], "办理结果构成（100%）",
                       kind=C.STACKED_100, horizontal=True)
    shares = pd.DataFrame({t.name: list(t.x) for t in chart.figure.data})
    assert shares.min().min() >= 0 and shares.max().max() <= 100
    assert list(shares.sum(axis=1).round(6)) == [100, 100, 0]  # a row of nothing stays empty
    assert shares.loc[1].tolist() == [40, 10, 50]
    # the chart's data (CSV, deck) keeps the printed counts
    assert chart.data["无法提供"].tolist() == [-30, 10, 0]
