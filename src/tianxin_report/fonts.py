"""Find the report's fonts in their PyPI packages, check coverage, subset and cache them."""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

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


def cache_key(face: FontFace, chars: str, flavor: str | None, base: bool = False) -> str:
    version = importlib.metadata.version(face.distribution)
    what = f"base:{face}" if base else str(face)
    stamp = f"{what}|{version}|{flavor}|{fontTools.version}|{''.join(sorted(set(chars)))}"
    return hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:20]


def subset_options(flavor: str | None) -> subset.Options:
    options = subset.Options()
    options.layout_features = ["*"]  # keep pwid, vert, locl…
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False  # ~10% smaller; screens and PDF viewers hint CJK themselves
    options.flavor = flavor
    return options


def make_subset(face: FontFace, chars: str, flavor: str | None, target: Path,
                source: Path | None = None) -> None:
    """Subset (and instance, for a variable face) to `chars`; save as sfnt or woff2."""
    options = subset_options(flavor)
    font = subset.load_font(str(source or font_path(face)), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in set(chars + ALWAYS)})
    subsetter.subset(font)
    if face.axis_value is not None and "fvar" in font:
        font = instancer.instantiateVariableFont(font, {"wght": face.axis_value})
    tmp = target.with_suffix(".part")
    subset.save_font(font, str(tmp), options)
    tmp.replace(target)


def subset_path(face: FontFace, chars: str, flavor: str | None, cache: Path) -> Path:
    suffix = ".woff2" if flavor == "woff2" else Path(face.file).suffix
    return cache / "fonts" / f"{cache_key(face, chars, flavor)}{suffix}"


def subset_font(face: FontFace, chars: str, flavor: str | None, cache: Path) -> Path:
    """A cached subset of `face` covering `chars`, made once per distinct input."""
    target = subset_path(face, chars, flavor, cache)
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        make_subset(face, chars, flavor, target)
    return target


def _make_base(job: tuple[FontFace, str, Path]) -> None:
    face, chars, target = job
    make_subset(face, chars, None, target)


def _make_derived(job: tuple[FontFace, str, str | None, Path, Path]) -> None:
    face, chars, flavor, target, base = job
    make_subset(face, chars, flavor, target, source=base)


def _run(function: Callable[[Any], None], jobs: list[Any]) -> None:
    """Run font jobs in two processes (fontTools is pure Python and CPU-bound)."""
    if len(jobs) < 2:
        for job in jobs:
            function(job)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        list(pool.map(function, jobs))


def prepare_fonts(requests: list[tuple[FontFace, str]], flavor: str | None,
                  cache: Path) -> dict[tuple[FontFace, str], Path]:
    """Every requested subset, made in two steps when missing: one static subset per face to
    all the characters requested of it (slow: the CJK sources are 8-18 MB, and a variable
    face is instanced here), then each request cut from that small base (fast); both steps
    run in parallel processes."""
    targets = {(face, chars): subset_path(face, chars, flavor, cache) for face, chars in requests}
    missing = [(face, chars) for (face, chars), path in targets.items() if not path.is_file()]
    if missing:
        (cache / "fonts").mkdir(parents=True, exist_ok=True)
        union: dict[FontFace, set[str]] = {}
        for face, chars in missing:
            union.setdefault(face, set()).update(chars)
        bases = {face: cache / "fonts" / f"{cache_key(face, ''.join(chars), None, True)}.ttf"
                 for face, chars in union.items()}
        _run(_make_base, [(face, "".join(chars), bases[face]) for face, chars in union.items()
                          if not bases[face].is_file()])
        _run(_make_derived, [(face, chars, flavor, targets[(face, chars)], bases[face])
                             for face, chars in missing])
    return targets
