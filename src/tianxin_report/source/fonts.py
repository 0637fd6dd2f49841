"""The report's fonts as their PyPI packages ship them: faces, files, licence, coverage."""

from __future__ import annotations

import importlib.resources
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import uharfbuzz as hb


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
    """The code points the face has glyphs for (HarfBuzz reads the cmap in milliseconds;
    fontTools took ~0.1 s for these 30,000-character fonts)."""
    return frozenset(hb.Face(hb.Blob.from_file_path(str(font_path(face)))).unicodes)


def missing_chars(face: FontFace, text: str) -> list[str]:
    """Characters of `text` the face cannot draw (whitespace and controls aside)."""
    have = covered(face)
    return sorted({c for c in text if not c.isspace() and ord(c) >= 0x20
                   and ord(c) not in have})
