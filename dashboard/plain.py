"""Report-derived text shown as text: never as Markdown, HTML or a Streamlit directive.

Agency names, section headings, file names, notes, messages and review notes come from
files anyone can write. Streamlit renders headings, captions, alerts, toasts, expander,
link, checkbox and metric labels as Markdown (with `:red[…]`, `:material/…:` and emoji
directives, autolinked URLs and LaTeX): a name like `县[教育](http://…)局` would become a
live link. Where a plain element exists (st.text) pages use it; everywhere else such a
string goes through `md()`, which backslash-escapes every ASCII punctuation character
(CommonMark lets any of them be escaped, and an escaped `:` also stops directives and
emoji short codes), puts an invisible word joiner before what GFM would autolink (a URL,
`www.`, an e-mail address), and keeps the text on one line.
"""
from __future__ import annotations

import re

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")
# GFM's literal autolinks (http://…, www.…, a@b.c) are found in the text after escapes are
# undone, and only where the character before is a space or punctuation: an invisible word
# joiner there (and before an @) leaves them plain text.
_AUTOLINK = re.compile(r"(?i)(?=https?\\:|www\\\.)|(?=\\@)")
JOINER = "\u2060"


def md(text) -> str:
    """`text` as Markdown source that renders exactly as `text` reads, on one line."""
    if text is None:
        return ""
    escaped = _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))
    return _AUTOLINK.sub(JOINER, escaped)
