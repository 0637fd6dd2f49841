"""Find the report's fonts in their PyPI packages, check coverage, subset and cache them."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.resources
import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontTools
import uharfbuzz as hb
from fontTools.ttLib import TTFont, woff2

ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0–—‘’“”…·•×©²³°→←"


@dataclass(frozen=True)
class FontFace:
    """One face the pages use: a CSS family and weight, from a file in a PyPI package."""

    family: str
    weight: int
    package: str
    distribution: str
    file: str
    licence_file: str | None = None
    axis_value: int | None = None  # instance of a variable font's wght axis

    @property
    def label(self) -> str:
        return f"{self.family} {self.weight}"


SERIF = FontFace("Report Serif", 400, "pylopdf_fonts_zh_cn", "pylopdf-fonts-zh-cn",
                 "NotoSerifSC-Regular.otf")
SANS = FontFace("Report Sans", 400, "justmytype_intl_cjk", "justmytype-intl-cjk",
                "fonts/ofl/notosanssc/NotoSansSC[wght].ttf",
                "fonts/ofl/notosanssc/OFL.txt", axis_value=400)
SANS_BOLD = FontFace("Report Sans", 700, SANS.package, SANS.distribution, SANS.file,
                     SANS.licence_file, axis_value=700)
FONT_NAMES = {SERIF: "Noto Serif SC", SANS: "Noto Sans SC", SANS_BOLD: "Noto Sans SC Bold"}


def font_path(face: FontFace) -> Path:
    """The font file inside its installed package."""
    return Path(str(importlib.resources.files(face.package).joinpath(face.file)))


def licence_text(face: FontFace) -> str:
    """The OFL text shipped with the font (or a pointer to it)."""
    if face.licence_file:
        path = Path(str(importlib.resources.files(face.package).joinpath(face.licence_file)))
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return (f"{FONT_NAMES[face]} is licensed under the SIL Open Font License 1.1 "
            "(https://openfontlicense.org). Copyright Google LLC / Adobe.\n")


@lru_cache(maxsize=8)
def covered(face: FontFace) -> frozenset[int]:
    """The code points the face has glyphs for."""
    font = TTFont(font_path(face), lazy=True)
    return frozenset(font.getBestCmap())


def missing_chars(face: FontFace, text: str) -> list[str]:
    """Characters of `text` the face cannot draw (whitespace and controls aside)."""
    have = covered(face)
    return sorted({c for c in text if not c.isspace() and ord(c) >= 0x20
                   and ord(c) not in have})


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
        raise RuntimeError(f"HarfBuzz could not subset {font_path(face)}")
    return bytes(result.blob.data)


def to_woff2(data: bytes) -> bytes:
    """WOFF2-compress an sfnt font (fontTools, brotli at WOFF2_QUALITY)."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # else head.modified = now
    font.flavor = "woff2"
    out = io.BytesIO()
    original = woff2.brotli.compress
    woff2.brotli.compress = functools.partial(original, quality=WOFF2_QUALITY)
    try:
        font.save(out)
    finally:
        woff2.brotli.compress = original
    return out.getvalue()


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
    """Every requested subset, from the cache or made now (WOFF2 compression, the slow
    part, in two processes)."""
    targets = {request: subset_path(*request, cache) for request in set(requests)}
    # one job per file: requests whose characters are the same set share a file
    jobs = {path: request for request, path in targets.items() if not path.is_file()}
    missing = [(*request, path) for path, request in jobs.items()]
    if missing:
        (cache / "fonts").mkdir(parents=True, exist_ok=True)
        missing.sort(key=lambda job: (job[2] != "woff2", -len(job[1])))  # slowest first
        if len(missing) < 2:
            _make(missing[0])
        else:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
                list(pool.map(_make, missing))
    return targets
