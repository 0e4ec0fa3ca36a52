"""What every bench script does with its figures: print them, and keep them in a file
(bench/results/…) when asked, so the last measurement is in the repository."""
from __future__ import annotations

from pathlib import Path


def emit(text: str, save: str | None) -> None:
    print(text, end="")
    if save:
        Path(save).parent.mkdir(parents=True, exist_ok=True)
        Path(save).write_text(text, encoding="utf-8")
