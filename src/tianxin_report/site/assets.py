"""What the pages link to: fingerprinted CSS and JS, font subsets, published images."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from tianxin_report.model import Edition, OutputFile
from tianxin_report.source.fonts import SANS_BOLD, SERIF, FontFace

FontFiles = dict[FontFace, Path]
PRINT_ONLY = ("css/pdf.css",)


def fingerprint(name: str, data: bytes) -> str:
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:10]}{dot}{suffix}"


def web_fonts(files: FontFiles) -> tuple[list[dict[str, Any]], list[OutputFile]]:
    """A page's WOFF2 subsets (body and headings), with their fingerprinted asset paths."""
    faces, outputs = [], []
    for face in (SERIF, SANS_BOLD):
        name = f"assets/fonts/{files[face].name}"  # the file name is its content hash
        outputs.append(OutputFile(name, copy_from=files[face]))
        kind = {".woff2": "woff2", ".otf": "opentype"}.get(files[face].suffix, "truetype")
        faces.append({"family": face.family, "weight": face.weight, "name": name,
                      "format": kind})
    return faces, outputs


def static_assets(static: dict[str, bytes]) -> tuple[dict[str, str], list[OutputFile]]:
    """CSS and JS under fingerprinted names; everything else in static/ as it is; the
    print stylesheet stays out of the site (only the PDFs read it)."""
    names, files = {}, []
    for relative, data in sorted(static.items()):
        if relative in PRINT_ONLY:
            continue
        if relative.endswith((".css", ".js")):
            names[relative] = fingerprint(f"assets/{relative}", data)
            files.append(OutputFile(names[relative], data))
        else:
            files.append(OutputFile(relative, data))
    return names, files


def published_images(editions: dict[str, Edition]) -> list[str]:
    """The content images the site publishes: those a figure shows, in any language."""
    return sorted(set().union(*(e.images for e in editions.values())))
