"""Optical character recognition of one page image: text boxes with positions and scores.

The engine is rapidocr on onnxruntime with the models that ship inside the rapidocr wheel;
every model path is given explicitly, so nothing is fetched from the network at run time.
Loading the models takes a while, so one engine serves the whole process.

Each box comes with its characters, each with its own box and recognition score, so a box
that swallowed several table cells (`0 0 0`) can be split into cells with their own
positions, and a number's confidence is that of its least certain character.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# detection, recognition and (unused, but configured so it can never be fetched) the
# text-direction classifier: the files bundled in the rapidocr wheel
_MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}

_engine = None
_engine_lock = threading.Lock()


@dataclass
class Char:
    text: str
    score: float
    x0: float
    x1: float


@dataclass
class TextBox:
    """One detected line of text: what was read, where, and how sure the recogniser was."""

    text: str
    score: float  # mean over the characters, as rapidocr reports it
    x0: float
    y0: float
    x1: float
    y1: float
    chars: list[Char]  # the non-space characters in order, each with its box and score

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def model_paths() -> dict[str, Path]:
    import rapidocr

    root = Path(rapidocr.__file__).resolve().parent / "models"
    return {task: root / name for task, name in _MODEL_FILES.items()}


def engine():
    """The process's one OCR engine, created on first use."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                _engine = _create_engine()
    return _engine


def _create_engine():
    from rapidocr import RapidOCR

    paths = model_paths()
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        from ..model import DisclosureError

        raise DisclosureError(f"OCR models missing from the rapidocr installation: {', '.join(missing)}")
    params = {f"{task}.model_path": str(path) for task, path in paths.items()}
    params.update({
        "Global.log_level": "warning",
        # keep uncertain boxes: a dropped box is a silently missing cell, a kept one is flagged
        "Global.text_score": 0.3,
        # pages are upright; the classifier only flips single lines by 180°
        "Global.use_cls": False,
        "Global.return_word_box": True,
        "Global.return_single_char_box": True,
    })
    return RapidOCR(params=params)


def read_image(image) -> list[TextBox]:
    """The text boxes of one page image (a PIL image or an RGB array), in no set order."""
    if not isinstance(image, np.ndarray):
        image = np.asarray(image.convert("RGB"))[:, :, ::-1]  # rapidocr works in BGR
    result = engine()(np.ascontiguousarray(image))
    if getattr(result, "txts", None) is None or len(result) == 0:
        return []
    boxes = []
    words = result.word_results if len(result.word_results) == len(result.txts) else [()] * len(result.txts)
    for quad, text, score, chars in zip(result.boxes, result.txts, result.scores, words):
        quad = np.asarray(quad, dtype=float)
        x0, y0 = quad.min(axis=0)
        x1, y1 = quad.max(axis=0)
        boxes.append(TextBox(text, float(score), float(x0), float(y0), float(x1), float(y1),
                             _chars(text, float(score), chars, float(x0), float(x1))))
    return boxes


def _chars(text: str, score: float, words, x0: float, x1: float) -> list[Char]:
    """Per-character boxes and scores of a text box.

    rapidocr 3.10 lists the non-space characters with their boxes, but pairs them with the
    scores of the characters of the full text *including spaces* (a plain zip), so after
    the first space every score belongs to an earlier character. Scores are realigned here
    by position in the full text; those past the end of the truncated list are recovered
    from the box's mean score, which is exact when one is missing.
    """
    visible = [c for c in text if not c.isspace()]
    if len(words) != len(visible) or any(w[0] != c for w, c in zip(words, visible)):
        # no usable character boxes: spread the characters evenly over the box
        step = (x1 - x0) / max(len(text), 1)
        return [Char(c, score, x0 + i * step, x0 + (i + 1) * step) for i, c in enumerate(text) if not c.isspace()]
    listed = [float(w[1]) for w in words]  # scores of text[0], text[1], … (spaces included)
    known = listed[: len(text)]
    unknown = len(text) - len(known)
    rest = 1.0
    if unknown:
        rest = min(1.0, max(0.0, (score * len(text) - sum(known)) / unknown))
    by_index = known + [rest] * unknown
    out = []
    k = 0
    for i, c in enumerate(text):
        if c.isspace():
            continue
        box = np.asarray(words[k][2], dtype=float)
        out.append(Char(c, by_index[i], float(box[:, 0].min()), float(box[:, 0].max())))
        k += 1
    return out
