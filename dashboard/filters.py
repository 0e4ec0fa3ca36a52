"""The sidebar filters every page shares: years, region, level, kind of agency.

They are bound to the URL (`?years=2023年度&kinds=教育`), so a copied link reopens the
same view; pages read the resulting Scope and pass its lists to the SQL in queries/.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from . import data, labels

KEYS = ("years", "regions", "levels", "kinds")


@dataclass(frozen=True)
class Scope:
    years: tuple[int, ...] = ()
    regions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    def params(self) -> dict[str, list]:
        """The SQL parameters of queries/scope_*.sql: an empty list means all."""
        return {"years": list(self.years), "regions": list(self.regions),
                "levels": list(self.levels), "kinds": list(self.kinds)}

    def describe(self) -> str:
        """The scope in words, for chart titles and the deck's title slide."""
        years = sorted(self.years)
        if not years:
            y = "全部年度"
        elif years == list(range(years[0], years[-1] + 1)) and len(years) > 1:
            y = f"{years[0]}–{years[-1]}年度"
        else:
            y = "、".join(str(x) for x in years) + "年度"
        parts = [y, "、".join(self.regions) or "全部地区"]
        parts.append("、".join(labels.level(x) for x in self.levels) or "全部级别")
        parts.append("、".join(labels.kind(x) for x in self.kinds) or "全部类型")
        return " · ".join(parts)


def options() -> dict[str, list]:
    df = data.query("filter_options")
    years = sorted({int(y) for y in df["year"]}, reverse=True)
    placed = df.dropna(subset=["province"])
    regions = sorted(set(placed["province"]) | {labels.region(p, c) for p, c in zip(placed["province"], placed["city"])
                                                  if isinstance(c, str)})
    levels = sorted(set(df["level"].dropna()), key=lambda k: (labels.LEVEL_ORDER.get(k, 99), k))
    kinds = sorted(set(df["kind"].dropna()), key=labels.kind)
    return {"years": years, "regions": regions, "levels": levels, "kinds": kinds}


def sidebar() -> Scope:
    """Draw the filters in the sidebar and return what they select."""
    opts = options()
    with st.sidebar:
        st.header("筛选")
        years = st.multiselect("年度", opts["years"], key="years", bind="query-params",
                               format_func=lambda y: f"{y}年度", placeholder="全部年度")
        unplaced = not opts["regions"]
        hint = "机构名录中没有这些机关的地区、级别和类型，导入名录后可按它们筛选。" if unplaced else None
        regions = st.multiselect("地区", opts["regions"], key="regions", bind="query-params",
                                 placeholder="全部地区", disabled=unplaced, help=hint)
        levels = st.multiselect("级别", opts["levels"], key="levels", bind="query-params",
                                format_func=labels.level, placeholder="全部级别", disabled=not opts["levels"])
        kinds = st.multiselect("机关类型", opts["kinds"], key="kinds", bind="query-params",
                               format_func=labels.kind, placeholder="全部类型", disabled=not opts["kinds"])
    return Scope(tuple(years), tuple(regions), tuple(levels), tuple(kinds))


def current() -> Scope:
    """The scope the sidebar selected in this run (after sidebar() has drawn it)."""
    state = st.session_state
    return Scope(*(tuple(state.get(k) or ()) for k in KEYS))


def figures_or_stop():
    """(scope, figures of the reports in it) for a page; a page with nothing to show stops here."""
    scope = current()
    frame = data.figures(scope)
    if frame.empty:
        st.info("当前筛选范围内没有报告。请放宽左侧的筛选条件。")
        st.stop()
    return scope, frame
