"""Files of the content folder the site leaves out, and why (a note each)."""

from __future__ import annotations

from tianxin_report.errors import Location, Problems, display_path
from tianxin_report.model import Edition, Report


def note_unpublished(report: Report, editions: dict[str, Edition], problems: Problems) -> None:
    """A note for each file of the content folder that the site leaves out, and why."""
    used = set().union(*(e.images for e in editions.values()))
    for path, asset in sorted(report.assets.items()):
        if path not in used:
            why = f"it {asset.problem}" if asset.problem else "no figure shows it"
            problems.note(f"'{path}' is not published: {why}",
                          Location(display_path(report.root / path)), code="unpublished")
