"""Chart builders: data in, a Chart out (plotly figure + its data + how a slide redraws it).

Every page draws through these, so a chart on screen, its PNG/SVG and its slide agree.
Data frames are wide: one category column, one column per series, named in Chinese
(they are what the CSV export and PowerPoint show).
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from disclosure.exports import chart as C

from . import labels

MUTED = "#9db4cc"
ACCENT = C.COLORS[0]
ALERT = C.COLORS[3]


def _axis_format(unit: str) -> dict:
    return dict(ticksuffix="%", hoverformat=".1f") if unit == C.PERCENT else dict(tickformat=",d")


def _plain_ticks(fig: go.Figure, axis: str, labels) -> None:
    """Category tick labels drawn as typed (C.plotly_text), the data keeping the names
    themselves (a clicked bar still names its agency)."""
    labels = [str(c) for c in labels]
    if any(ch in c for c in labels for ch in "<>&"):
        update = fig.update_yaxes if axis == "y" else fig.update_xaxes
        update(tickmode="array", tickvals=labels, ticktext=[C.plotly_text(c) for c in labels])


def _height(n: int, horizontal: bool) -> int:
    return max(320, min(1600, 26 * n + 140)) if horizontal else 440


def _shares(data, series):
    """Each series as a per cent of its row's total. Computed here rather than by plotly's
    barnorm, which lets a negative cell (a reporting error) push the other bars past 100%."""
    counts = data[list(series)].clip(lower=0)
    total = counts.sum(axis=1).replace(0, float("nan"))
    return counts.div(total, axis=0).mul(100).fillna(0)


def bar(data: pd.DataFrame, category: str, series: list[str], title: str, *, unit: str = C.COUNT,
        kind: str = C.BAR, horizontal: bool = False, takeaway: str = "", median: float | None = None,
        median_label: str = "中位数", highlight: str | None = None, name: str = "chart") -> C.Chart:
    """Bars per category; `kind` stacked / stacked100 stacks the series; `median` draws a reference line."""
    fig = go.Figure()
    cats = data[category].astype(str)
    plotted = _shares(data, series) if kind == C.STACKED_100 else data
    for s in series:
        values = plotted[s]
        colors = None
        if highlight is not None and len(series) == 1:
            colors = [ALERT if c == highlight else ACCENT for c in cats]
        text = [_fmt(v, unit) for v in values] if len(series) == 1 and kind == C.BAR else None
        trace = dict(name=s, text=text, textposition="outside" if text else None, cliponaxis=False,
                     marker_color=colors, customdata=cats)
        if horizontal:
            fig.add_bar(x=values, y=cats, orientation="h", **trace)
        else:
            fig.add_bar(x=cats, y=values, **trace)
    value_axis = dict(_axis_format(unit), title=None)
    if kind == C.STACKED_100:
        value_axis = dict(ticksuffix="%", title=None)
    fig.update_layout(barmode="stack" if kind in (C.STACKED, C.STACKED_100) else "group",
                      showlegend=len(series) > 1, legend_traceorder="normal")  # stacks list in reading order
    if horizontal:
        fig.update_xaxes(**value_axis)
        fig.update_yaxes(autorange="reversed", title=None, type="category")
    else:
        fig.update_yaxes(**value_axis)
        fig.update_xaxes(title=None, type="category")
    _plain_ticks(fig, "y" if horizontal else "x", cats)
    if median is not None and median == median:
        line = dict(line_dash="dash", line_color=ALERT, annotation_text=f"{median_label} {_fmt(median, unit)}",
                    annotation_font_color=ALERT)
        if horizontal:
            fig.add_vline(x=median, annotation_position="top", **line)
        else:
            fig.add_hline(y=median, annotation_position="right", **line)
    C.style(fig, title, height=_height(len(data), horizontal))
    return C.Chart(title, fig, data, kind=kind, category=category, series=list(series), unit=unit,
                   takeaway=takeaway, horizontal=horizontal, name=name)


def line(data: pd.DataFrame, category: str, series: list[str], title: str, *, unit: str = C.COUNT,
         takeaway: str = "", name: str = "chart") -> C.Chart:
    fig = go.Figure()
    for s in series:
        fig.add_scatter(x=data[category].astype(str), y=data[s], name=C.plotly_text(s), mode="lines+markers")
    fig.update_yaxes(**_axis_format(unit), title=None, rangemode="tozero")
    fig.update_xaxes(title=None, type="category")
    C.style(fig, title)
    return C.Chart(title, fig, data, kind=C.LINE, category=category, series=list(series), unit=unit,
                   takeaway=takeaway, name=name)


def sankey(links: pd.DataFrame, title: str, takeaway: str = "", name: str = "sankey") -> C.Chart:
    """`links`: columns 来源, 去向, 件数 (zero links are dropped: they draw nothing)."""
    links = links[links["件数"] > 0].reset_index(drop=True)
    nodes = list(dict.fromkeys([*links["来源"], *links["去向"]]))
    at = {n: i for i, n in enumerate(nodes)}
    colors = [C.COLORS[i % len(C.COLORS)] for i in range(len(nodes))]
    fig = go.Figure(go.Sankey(
        node=dict(label=[f"{n} {int(v):,}" for n, v in zip(nodes, _node_totals(links, nodes))], color=colors,
                  pad=18, thickness=16),
        link=dict(source=[at[s] for s in links["来源"]], target=[at[t] for t in links["去向"]],
                  value=links["件数"].tolist(), color="rgba(31,78,121,0.18)"),
        valueformat=",d",
    ))
    C.style(fig, title, height=480)
    return C.Chart(title, fig, links, kind=C.PICTURE, takeaway=takeaway, name=name)


def _node_totals(links: pd.DataFrame, nodes: list[str]) -> list[float]:
    out = []
    for n in nodes:
        out.append(max(links.loc[links["来源"] == n, "件数"].sum(), links.loc[links["去向"] == n, "件数"].sum()))
    return out


def heatmap(matrix: pd.DataFrame, title: str, takeaway: str = "", name: str = "heatmap") -> C.Chart:
    """`matrix`: index = rows (agencies), columns = columns (rules), values = counts."""
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=[str(c) for c in matrix.columns], y=[str(i) for i in matrix.index],
        colorscale="Reds", hoverongaps=False, texttemplate="%{z}", xgap=1, ygap=1,
        colorbar=dict(title="问题数"),
    ))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", tickangle=-30)
    _plain_ticks(fig, "y", matrix.index)
    _plain_ticks(fig, "x", matrix.columns)
    C.style(fig, title, height=max(360, min(1400, 24 * len(matrix) + 180)))
    data = matrix.reset_index()
    return C.Chart(title, fig, data, kind=C.PICTURE, takeaway=takeaway, name=name)


def distribution(values: pd.DataFrame, label: str, value: str, title: str, *, unit: str = C.COUNT,
                 highlight: str | None = None, takeaway: str = "", name: str = "distribution") -> C.Chart:
    """One dot per agency (`label`, `value`) over a box of the distribution; `highlight` stands out."""
    fig = go.Figure()
    fig.add_box(x=values[value], name="同类机关", boxpoints="all", jitter=0.4, pointpos=0,
                marker=dict(color=MUTED, size=8), line_color=ACCENT, fillcolor="rgba(0,0,0,0)",
                text=values[label].map(C.plotly_text), hovertemplate="%{text}: %{x}<extra></extra>", orientation="h")
    if highlight is not None:
        own = values[values[label] == highlight]
        fig.add_scatter(x=own[value], y=["同类机关"] * len(own), mode="markers+text", name=C.plotly_text(highlight),
                        text=own[label].map(C.plotly_text), textposition="top center",
                        marker=dict(color=ALERT, size=16, symbol="diamond"))
    fig.update_xaxes(**_axis_format(unit), title=None)
    fig.update_yaxes(showticklabels=False)
    C.style(fig, title, height=320)
    return C.Chart(title, fig, values[[label, value]], kind=C.PICTURE, unit=unit, takeaway=takeaway, name=name)


def _fmt(v, unit: str) -> str:
    return labels.value(v, unit, blank="")
