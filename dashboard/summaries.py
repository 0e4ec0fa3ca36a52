"""Tables the pages chart: metrics of disclosure/metrics.py gathered by year, agency or region."""
from __future__ import annotations

import pandas as pd

from disclosure import metrics as M
from disclosure.exports import chart as C

from . import labels

AGENCY = "机关"
YEAR = "年度"
REGION = "地区"
HUB = "本年度办理"  # the middle node of the flow
GROUPINGS = {"agency": "按机关", "city": "按地区（市）", "province": "按地区（省）"}


def unit(m: M.Metric) -> str:
    return C.PERCENT if m.is_rate else C.COUNT


def metric_label(key: str) -> str:
    m = M.metric(key)
    return f"{m.label} = {m.note}" if m.note else m.label


def with_groups(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the columns the pages group by: agency, province and city labels."""
    out = frame.copy()
    out[AGENCY] = out["agency"]
    # labels worked out once per distinct region, not once per report
    province = out["province"].where(out["province"].notna(), None).astype(object)
    city = out["city"].where(out["city"].notna(), None).astype(object)
    out["province_label"] = province.map({p: labels.region(p) for p in set(province)})
    pairs = list(zip(province, city))
    named = {pc: labels.region(*pc) for pc in set(pairs)}
    out["city_label"] = [named[pc] for pc in pairs]
    return out


def group_column(grouping: str) -> str:
    return {"agency": AGENCY, "city": "city_label", "province": "province_label"}[grouping]


def wide(frame: pd.DataFrame, metric_keys: list[str], by: str, by_label: str | None = None) -> pd.DataFrame:
    """One row per value of `by`, one column per metric (its Chinese label)."""
    out = None
    for key in metric_keys:
        m = M.metric(key)
        part = M.aggregate(frame, m, by)[[by, "value"]].rename(columns={"value": m.label})
        out = part if out is None else out.merge(part, on=by, how="outer")
    if out is None:
        return pd.DataFrame({by_label or by: []})
    return out.rename(columns={by: by_label or by})


def per_year(frame: pd.DataFrame, metric_keys: list[str]) -> pd.DataFrame:
    out = wide(frame, metric_keys, "year", YEAR).sort_values(YEAR)
    out[YEAR] = out[YEAR].astype(int)
    return out.reset_index(drop=True)


def sums(frame: pd.DataFrame, keys: list[str], by: str, by_label: str | None = None) -> pd.DataFrame:
    """Count metrics summed per value of `by`, columns named by the metrics' Chinese labels."""
    out = frame.groupby(by, dropna=False)[keys].sum(min_count=1).reset_index()
    return out.rename(columns={by: by_label or by, **{k: M.metric(k).label for k in keys}})


def flow(frame: pd.DataFrame) -> pd.DataFrame:
    """The year's flow of applications as Sankey links (来源, 去向, 件数):
    本年新收 + 上年结转 -> 本年办理 -> each outcome and 结转下年度."""
    total = {k: frame[k].sum(min_count=1) for k in
             ["new_requests", "carried_over", "carried_forward", *[m.key for m in M.OUTCOMES]]}
    links = [(M.metric("new_requests").label, HUB, total["new_requests"]),
             (M.metric("carried_over").label, HUB, total["carried_over"])]
    links += [(HUB, m.label, total[m.key]) for m in M.OUTCOMES]
    links.append((HUB, M.metric("carried_forward").label, total["carried_forward"]))
    out = pd.DataFrame(links, columns=["来源", "去向", "件数"])
    out["件数"] = out["件数"].fillna(0)
    return out
