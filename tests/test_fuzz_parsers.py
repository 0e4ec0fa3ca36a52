"""Property-based fuzzing (hypothesis) of the text and web-page parsers: whatever the
bytes, parsing ends in a Report or the project's own DisclosureError, never another
exception; and a number printed in a cell is read as that number, or, when it is not,
a note says so: a value never silently turns into a blank."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure import template as T
from disclosure.model import DisclosureError
from disclosure.parse import parse_file
from disclosure.render.html import render_html
from disclosure.render.text import render_text

from .conftest import REAL
from .rulekit import base, put

SEED_LINES = (REAL / "shenchi-education-2023.txt").read_text(encoding="utf-8").splitlines()
PAGE = (REAL / "shanghai-office-2019.html").read_text(encoding="utf-8")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ADDRESSES = sorted(f"{t}.{r}.{c}" for t, rows in base().items() if t in T.TABLE_KEYS for r, cols in rows.items()
                   for c in cols)


def parses_or_refuses(name: str, data: bytes):
    try:
        return parse_file(name, data)
    except DisclosureError as exc:
        assert exc.reason and "\n" not in exc.reason
        return None


# --- anything in, a report or a clear refusal out ----------------------------------------------

@FUZZ
@given(st.binary(max_size=4000))
def test_any_bytes_as_text_or_a_page(data):
    parses_or_refuses("x.txt", data)
    parses_or_refuses("x.html", data)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=60),
                          st.sampled_from(SEED_LINES).map(lambda s: s.replace("\t", " " * 3))), max_size=120))
def test_report_lines_shuffled_cut_and_mixed_with_junk(lines):
    parses_or_refuses("x.txt", "\n".join(lines).encode("utf-8"))


@FUZZ
@given(st.integers(0, len(PAGE)), st.integers(0, 400), st.text(max_size=40))
def test_a_web_page_cut_and_spliced(at, cut, junk):
    page = PAGE[:at] + junk + PAGE[at + cut:]
    parses_or_refuses("x.html", page.encode("utf-8"))


# --- printed numbers are read as printed, or noted ------------------------------------------------

NUMBERS = st.one_of(
    st.integers(0, 10_000),
    st.integers(-500, -1),
    st.integers(10 ** 9, 10 ** 45),
    st.integers(10 ** 300, 10 ** 320),  # past any double
    st.decimals(0, 1000, places=2, allow_nan=False).map(float),
    st.none(),
)


def unnoted_blanks(given_values: dict[str, object], report) -> list[str]:
    """Cells given a number that came out blank with no note naming them."""
    version = report.template if report.template in T.TEMPLATES else T.TEMPLATE_2021
    notes = "\n".join(report.notes + report.review)
    out = []
    for addr, v in given_values.items():
        t, r, c = addr.split(".", 1)[0], addr.split(".", 1)[1].rsplit(".", 1)[0], addr.rsplit(".", 1)[1]
        got = report.value(t, r, c)
        if v is None:
            continue
        if got is None:
            if T.cell_label(t, r, c, version) not in notes:
                out.append(f"{addr}: printed {v}, read blank, no note")
        elif math.isfinite(float(v)) and not math.isclose(float(got), float(v), rel_tol=1e-9):
            out.append(f"{addr}: printed {v}, read {got}")
    return out


@FUZZ
@given(st.dictionaries(st.sampled_from(ADDRESSES), NUMBERS, min_size=1, max_size=8), st.sampled_from(["txt", "html"]))
def test_a_printed_number_is_read_or_noted(values, fmt):
    report = base("淮安市测试局")
    for addr, v in values.items():
        put(report, addr, v)
    data = render_text(report, "tabs").encode("utf-8") if fmt == "txt" else render_html(report)
    parsed = parse_file(f"x.{fmt}", data)
    assert not unnoted_blanks(values, parsed)
