"""Optical character recognition of one page image: text boxes with positions and scores.

The engine is rapidocr on onnxruntime with the models that ship inside the rapidocr wheel;
every model path is given explicitly, so nothing is fetched from the network at run time.
Loading the models takes a while, so one engine serves the whole process.

Each box comes with its characters, each with its own box and recognition score, so a box
that swallowed several table cells (`0 0 0`) can be split into cells with their own
positions, and a number's confidence is that of its least certain character. Boxes are
levelled by the page's tilt; a lone stroke is read `/` or `1` by the lean of its ink; and
each page says how many marks of ink no box covers (ink.py), so an empty table cell is
trusted as blank only where the OCR read everything printed.
"""
from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import numpy as np

from .ink import ink_of, unread_marks

# detection, recognition and (unused, but configured so it can never be fetched) the
# text-direction classifier: the files bundled in the rapidocr wheel
_MODEL_FILES = {
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}

# a reading put right here or in scan.py (a letter for a digit, a slash for a 1) is never
# trusted: its confidence is at most this, below model.REVIEW_CONFIDENCE
CORRECTED_CONFIDENCE = 0.5

# rapidocr scales an image whose longer side passes this down before it detects text; pages
# are handed over at most this size, so box sizes are the ones the recogniser saw
MAX_SIDE = 2000

_NUMBER = re.compile(r"^[0-9][0-9.,]*$")

_engine = None
_engine_lock = threading.Lock()
_threads: int | None = None  # onnxruntime's threads per model; None: one per core


def set_threads(n: int | None) -> None:
    """How many threads the OCR models run on, from the next engine created on. Worker
    processes that share the cores set their share: onnxruntime's default of one thread
    per core in each of them only makes the threads wait for each other."""
    global _threads, _engine
    with _engine_lock:
        if n != _threads:
            _threads, _engine = n, None


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
    quad: np.ndarray | None = None  # its corners on the image as scanned (not levelled)

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

        raise DisclosureError(f"文字识别模型缺失（rapidocr 安装不完整）：{'、'.join(missing)}")
    params = {f"{task}.model_path": str(path) for task, path in paths.items()}
    params.update({
        "Global.log_level": "warning",
        "Global.max_side_len": MAX_SIDE,
        # keep uncertain boxes: a dropped box is a silently missing cell, a kept one is flagged
        "Global.text_score": 0.3,
        # pages are upright; the classifier only flips single lines by 180°
        "Global.use_cls": False,
        "Global.return_word_box": True,
        "Global.return_single_char_box": True,
    })
    if _threads:
        params["EngineConfig.onnxruntime.intra_op_num_threads"] = _threads
        params["EngineConfig.onnxruntime.inter_op_num_threads"] = 1
    return RapidOCR(params=params)


@dataclass
class PageText:
    boxes: list[TextBox]
    unread: int  # marks of text size that no box covers (ink.unread_marks)


def _fit(image):
    """The page image as the OCR reads it: RGB, scaled down to MAX_SIDE when larger."""
    from PIL import Image

    image = image.convert("RGB")
    scale = MAX_SIDE / max(image.size)
    if scale < 1:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    return image


def read_image(image) -> PageText:
    """The text boxes of one page image (PIL), in no set order, in the pixels of `_fit(image)`."""
    image = _fit(image)
    pixels = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])  # rapidocr works in BGR
    result = engine()(pixels)
    ink = ink_of(image)
    if getattr(result, "txts", None) is None or len(result) == 0:
        return PageText([], unread_marks(ink, [], 0.0))
    words = result.word_results if len(result.word_results) == len(result.txts) else [()] * len(result.txts)
    boxes = text_boxes(result.boxes, result.txts, result.scores, words)
    for box in boxes:
        settle_stroke(box, ink)
    return PageText(boxes, unread_marks(ink, [b.quad for b in boxes], text_height(boxes)))


def text_height(boxes: list[TextBox]) -> float:
    """The typical height of the page's boxes that hold only a number (its table cells)."""
    numbers = [b.height for b in boxes if _NUMBER.match(b.text.strip())]
    return median(numbers or [b.height for b in boxes] or [0.0])


def text_boxes(quads, texts, scores, words) -> list[TextBox]:
    """rapidocr's output as TextBoxes, turned back by the page's tilt.

    A scan is rarely quite straight: tilted by 1°, a table row drifts 17 pixels over
    1000, enough to split it. The boxes (corner points, clockwise from the top left) are
    rotated about the origin by minus the page's tilt, so rows are level again.
    """
    quads = [np.asarray(q, dtype=float) for q in quads]
    tilt = _tilt(quads)
    boxes = []
    for q, text, score, chars in zip(quads, texts, scores, words):
        level = _level(q, tilt)
        x0, y0 = level.min(axis=0)
        x1, y1 = level.max(axis=0)
        boxes.append(TextBox(text, float(score), float(x0), float(y0), float(x1), float(y1),
                             _chars(text, float(score), chars, float(x0), float(x1), tilt), quad=q))
    return boxes


def _tilt(quads: list[np.ndarray]) -> float:
    """The page's tilt in radians: the median slope of the top edges of wide boxes."""
    slopes = []
    for q in quads:
        dx, dy = q[1] - q[0]
        if dx > 3 * abs(q[3][1] - q[0][1]):  # a wide box: its slope means something
            slopes.append(math.atan2(dy, dx))
    return median(slopes) if slopes else 0.0


def _level(points: np.ndarray, tilt: float) -> np.ndarray:
    if not tilt:
        return points
    c, s = math.cos(tilt), math.sin(tilt)
    x, y = points[..., 0], points[..., 1]
    return np.stack([x * c + y * s, y * c - x * s], axis=-1)


_STROKES = frozenset("1/lI|丨")


def settle_stroke(box: TextBox, ink: np.ndarray) -> None:
    """A lone stroke read as `1` that leans like `/` (a blank marker), or the other way.

    The recogniser is unsure of a slash alone in a cell (scores 0.5–0.85) and now and
    then reads it as 1. The ink decides: a slash leans about 0.3 pixels left per pixel
    down, the stem of a 1 stands upright (its flag, if anything, leans it the other way).
    The reading is changed only when the lean is clear, and is then not trusted.
    """
    text = box.text.strip()
    if len(text) != 1 or text not in _STROKES:
        return
    (x0, y0), (x1, y1) = box.quad.min(axis=0).astype(int), box.quad.max(axis=0).astype(int) + 1
    crop = ink[max(y0, 0):y1, max(x0, 0):x1].copy()
    if crop.size == 0:
        return
    # table rules crossing the box are not part of the character
    crop[crop.mean(axis=1) > 0.9, :] = False
    crop[:, crop.mean(axis=0) > 0.9] = False
    ys, xs = np.nonzero(crop)
    if len(ys) < 8 or np.ptp(ys) < 4:
        return
    dy = ys - ys.mean()
    lean = float(((xs - xs.mean()) * dy).sum() / (dy * dy).sum())
    reading = "/" if lean < -0.2 else "1" if lean > -0.12 else None
    if reading is not None and reading != ("/" if text == "/" else "1"):
        box.text = reading
        box.score = min(box.score, CORRECTED_CONFIDENCE)
        box.chars = [Char(reading, box.score, box.x0, box.x1)]


def _chars(text: str, score: float, words, x0: float, x1: float, tilt: float) -> list[Char]:
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
        box = _level(np.asarray(words[k][2], dtype=float), tilt)
        out.append(Char(c, by_index[i], float(box[:, 0].min()), float(box[:, 0].max())))
        k += 1
    return out
