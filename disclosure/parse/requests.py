"""Table 三: received and processed requests, 25 rows (or 23 with one （六）其他处理 row) × 7.

Rows are mapped by their labels and their order together: the rows of values found in
the document are aligned with the template's rows by dynamic programming, each pair
scored by how much the printed label (with the label lines around it) resembles the
template's wording. Order carries garbled and wrapped labels; labels carry missing,
extra and reordered rows, and choose between the split and the single （六） layout.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import template as T
from ..model import LabelDeviation, Line, Value
from .labels import Bag, bag, bag_similarity, begins_label, core, leading_number, same_wording, similarity
from .rows import Entry, entries
from .tokens import Tok
from .values import normalize, to_value

NCOLS = len(T.REQUEST_COLUMN_KEYS)

SKIP_GROUP = -1.5  # a row of numbers left unplaced costs more than any label mismatch
SKIP_ROW = -0.6  # a template row the document does not print
PHANTOM_MIN = 0.8  # a blank row printed as a bare label must name its row clearly
ROW_MATCH = 0.8  # an unnumbered label this close to a row's wording begins that row


@dataclass
class RequestsResult:
    rows: dict[str, dict[str, Value]]
    deviations: list[LabelDeviation]
    notes: list[str]
    layout: str  # "split" (three （六） rows) or "single"


# --- group labels --------------------------------------------------------------------------

_GROUP_TEXTS = [(g.key, normalize(g.label)) for g in T.REQUEST_GROUPS]
_ROW_LABELS = {r.key: (r.label,) + r.variants for r in T.REQUEST_ROWS_ANY}


@lru_cache(maxsize=4096)
def group_fragment(text: str) -> tuple[str | None, bool]:
    """(group key, printed as the template words it) if `text` is part of a group label.

    Rotated and wrapped group labels come in pieces (`三`, `、本`, `（三）不`, `予公开`);
    a garbled one (`无价提供`) is recognised by resemblance and reported as deviating.
    """
    n = normalize(text)
    if not n:
        return None, True
    for key, g in _GROUP_TEXTS:
        # a short piece, most of the label, or its head or tail (`三、本年度` / `办理结果`,
        # a label wrapped in a narrow column)
        if n in g and (len(n) <= 3 or len(n) * 2 >= len(g) or g.startswith(n) or g.endswith(n)):
            return key, True
    c = core(text)
    if len(c) < 3:
        return None, True
    best_group, gscore = None, 0.0
    for g in T.REQUEST_GROUPS:
        s = max(similarity(lbl, text) for lbl in (g.label,) + g.variants)
        if s > gscore:
            best_group, gscore = g.key, s
    if gscore < 0.7:
        return None, True
    rscore = max(similarity(lbl, text) for labels in _ROW_LABELS.values() for lbl in labels)
    if gscore > rscore and len(c) <= len(core(T.REQUESTS_GROUP_LABELS[best_group])) + 2:
        return best_group, False
    return None, True


def row_text(labels: list[str], row: T.Row | None = None) -> str:
    """The label of a row as printed, without the group labels printed beside it.

    A short piece that reads as part of a group label may be the row's own wrapped text
    (`…禁止公` / `开`, and `开` is in `（三）不予公开`): given the row, the reading closest
    to the row's wording is taken.
    """
    texts = row_texts(tuple(labels))
    if row is None or len(texts) == 1:
        return texts[0]
    return max(texts, key=lambda t: _similarity(row, t))  # the first (no pieces kept) on ties


@lru_cache(maxsize=8192)
def row_texts(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The readings of a row's label: without group-label pieces, then with each short piece
    that may be the row's own wrapped text, then with all of them."""
    is_group = [group_fragment(t)[0] is not None for t in labels]
    keep = [not g for g in is_group]
    if not any(keep):
        return (" ".join(labels),)
    pieces = [i for i, g in enumerate(is_group) if g and _may_be_wrapped_text(labels[i])]
    out = [_joined(labels, keep)]
    for i in pieces:
        out.append(_joined(labels, keep[:i] + [True] + keep[i + 1:]))
    if len(pieces) > 1:
        out.append(_joined(labels, [k or i in pieces for i, k in enumerate(keep)]))
    return tuple(out)


@lru_cache(maxsize=4096)
def _may_be_wrapped_text(piece: str) -> bool:
    """A short piece without numbering: a whole group label (`（三）不予公开`) never is."""
    return leading_number(piece) is None and len(core(piece)) <= 3


def _joined(labels: list[str], keep: list[bool]) -> str:
    return " ".join(t for t, k in zip(labels, keep) if k)


def _similarity(row: T.Row, text: str) -> float:
    printed = bag(text)
    return max(bag_similarity(b, printed) for b in _row_bags(row.key))


# --- alignment -----------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _row_bags(row_key: str) -> tuple[Bag, ...]:
    row = T.request_row(row_key)
    return tuple(bag(lbl) for lbl in (row.label,) + row.variants)


def _score(row: T.Row, labels: list[str]) -> float:
    return max((_similarity(row, t) for t in row_texts(tuple(labels)) if t), default=0.0)


def _score_matrix(texts: list[list[list[str]]]) -> list[dict[str, float]]:
    """For each candidate, its best score against every row of either layout.

    A label's first line alone (`四、结转下年度继`, the rest wrapped past the table) names its
    row as clearly as a blank row's label must."""
    out = []
    for windows in texts:
        readings = [_reading_scores(t) for t in {t for w in windows for t in row_texts(tuple(w))} if t]
        scores = {}
        for r in T.REQUEST_ROWS_ANY:
            s = max((score[r.key] for score, _ in readings), default=0.0)
            if s < PHANTOM_MIN and any(r.key in begins for _, begins in readings):
                s = PHANTOM_MIN
            scores[r.key] = s
        out.append(scores)
    return out


@lru_cache(maxsize=8192)
def _reading_scores(text: str) -> tuple[dict[str, float], frozenset[str]]:
    """A label reading's score against every row, and the rows whose label it begins:
    reports print the same labels, so each reading is scored once per process."""
    printed = bag(text)
    scores = {r.key: max(bag_similarity(b, printed) for b in _row_bags(r.key)) for r in T.REQUEST_ROWS_ANY}
    begins = frozenset(r.key for r in T.REQUEST_ROWS_ANY if any(begins_label(text, lbl) for lbl in _ROW_LABELS[r.key]))
    return scores, begins


def _align(cands: list[Entry], scores: list[dict[str, float]], rows: tuple[T.Row, ...]):
    """Best monotone matching of candidate entries to template rows: (score, pairs)."""
    n, m = len(cands), len(rows)
    neg = float("-inf")
    dp = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, bool] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    dp[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            cur = dp[i][j]
            if cur == neg:
                continue
            if i < n:  # leave candidate i unplaced
                s = cur + (0.0 if cands[i].phantom and cands[i].values is None else SKIP_GROUP)
                if s > dp[i + 1][j]:
                    dp[i + 1][j], back[i + 1][j] = s, (i, j, False)
            if j < m:  # the document lacks template row j
                s = cur + SKIP_ROW
                if s > dp[i][j + 1]:
                    dp[i][j + 1], back[i][j + 1] = s, (i, j, False)
            if i < n and j < m:
                sim = scores[i][rows[j].key]
                if cands[i].values is None:  # a bare label standing for a blank row
                    if sim < PHANTOM_MIN:
                        continue
                    sim -= 0.3
                s = cur + sim
                if s > dp[i + 1][j + 1]:
                    dp[i + 1][j + 1], back[i + 1][j + 1] = s, (i, j, True)
    pairs = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, matched = back[i][j]
        if matched:
            pairs.append((pi, pj))
        i, j = pi, pj
    pairs.reverse()
    return dp[n][m], pairs


def _label_windows(ents: list[Entry], k: int) -> list[list[str]]:
    """Label texts to score entry k with: its own, and with the label lines around it."""
    before: list[str] = []
    i = k - 1
    while i >= 0 and ents[i].values is None and not ents[i].phantom:
        before = ents[i].labels + before
        i -= 1
    after: list[str] = []
    i = k + 1
    while i < len(ents) and ents[i].values is None and not ents[i].phantom:
        after = after + ents[i].labels
        i += 1
    own = ents[k].labels
    if not own and before and ents[k].values is not None:
        # a row of numbers without a label of its own follows the start of its label: a
        # label printed wholly below its numbers does not occur, so the run after it (the
        # next row's label, in a table copied cell by cell) is never its label alone
        return [before, before + after]
    return [own, before + own, own + after, before + own + after]


def _printed_labels(ents: list[Entry], matched: dict[int, T.Row]) -> dict[int, list[str]]:
    """Share each run of label lines between the rows above and below it."""
    order = [k for k in range(len(ents)) if k in matched]
    printed = {k: list(ents[k].labels) for k in order}
    for pos, k in enumerate(order):
        prev_k = order[pos - 1] if pos else None
        gap = [ents[i].labels for i in range((prev_k + 1) if prev_k is not None else 0, k)
               if ents[i].values is None and not (ents[i].phantom and i in matched)]
        best, best_s = 0, float("-inf")
        # a row whose own line opens with its number (`2.其他`) starts there: what is printed
        # above it ends the row before
        cuts = [len(gap)] if prev_k is not None and _opens_row(printed[k]) else range(len(gap) + 1)
        for cut in cuts:
            above = [t for g in gap[:cut] for t in g]
            below = [t for g in gap[cut:] for t in g]
            s = _score(matched[k], below + printed[k])
            if prev_k is not None:
                s += _score(matched[prev_k], printed[prev_k] + above)
            if s > best_s:
                best, best_s = cut, s
        if prev_k is not None:
            printed[prev_k] += [t for g in gap[:best] for t in g]
        printed[k] = [t for g in gap[best:] for t in g] + printed[k]
    if order:
        last = order[-1]
        tail = []
        for i in range(last + 1, len(ents)):
            if ents[i].values is not None:
                break
            tail.append(ents[i].labels)
        best, best_s = 0, _score(matched[last], printed[last])
        for cut in range(1, len(tail) + 1):
            s = _score(matched[last], printed[last] + [t for g in tail[:cut] for t in g])
            if s > best_s:
                best, best_s = cut, s
        printed[last] += [t for g in tail[:best] for t in g]
    return printed


def _opens_row(labels: list[str]) -> bool:
    return bool(labels) and leading_number(labels[0]) is not None


def _cell(tok: Tok, line: Line) -> Value:
    return Value(
        value=to_value(tok.text),
        raw=tok.text,
        page=line.page,
        ref=tok.cell.ref or line.ref,
        confidence=tok.cell.confidence,
    )


def begins_row(text: str, above: list[str]) -> bool:
    """Whether a label begins a row of table 三 rather than continuing the label printed
    above it: numbered and no group label's piece, or read as a row's wording better alone
    than after the label above (`机关不掌握相关政府信息` continues `1.本`)."""
    if group_fragment(text)[0] is not None:
        return False
    if leading_number(text) is not None:
        return True
    alone = _best_row_score((text,))
    return alone >= ROW_MATCH and alone > _best_row_score(tuple(above) + (text,))


@lru_cache(maxsize=4096)
def _best_row_score(labels: tuple[str, ...]) -> float:
    printed = [bag(t) for t in row_texts(labels) if t]
    return max((bag_similarity(b, p) for r in T.REQUEST_ROWS_ANY for b in _row_bags(r.key) for p in printed), default=0.0)


def read_requests(lines: list[Line], preferred_layout: str | None = None) -> RequestsResult:
    ents = entries(lines, NCOLS, columns=T.REQUEST_COLUMNS, begins_row=begins_row)
    cand_idx = [k for k, e in enumerate(ents) if e.values is not None or e.phantom]
    cands = [ents[k] for k in cand_idx]
    scores = _score_matrix([_label_windows(ents, k) for k in cand_idx])
    layouts = {"split": T.REQUEST_ROWS_2021, "single": T.REQUEST_ROWS_2019}
    results = {name: _align(cands, scores, rows) for name, rows in layouts.items()}
    order = ["split", "single"] if preferred_layout != "single" else ["single", "split"]
    layout = max(order, key=lambda name: results[name][0])  # max keeps the first on ties
    rows = layouts[layout]
    _, pairs = results[layout]

    matched = {cand_idx[ci]: rows[rj] for ci, rj in pairs}
    printed = _printed_labels(ents, matched)
    out: dict[str, dict[str, Value]] = {}
    deviations: list[LabelDeviation] = []
    notes: list[str] = []
    for k, row in matched.items():
        e = ents[k]
        if e.values is None:
            out[row.key] = {c: Value(None, "", e.line.page, e.line.ref) for c in T.REQUEST_COLUMN_KEYS}
        else:
            out[row.key] = {c: _cell(t, e.line) for c, t in zip(T.REQUEST_COLUMN_KEYS, e.values)}
        text = row_text(printed[k], row)
        if text and not same_wording(text, (row.label,)):
            deviations.append(LabelDeviation(T.TABLE_REQUESTS, row.key, " ".join(text.split()), row.label))
    for k, e in enumerate(ents):
        if e.values is not None and k not in matched:
            nums = " ".join(t.text or "·" for t in e.values)
            notes.append(f"表三：一行数字未能对应到模板行（{' '.join(e.labels) or '无标签'}：{nums}）")
        if e.incomplete:
            nums = " ".join(t.text for t in e.incomplete)
            notes.append(f"表三：一行只有 {len(e.incomplete)} 个数字，少于 {NCOLS} 列，无法定位（{' '.join(e.labels)}：{nums}）")
    seen_groups = set()
    for e in ents:
        for t in e.labels:
            key, exact = group_fragment(t)
            if key and not exact and (key, t) not in seen_groups:
                seen_groups.add((key, t))
                deviations.append(LabelDeviation(T.TABLE_REQUESTS, None, t, T.REQUESTS_GROUP_LABELS[key], kind="group"))
    ordered = {r.key: out[r.key] for r in rows if r.key in out}
    return RequestsResult(ordered, deviations, notes, layout)
