"""Subset the report's fonts to the characters each page uses, as WOFF2 or sfnt, cached."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.resources
import io
from pathlib import Path

import brotli
import fontTools
import uharfbuzz as hb
from fontTools.ttLib import TTFont, woff2

from tianxin_report.errors import ReportError
from tianxin_report.output.workers import worker_pool
from tianxin_report.source.fonts import FontFace, font_path

ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0–—‘’“”…·•×©²³°→←"


def cache_key(face: FontFace, chars: str, flavor: str | None) -> str:
    version = importlib.metadata.version(face.distribution)
    tools = f"{fontTools.version}|hb{hb.__version__}|q{WOFF2_QUALITY}"
    stamp = f"{face}|{version}|{flavor}|{tools}|{''.join(sorted(set(chars)))}"
    return hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:20]


WOFF2_QUALITY = 10  # brotli: 11 is ~3x slower for ~1% smaller fonts


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


def to_woff2(data: bytes) -> bytes:
    """WOFF2-compress an sfnt font (fontTools; brotli as set for this process)."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # else head.modified = now
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def compress_at_woff2_quality() -> None:
    """Worker set-up: fontTools' WOFF2 writer calls brotli at its default quality 11; the
    compression workers (and only they, never the build's own process) use WOFF2_QUALITY."""
    woff2.brotli.compress = functools.partial(brotli.compress, quality=WOFF2_QUALITY)


def make_subset(face: FontFace, chars: str, flavor: str | None, target: Path) -> None:
    """Subset `face` to `chars` and save it, as sfnt or WOFF2, atomically."""
    data = subset_bytes(face, chars)
    tmp = target.with_suffix(".part")
    tmp.write_bytes(to_woff2(data) if flavor == "woff2" else data)
    tmp.replace(target)


def subset_path(face: FontFace, chars: str, flavor: str | None, cache: Path) -> Path:
    suffix = ".woff2" if flavor == "woff2" else Path(face.file).suffix
    return cache / "fonts" / f"{cache_key(face, chars, flavor)}{suffix}"


def _make(job: tuple[FontFace, str, str | None, Path]) -> None:
    make_subset(*job)


FontRequest = tuple[FontFace, str, str | None]  # face, characters, flavor (None or "woff2")


def prepare_fonts(requests: list[FontRequest], cache: Path) -> dict[FontRequest, Path]:
    """Every requested subset, from the cache or made now in (up to) two worker processes:
    WOFF2 compression is the slow part."""
    targets = {request: subset_path(*request, cache) for request in set(requests)}
    # one job per file: requests whose characters are the same set share a file
    jobs = {path: request for request, path in targets.items() if not path.is_file()}
    missing = [(*request, path) for path, request in jobs.items()]
    if missing:
        (cache / "fonts").mkdir(parents=True, exist_ok=True)
        missing.sort(key=lambda job: (job[2] != "woff2", -len(job[1])))  # slowest first
        with worker_pool(min(2, len(missing)), setup=compress_at_woff2_quality) as pool:
            list(pool.map(_make, missing))
    return targets
