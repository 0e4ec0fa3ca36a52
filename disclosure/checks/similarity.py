"""How alike two agencies' reports are, at the scale of a national year (15–25k reports).

What is compared: the two sections an agency writes itself, 一、总体情况 and 五、存在的主要问题及
改进情况 (the others introduce the tables or are formulaic), after removing the agency's own
name (a copy has the copier's name put in), every number (a copy has its own figures), spaces
and punctuation. The text is cut into character shingles of SHINGLE characters.

Finding candidates without comparing all pairs: each report's shingles get a MinHash
signature (datasketch, NUM_PERM permutations) when the report is stored, cut into BANDS bands
of ROWS values; each band is hashed to a bucket and kept in `report_signatures`. Two reports
of a year that share a bucket are candidates (locality-sensitive hashing: pairs whose shingle
sets overlap by a Jaccard index of 0.33 are found with probability ≈ 0.8, of 0.5 ≈ 0.996,
while unrelated reports rarely meet). A candidate's overlap is first estimated from the two
signatures (the share of equal MinHash values estimates the Jaccard index J; with the
shingle counts a and b, this report's share found in the other is ≈ J(a + b) / ((1 + J) a));
one that may reach the threshold (ESTIMATE_FLOOR) is then measured exactly: the share of
this report's shingles found in the other's (its 雷同率), and the sentences they share.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from functools import lru_cache

import numpy as np

from ..parse.values import normalize

SECTIONS = ("overview", "problems")
SHINGLE = 6  # characters per shingle: long enough that template words alone rarely match
NUM_PERM = 126
SCHEME = "affine32"  # datasketch's permutation scheme: signatures of one scheme only are comparable
BANDS, ROWS = 42, 3  # BANDS × ROWS = NUM_PERM
MIN_CHARS = 200  # compared text shorter than this is alike by nature (无。, one sentence)
# a candidate is measured exactly only when its signature says its overlap may reach the
# rule's threshold: the estimate's standard error at 126 permutations is ≈ 0.04
ESTIMATE_FLOOR = 0.35
SENTENCE_SHARED = 0.8  # a sentence counts as shared when this share of its shingles is in the other text
_DROP = re.compile(r"[\W_]+", re.UNICODE)
_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")


def _own_names(names) -> list[str]:
    """The agency's names, longest first, with the short forms a report uses for itself."""
    out = set()
    for name in names:
        if name:
            out.add(normalize(name))
    return sorted(out, key=len, reverse=True)


def comparable(text: str, names) -> str:
    """The text as compared: NFKC, the agency's own names out, numbers as #, no spaces or punctuation."""
    t = normalize(text)
    for name in _own_names(names):
        t = t.replace(name, "")
    t = _DIGITS.sub("#", t)
    return _DROP.sub("", t)


def shingles(text: str) -> set[str]:
    return {text[i:i + SHINGLE] for i in range(max(0, len(text) - SHINGLE + 1))}


def _hash(b: bytes) -> int:
    return zlib.crc32(b)


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_hash, scheme=SCHEME)


def signature(grams: set[str]) -> np.ndarray:
    """The MinHash signature of a shingle set (NUM_PERM values)."""
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=_hash, permutations=_template().permutations, scheme=SCHEME)
    m.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return m.hashvalues


def buckets(grams: set[str]) -> list[int]:
    """The BANDS bucket keys of a shingle set (signed 64-bit, as DuckDB's BIGINT holds them)."""
    return band_keys(signature(grams))


def band_keys(signature_values: np.ndarray) -> list[int]:
    """The BANDS bucket keys of a signature."""
    values = np.asarray(signature_values).astype(np.uint64)
    out = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8,
                                 person=band.to_bytes(2, "little")).digest()
        out.append(int.from_bytes(digest, "little", signed=True))
    return out


def report_text(sections, names) -> tuple[str, list[tuple[str, str]]]:
    """(comparable text of the compared sections, [(sentence as printed, as compared)])."""
    parts, sentences = [], []
    for key, text in sections:
        if key not in SECTIONS or not text:
            continue
        for s in _SENTENCE_END.split(text.replace("\n", "")):
            c = comparable(s, names)
            if c:
                sentences.append((s.strip(), c))
                parts.append(c)
    return "".join(parts), sentences


def hashed(grams: set[str]) -> np.ndarray:
    """A shingle set as its sorted 32-bit hashes: a few kilobytes a report, where the strings
    take a hundred (two reports' chance of a false shared hash is ~1 in 5,000 a pair)."""
    return np.unique(np.fromiter((_hash(g.encode("utf-8")) for g in grams), dtype=np.uint32, count=len(grams)))


def containment(own: np.ndarray, other: np.ndarray) -> float:
    """The share of `own` (sorted shingle hashes) found in `other`."""
    if not len(own):
        return 0.0
    return float(np.intersect1d(own, other, assume_unique=True).size / own.size)


def shared_sentences(sentences: list[tuple[str, str]], other: np.ndarray, limit: int = 5) -> list[str]:
    """This report's sentences (as printed) found in the other text, longest first."""
    found = []
    for printed, compared in sentences:
        grams = shingles(compared)
        if len(compared) >= 2 * SHINGLE and grams and containment(hashed(grams), other) >= SENTENCE_SHARED:
            found.append(printed)
    return sorted(found, key=len, reverse=True)[:limit]


def estimated_share(own: np.ndarray, other: np.ndarray, own_count: np.ndarray, other_count: np.ndarray) -> np.ndarray:
    """For pairs of signatures (rows of two NUM_PERM-wide arrays) and their shingle counts: the
    estimated share of the first's shingles found in the second's, from the Jaccard estimate."""
    j = (own == other).mean(axis=1)
    return j * (own_count + other_count) / ((1 + j) * own_count)
