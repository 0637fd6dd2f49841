"""The share image (Open Graph / Twitter card): the masthead drawn as a 1200×630 PNG."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

SIZE = (1200, 630)
PAPER, INK, MUTED, ACCENT = "#fbfaf7", "#1f1d1a", "#5d5850", "#9b2c1f"
MARGIN = 72


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, width: int,
                  lines: int) -> list[str]:
    """Break `text` into at most `lines` lines that fit `width` (words, or characters)."""
    units = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    result = [""]
    for unit in units:
        candidate = f"{result[-1]}{joiner if result[-1] else ''}{unit}"
        if font.getlength(candidate) <= width or not result[-1]:
            result[-1] = candidate
        elif len(result) < lines:
            result.append(unit)
        else:
            result[-1] = result[-1].rstrip("，, ") + "…"
            break
    return result


def share_image(site: dict[str, Any], by: str, sans_bold: Path, serif: Path) -> bytes:
    """A PNG of the column, kicker, title and byline in the page's language and fonts."""
    image = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0], 14), fill=ACCENT)
    title_font = ImageFont.truetype(str(sans_bold), 64)
    small = ImageFont.truetype(str(sans_bold), 28)
    body = ImageFont.truetype(str(serif), 30)
    y = 70
    rubric = "  ".join(str(v) for v in (site.get("column"), site.get("series")) if v)
    if rubric:
        draw.text((MARGIN, y), rubric, font=small, fill=ACCENT)
        y += 56
    if site.get("kicker"):
        for line in wrap_to_width(site["kicker"], body, SIZE[0] - 2 * MARGIN, 2):
            draw.text((MARGIN, y), line, font=body, fill=MUTED)
            y += 44
        y += 12
    for line in wrap_to_width(site["title"], title_font, SIZE[0] - 2 * MARGIN, 3):
        draw.text((MARGIN, y), line, font=title_font, fill=INK)
        y += 84
    byline = " · ".join(v for v in (f"{by} {site['byline']}" if site.get("byline") else "",
                                    site["date_display"]) if v)
    draw.text((MARGIN, SIZE[1] - 70), byline, font=small, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
