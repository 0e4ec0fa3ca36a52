"""How much one file may be before it is refused, in one place.

A file over a limit is refused before it is parsed, with a line naming the limit and how
to raise it: a 200 MB text or a 1,500-page PDF is not one annual report (the real ones are
a few MB and a few dozen pages) and reading it would take minutes and gigabytes.

Each limit can be raised (or lowered) by an environment variable, which the command line
sets from its options (`disclosure ingest --max-file-mb 100`) and `disclosure serve`
passes to the dashboard. Parse workers are handed the batch's limits (`current`, `apply`),
so a limit set for a batch holds in every parse of it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from .model import DisclosureError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    key: str  # environment variable
    option: str  # command-line option
    default: int
    label: str  # what is limited, in Chinese
    unit: str  # its unit, in Chinese

    @property
    def value(self) -> int:
        raw = os.environ.get(self.key, "").strip()
        if not raw:
            return self.default
        try:
            number = int(raw)
        except ValueError:
            raise DisclosureError(f"环境变量 {self.key} 应为正整数，而不是 {raw!r}") from None
        if number < 1:
            raise DisclosureError(f"环境变量 {self.key} 应为正整数，而不是 {raw!r}")
        return number

    def refuse(self, actual: str, path: str | None, outcome: str = "未解析") -> DisclosureError:
        """The error for a file over this limit: what it has, the limit, how to raise it."""
        return DisclosureError(
            f"{self.label}超过上限：{actual}，上限 {self.value:,} {self.unit}，{outcome}"
            f"（确需导入时用 {self.option} 或环境变量 {self.key} 调高上限）", path)


FILE_MB = Limit("DISCLOSURE_MAX_FILE_MB", "--max-file-mb", 50, "文件大小", "MB")
FILES = Limit("DISCLOSURE_MAX_FILES", "--max-files", 500, "一次上传的文件数", "个")
PDF_PAGES = Limit("DISCLOSURE_MAX_PDF_PAGES", "--max-pdf-pages", 300, "PDF 页数", "页")
IMAGE_MEGAPIXELS = Limit("DISCLOSURE_MAX_IMAGE_MEGAPIXELS", "--max-image-megapixels", 60, "图片像素", "百万像素")
TEXT_CHARS = Limit("DISCLOSURE_MAX_TEXT_CHARS", "--max-text-chars", 2_000_000, "文字长度", "字")

ALL = (FILE_MB, FILES, PDF_PAGES, IMAGE_MEGAPIXELS, TEXT_CHARS)


def current() -> dict[str, str | None]:
    """The limits as this process has them (its environment), to hand to a worker that did
    not start from this process's environment (a fork server's child, a cluster's worker)."""
    return {limit.key: os.environ.get(limit.key) for limit in ALL}


def apply(settings: dict[str, str | None]) -> None:
    """Take the limits `current()` gave (in a worker)."""
    for key, value in settings.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def check_file_size(size: int, path: str | None) -> None:
    if size > FILE_MB.value * MB:
        raise FILE_MB.refuse(f"{size / MB:,.1f} MB", path)


def check_pages(pages: int, path: str | None) -> None:
    if pages > PDF_PAGES.value:
        raise PDF_PAGES.refuse(f"{pages:,} 页", path)


def check_pixels(width: int, height: int, path: str | None) -> None:
    if width * height > IMAGE_MEGAPIXELS.value * 1_000_000:
        raise IMAGE_MEGAPIXELS.refuse(f"{width:,}×{height:,}（{width * height / 1e6:,.0f} 百万像素）", path)


def check_text(chars: int, path: str | None) -> None:
    if chars > TEXT_CHARS.value:
        raise TEXT_CHARS.refuse(f"{chars:,} 字", path)


def check_count(files: int) -> None:
    if files > FILES.value:
        raise FILES.refuse(f"{files:,} 个", None, "未导入任何文件，请分批上传")


def apply(values: dict[Limit, int | None]) -> None:
    """Set the limits given (a command line's options) for this process and its children."""
    for limit, value in values.items():
        if value is not None:
            if value < 1:
                raise DisclosureError(f"{limit.option} 应为正整数，而不是 {value}")
            os.environ[limit.key] = str(value)
