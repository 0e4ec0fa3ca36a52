"""Plotly figures as PNG (for slides, 2× scale) and SVG, rendered by kaleido in the system Chromium.

kaleido 1.x drives a Chrome it does not ship: we point it at Debian's `chromium`
(BROWSER_PATH, installed by the Makefile) and keep one headless browser running for the
process, since starting it costs seconds and each image after that well under one.
Chinese text renders with the CJK fonts the figure names (fonts-noto-cjk on Debian).
"""
from __future__ import annotations

import atexit
import os
import shutil
import threading

import plotly.graph_objects as go

from ..model import DisclosureError

BROWSERS = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")
WIDTH, HEIGHT, SCALE = 1000, 560, 2  # 16:9-ish, 2000×1120 pixels at 2×
TIMEOUT = 60

_lock = threading.Lock()  # kaleido's sync server answers one caller at a time
_started = False


def browser() -> str:
    """The Chrome-like browser kaleido will use, or a clear error naming the package."""
    configured = os.environ.get("BROWSER_PATH")
    for name in ((configured,) if configured else BROWSERS):
        found = shutil.which(name) if name else None
        if found:
            return found
    raise DisclosureError("导出图片需要 Chromium：请安装 Debian 软件包 chromium（make apt）")


def _ensure_server() -> None:
    global _started
    if _started:
        return
    import kaleido

    os.environ["BROWSER_PATH"] = browser()
    # mathjax off: it would be fetched from a CDN, and no chart of ours typesets formulas
    kaleido.start_sync_server(n=1, timeout=TIMEOUT, mathjax=False, silence_warnings=True)
    # close the browser before Python removes its profile folder at exit (else: "Directory not empty")
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    _started = True


def render(fig: go.Figure, fmt: str, width: int | None = None, height: int | None = None,
           scale: float = 1) -> bytes:
    """`fig` as `fmt` ("png", "svg", "pdf") bytes; the size is the figure's own unless given
    (a ranking of many agencies is drawn taller)."""
    import kaleido

    width = width or fig.layout.width or WIDTH
    height = height or fig.layout.height or HEIGHT
    with _lock:
        _ensure_server()
        try:
            return kaleido.calc_fig_sync(
                fig.to_dict(), opts=dict(format=fmt, width=width, height=height, scale=scale)
            )
        except Exception as exc:  # kaleido reports browser trouble in many exception types
            raise DisclosureError(f"图表导出失败：{type(exc).__name__}: {exc}") from exc


def png(fig: go.Figure, width: int | None = None, height: int | None = None, scale: float = SCALE) -> bytes:
    return render(fig, "png", width, height, scale)


def svg(fig: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
    return render(fig, "svg", width, height)
