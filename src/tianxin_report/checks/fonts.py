"""Every character of the text must be in the body font: WeasyPrint would drop it silently."""

from __future__ import annotations

from tianxin_report.errors import Problems
from tianxin_report.model import Edition, Report
from tianxin_report.source.fonts import FONT_NAMES, SERIF, missing_chars


def check_fonts(report: Report, editions: dict[str, Edition], problems: Problems) -> None:
    """An error at each title or block with a character the body font cannot draw."""
    name = FONT_NAMES[SERIF]
    for edition in editions.values():
        for section in edition.sections:
            source = next(s for s in report.sections[edition.lang] if s.id == section.id)
            for char in missing_chars(SERIF, section.title_text or ""):
                problems.error(f"character '{char}' (U+{ord(char):04X}) is not in the "
                               f"font {name}", source.title_location, "replace it", code="font")
            for block in section.blocks:
                for char in missing_chars(SERIF, block.text):
                    problems.error(f"character '{char}' (U+{ord(char):04X}) is not in the "
                                   f"font {name}", block.location,
                                   "replace it, or choose a font that has it", code="font")
