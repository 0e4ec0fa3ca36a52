"""A chart as the dashboard draws it and as a slide redraws it.

A Chart carries its plotly figure (screen, PNG, SVG), the data it shows as a wide table
(categories in one column, one column per series: the CSV export and PowerPoint's native
chart both read it), and the kind of chart, which says whether PowerPoint can draw it
natively. Sankeys, heatmaps and distributions have no native PowerPoint equivalent and go
on a slide as a picture.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

BAR = "bar"                  # one or more series side by side
STACKED = "stacked"          # stacked bars
STACKED_100 = "stacked100"   # stacked to 100%
LINE = "line"
PICTURE = "picture"          # no native equivalent: the slide shows the image
NATIVE_KINDS = (BAR, STACKED, STACKED_100, LINE)
KINDS = NATIVE_KINDS + (PICTURE,)

PERCENT = "percent"          # values are per cent: 62.5 is 62.5%
COUNT = "count"


@dataclass
class Chart:
    title: str
    figure: go.Figure
    data: pd.DataFrame
    kind: str = PICTURE
    category: str | None = None          # column of `data` holding the categories
    series: list[str] = field(default_factory=list)  # columns of `data` holding one series each
    unit: str = COUNT
    takeaway: str = ""                   # the one line a slide prints under the chart
    horizontal: bool = False             # bars drawn sideways (long agency names)
    name: str = "chart"                  # file name stem for downloads

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"chart kind must be one of {KINDS}")
        if self.kind in NATIVE_KINDS:
            missing = [c for c in [self.category, *self.series] if c not in self.data.columns]
            if self.category is None or not self.series or missing:
                raise ValueError(f"a {self.kind} chart needs its category and series columns in data: {missing}")

    @property
    def native(self) -> bool:
        return self.kind in NATIVE_KINDS


# Chinese first: Noto (Debian's fonts-noto-cjk, used by the image export), then what
# Windows and macOS viewers have.
FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
COLORS = ("#1f4e79", "#e07b39", "#5b9b4a", "#c0392b", "#8e6bb8", "#3a9ca6", "#b8860b", "#7f7f7f",
          "#d4a5a5", "#2e8b57")


def plotly_text(text) -> str:
    """Text as plotly must be given it to draw it as typed: plotly reads `<b>`, `<br>` and
    `<a href=…>` in titles, tick labels, legends and point labels as markup (a link in an
    agency's name would be live on screen and in the SVG), but shows `&lt;` as `<`."""
    return html.escape(str(text), quote=False)


def style(fig: go.Figure, title: str, height: int = 460) -> go.Figure:
    """The house look: white, Chinese fonts, title on top, legend below."""
    fig.update_layout(
        title=dict(text=plotly_text(title), x=0.01, xanchor="left"),
        template="plotly_white",
        font=dict(family=FONT_FAMILY, size=13),
        colorway=list(COLORS),
        height=height,
        margin=dict(l=10, r=20, t=60, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
    )
    return fig
