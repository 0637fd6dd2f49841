"""Subset the report's fonts to the characters each page uses: sfnt for the PDFs, WOFF2
for the web (compressed by the worker processes), cached by face, characters and tools."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import io
import os
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brotli
import fontTools
import uharfbuzz as hb

from tianxin_report.errors import ReportError
from tianxin_report.output.workers import Workers
from tianxin_report.source.fonts import FontFace, font_path

ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0–—‘’“”…·•×©²³°→←"


def cache_key(face: FontFace, chars: str, flavor: str | None) -> str:
    version = importlib.metadata.version(face.distribution)
    tools = f"{fontTools.version}|hb{hb.__version__}"
    if flavor == "woff2":
        tools += f"|q{WOFF2_QUALITY}"
    stamp = f"{face}|{version}|{flavor}|{tools}|{''.join(sorted(set(chars)))}"
    return hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:20]


# brotli quality of the web fonts. On these CJK subsets 10 is ~9x slower than 9 for fonts
# ~7 % smaller (the 874-character serif: 0.46 s and 181 KiB against 0.05 s and 195 KiB; 11:
# 1.1 s, 180 KiB), and 9 keeps the pages within their budgets; below 9 saves little time.
WOFF2_QUALITY = 9


def subset_bytes(face: FontFace, chars: str) -> bytes:
    """The face cut down to `chars` (and pinned at its weight, for a variable face), as sfnt.

    HarfBuzz's subsetter: it does in ~20 ms what fontTools' takes seconds for on these
    8-18 MB CJK fonts. All layout features are kept (pwid, vert, locl…), hinting is not.
    """
    font = hb.Face(hb.Blob.from_file_path(str(font_path(face))))
    plan = hb.SubsetInput()
    for code in sorted({ord(c) for c in chars + ALWAYS}):  # a fixed order: same bytes
        plan.unicode_set.add(code)
    plan.layout_feature_tag_set.invert()  # an empty set inverted: every feature
    plan.name_id_set.invert()
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.NOTDEF_OUTLINE
    if face.axis_value is not None:
        plan.pin_axis_location(font, "wght", face.axis_value)
    result = hb.subset(font, plan)
    if result is None:
        raise ReportError(f"HarfBuzz could not subset the font {font_path(face)}",
                          hint="reinstall the font package (pip install --force-reinstall "
                               f"{face.distribution})", code="font")
    return bytes(result.blob.data)


def preload_woff2() -> None:
    """Import what `to_woff2` needs (~40 ms): a worker's set-up, run while the build's own
    process checks the report."""
    from fontTools.ttLib import TTFont, woff2  # noqa: F401


def to_woff2(data: bytes) -> bytes:
    """WOFF2-compress an sfnt font (fontTools, brotli at WOFF2_QUALITY)."""
    from fontTools.ttLib import TTFont, woff2  # ~40 ms: imported by the workers that need it

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # else head.modified = now
    font.flavor = "woff2"
    out = io.BytesIO()
    # fontTools' WOFF2 writer calls brotli at its default quality 11; the hook is the
    # module it imported, so the quality is set for this call only
    woff2.brotli.compress = functools.partial(BROTLI_COMPRESS, quality=WOFF2_QUALITY)
    try:
        font.save(out)
    finally:
        woff2.brotli.compress = BROTLI_COMPRESS
    return out.getvalue()


BROTLI_COMPRESS = brotli.compress


def make_subset(face: FontFace, chars: str, flavor: str | None, target: Path) -> None:
    """Subset `face` to `chars` and save it, as sfnt or WOFF2, atomically."""
    data = subset_bytes(face, chars)
    save_atomically(target, to_woff2(data) if flavor == "woff2" else data)


def save_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    tmp.write_bytes(data)
    tmp.replace(target)


def subset_path(face: FontFace, chars: str, flavor: str | None, cache: Path) -> Path:
    suffix = ".woff2" if flavor == "woff2" else Path(face.file).suffix
    return cache / "fonts" / f"{cache_key(face, chars, flavor)}{suffix}"


def woff2_cost(face: FontFace, chars: str) -> int:
    """How long compressing a subset takes, roughly: TrueType outlines (glyf) go through
    fontTools' WOFF2 glyf transform, in Python (~0.5 ms a glyph here), CFF ones only
    through brotli (~0.1 ms)."""
    return len(set(chars)) * (5 if face.file.lower().endswith(".ttf") else 1)


FontRequest = tuple[FontFace, str, str | None]  # face, characters, flavor (None or "woff2")


@dataclass
class FontWork:
    """Every requested subset's file; the WOFF2 ones are compressed by the workers once
    `compress` hands them over (after the PDFs: nothing waits for them until the end)."""

    targets: dict[FontRequest, Path]
    jobs: dict[Path, FontRequest] = field(default_factory=dict)  # WOFF2 files to make
    pending: dict[Path, Future[Any]] = field(default_factory=dict)

    def compress(self, workers: Workers) -> None:
        """Hand the WOFF2 jobs to the workers, the slowest first."""
        for path, (face, chars, flavor) in sorted(
                self.jobs.items(), key=lambda job: (-woff2_cost(job[1][0], job[1][1]), job[0])):
            self.pending[path] = workers.submit(f"woff2 {face.label} ({len(set(chars))} chars)",
                                                make_subset, face, chars, flavor, path)
        self.jobs = {}

    def wait(self) -> dict[FontRequest, Path]:
        """The files, once every one of them is written."""
        for future in self.pending.values():
            future.result()
        self.pending = {}
        return self.targets

    def is_made(self, path: Path) -> bool:
        return path not in self.pending and path not in self.jobs


def start_fonts(requests: list[FontRequest], cache: Path, fresh: bool = False) -> FontWork:
    """Every requested subset, found in the cache or made: sfnt ones here and now
    (HarfBuzz takes milliseconds); WOFF2 ones (compression is the slow part) listed for
    `FontWork.compress`. `fresh` remakes files the cache already has (--no-cache)."""
    targets = {request: subset_path(*request, cache) for request in set(requests)}
    # one job per file: requests whose characters are the same set share a file
    jobs = {path: request for request, path in targets.items() if fresh or not path.is_file()}
    work = FontWork(targets)
    for path, request in sorted(jobs.items()):
        if request[2] == "woff2":
            work.jobs[path] = request
        else:
            make_subset(*request, path)
    return work
