"""What flows through the pipeline: an extracted Document, and the Report parsed from it.

Extractors (one per format) only have to produce a Document: lines of cells in reading
order, with whatever position and provenance they know. The parser never looks at the
original file, so every format shares one table reader.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .template import TABLE_KEYS

# Bumped when a parse can change: an unchanged file parsed by an older version is re-stored.
PARSER_VERSION = "1.2.0"

# A value read with less confidence than this (OCR of a scan) is not trusted silently: the
# report is flagged for review. Calibrated on rasterised real reports in bench/scan.py.
REVIEW_CONFIDENCE = 0.9


class DisclosureError(Exception):
    """A document that cannot be read or parsed; the message names the reason in one line."""

    def __init__(self, reason: str, path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason


@dataclass
class Cell:
    """One cell of a line as the extractor saw it.

    x0/x1 are horizontal positions (any unit, consistent within a document) when the
    format has them (PDF words, OCR boxes); the parser then places values into columns
    by position instead of by order. `ref` says where the cell came from, for provenance.
    """

    text: str
    x0: float | None = None
    x1: float | None = None
    confidence: float = 1.0
    ref: str | None = None

    @property
    def center(self) -> float | None:
        if self.x0 is None or self.x1 is None:
            return None
        return (self.x0 + self.x1) / 2


@dataclass
class Line:
    """A line of text, or a row of a table, in reading order.

    `grid` is true when the cells come from a real table grid (HTML, Word): then an
    empty cell is a blank cell of the table. In plain text an empty cell between two
    tabs is blank too, but a line whose numbers are all missing is a wrapped label.
    """

    cells: list[Cell]
    page: int | None = None
    ref: str | None = None
    grid: bool = False
    delimited: bool = False  # cells were split on tabs or pipes: empty cells are meaningful
    # where the line is printed on its page (PDF, OCR; the x unit, y growing downwards)
    top: float | None = None
    bottom: float | None = None

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells if c.text).strip()

    @classmethod
    def of(cls, *texts: str, **kw: Any) -> "Line":
        return cls([Cell(t) for t in texts], **kw)


@dataclass
class Document:
    path: str
    format: str  # txt / pdf / html / docx / doc / scan
    extractor: str
    lines: list[Line]
    sha256: str = ""
    meta: dict[str, Any] = field(default_factory=dict)  # title, published, … when the format says


@dataclass
class Value:
    """A parsed cell: the number (None for blank), what was printed, and where."""

    value: float | int | None
    raw: str = ""
    page: int | None = None
    ref: str | None = None
    confidence: float = 1.0


@dataclass
class SectionText:
    ordinal: int
    heading: str | None  # as printed; None for the preamble before the first heading
    key: str | None  # statutory section key (template.SECTIONS) when it matches one
    text: str


@dataclass
class LabelDeviation:
    table: str
    row: str | None  # row key, or None for a group label / header
    printed: str
    expected: str
    kind: str = "row"  # row / group / column


@dataclass
class Report:
    agency: str | None  # None: nothing in the document names it (a person assigns it)
    year: int | None
    template: str
    published: str | None
    tables: dict[str, dict[str, dict[str, Value]]]
    sections: list[SectionText] = field(default_factory=list)
    deviations: list[LabelDeviation] = field(default_factory=list)
    path: str = ""
    sha256: str = ""
    format: str = ""
    extractor: str = ""
    notes: list[str] = field(default_factory=list)  # parser remarks a reviewer may want
    review: list[str] = field(default_factory=list)  # why a person must check values before trusting them
    # where the agency and the year were read: {"agency": "title", "year": "period", …} (parse/identity.py)
    identity: dict[str, str] = field(default_factory=dict)
    # the source document as the store keeps it (disclosure/store/files.py): set when its
    # bytes are in the documents folder
    document_size: int | None = None
    document_ending: str = ""
    # where the document was downloaded from (the collector's URL), when it was
    source_url: str = ""

    def value(self, table: str, row: str, column: str) -> float | int | None:
        cell = self.tables.get(table, {}).get(row, {}).get(column)
        return None if cell is None else cell.value

    def cells(self):
        """(table, row, column, Value) for every cell the document has."""
        for t in TABLE_KEYS:
            for r, cols in self.tables.get(t, {}).items():
                for c, v in cols.items():
                    yield t, r, c, v

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Report":
        """The inverse of `to_json`: a report from the data contract's shape (with each
        cell's provenance when the JSON has it)."""
        source = data.get("source") or {}
        provenance = data.get("provenance") or {}

        def value(t: str, r: str, c: str, v) -> Value:
            p = provenance.get(f"{t}.{r}.{c}")
            if p is None:
                return Value(v, "" if v is None else str(v))
            return Value(v, p.get("raw") or "", p.get("page"), p.get("ref"), p.get("confidence", 1.0))

        tables = {
            t: {r: {c: value(t, r, c, v) for c, v in cols.items()} for r, cols in data[t].items()}
            for t in TABLE_KEYS if data.get(t)
        }
        return cls(
            agency=data["agency"],
            year=data["year"],
            template=data["template"],
            published=data.get("published"),
            tables=tables,
            sections=[SectionText(i, s.get("heading"), s.get("key"), s.get("text", ""))
                      for i, s in enumerate(data.get("sections") or [])],
            deviations=[LabelDeviation(d["table"], d.get("row"), d["printed"], d["expected"], d.get("kind", "row"))
                        for d in data.get("label_deviations") or []],
            path=source.get("path", ""),
            sha256=source.get("sha256", ""),
            format=source.get("format", ""),
            extractor=source.get("extractor", ""),
            source_url=source.get("url", ""),
            notes=list(data.get("notes") or []),
            review=list(data.get("review") or []),
            identity=dict(data.get("identity") or {}),
        )

    def to_json(self, provenance: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "published": self.published,
        }
        for t in TABLE_KEYS:
            out[t] = {r: {c: v.value for c, v in cols.items()} for r, cols in self.tables.get(t, {}).items()}
        out["sections"] = [
            {"heading": s.heading, "key": s.key, "text": s.text} for s in self.sections
        ]
        out["label_deviations"] = [
            {"table": d.table, "row": d.row, "kind": d.kind, "printed": d.printed, "expected": d.expected}
            for d in self.deviations
        ]
        out["source"] = {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "extractor": self.extractor,
            "parser_version": PARSER_VERSION,
        }
        if self.source_url:
            out["source"]["url"] = self.source_url
        if self.notes:
            out["notes"] = list(self.notes)
        if self.review:
            out["review"] = list(self.review)
        if self.identity:
            out["identity"] = dict(self.identity)
        if provenance:
            out["provenance"] = {
                f"{t}.{r}.{c}": {"raw": v.raw, "page": v.page, "ref": v.ref, "confidence": v.confidence}
                for t, r, c, v in self.cells()
            }
        return out
