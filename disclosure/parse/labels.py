"""Comparing printed labels with the template's wording.

Real labels are wrapped, garbled (`无价提供`), reworded (`其他法律、行政法规规定禁止公开`)
or polluted by a group label printed beside them. Matching works on a label's *core*:
NFKC-normalised, without numbering (`1.`, `（三）`, `一、`), punctuation or spaces, and
compares bags of characters, which is fast and indifferent to where a line was wrapped.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .values import normalize

_NUMBERING = re.compile(r"\d{1,2}[.、,](?!\d)|\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}[、.]")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@lru_cache(maxsize=4096)
def core(text: str) -> str:
    """`（二）部分公开（区分处理的，…）` -> `部分公开区分处理的只计这一情形不计其他情形`."""
    t = normalize(text)
    t = _NUMBERING.sub("", t)
    return _PUNCT.sub("", t)


class Bag:
    """The characters of a label's core with their counts, and how many there are."""

    __slots__ = ("counts", "size")

    def __init__(self, text: str):
        self.counts = Counter(core(text))
        self.size = sum(self.counts.values())


@lru_cache(maxsize=8192)
def bag(text: str) -> Bag:
    return Bag(text)


def similarity(expected: str, printed: str) -> float:
    """F-score (recall-weighted) of the characters `printed` shares with `expected`, 0..1."""
    return bag_similarity(bag(expected), bag(printed))


def bag_similarity(a: Bag, b: Bag) -> float:
    if not a.size or not b.size:
        return 0.0
    small, large = (a.counts, b.counts) if len(a.counts) <= len(b.counts) else (b.counts, a.counts)
    common = 0
    for ch, n in small.items():
        m = large.get(ch)
        if m:
            common += n if n < m else m
    if not common:
        return 0.0
    recall, precision = common / a.size, common / b.size
    beta2 = 2.0  # recall counts double: an extra word printed matters less than a missing one
    return (1 + beta2) * precision * recall / (beta2 * precision + recall)


def best_match(printed: str, candidates: dict[str, tuple[str, ...]], threshold: float) -> tuple[str | None, float]:
    """The key whose labels `printed` resembles most, if at least `threshold`."""
    best, score = None, 0.0
    for key, labels in candidates.items():
        s = max(similarity(lbl, printed) for lbl in labels)
        if s > score:
            best, score = key, s
    return (best, score) if score >= threshold else (None, score)


def same_wording(printed: str, labels: tuple[str, ...]) -> bool:
    """Whether `printed` is one of `labels` up to numbering, punctuation and spaces."""
    c = core(printed)
    return any(c == core(lbl) for lbl in labels)


CUT_MIN = 3  # characters of a label's first line that are enough to tell which label it begins


def begins_label(printed: str, label: str) -> bool:
    """Whether `printed` is the first line of `label` wrapped in a narrow cell: the start of
    its wording, long enough to tell."""
    c = core(printed)
    return len(c) >= CUT_MIN and core(label).startswith(c)


def leading_number(text: str) -> str | None:
    """The numbering a label starts with: `1.` -> `1`, `（三）` -> `三`, `一、` -> `一`."""
    t = normalize(text)
    m = re.match(r"^(\d{1,2})\s*[.．、,，]|^\(\s*([一二三四五六七八九十]{1,3})\s*\)|^([一二三四五六七八九十]{1,3})\s*[、.．]", t)
    if not m:
        return None
    return next(g for g in m.groups() if g)


_ABSURD_DIGITS = re.compile(r"\d{16,}")


def is_prose(text: str) -> bool:
    """A sentence of narrative rather than a table label. A run of digits longer than any
    real figure counts as one character: an absurd number in a cell keeps its row a row
    (it is read, and noted as out of range) instead of turning the row into prose."""
    t = _ABSURD_DIGITS.sub("0", text.strip())
    return ("。" in t and len(t) > 20) or len(t) > 90
