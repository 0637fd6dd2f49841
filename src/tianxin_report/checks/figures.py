"""Figures the text states without tagging them: a warning with the tag to write."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from markdown_it.token import Token

from tianxin_report.errors import Location, Problems
from tianxin_report.model import Fact, Report, Section
from tianxin_report.text import quantities
from tianxin_report.text.markup import build_parser


def check_untagged_figures(report: Report, problems: Problems) -> None:
    """Warn about numbers in plain text that state a fact's value but are not tagged
    ({nofact} marks one that only happens to equal a fact)."""
    if not report.facts:
        return
    md = build_parser(report.site.allow_html)
    for lang in report.site.languages:
        if lang not in quantities.LANGS:
            continue
        pattern = quantities.figure_pattern(lang, report.units)
        for section in report.sections[lang]:
            tokens = md.parse(section.body, {})
            find_untagged(tokens, section, pattern, Scan(lang, report), problems)


@dataclass(frozen=True)
class Scan:
    """One language's look for untagged figures."""

    lang: str
    report: Report


def find_untagged(tokens: list[Token], section: Section, pattern: re.Pattern[str], scan: Scan,
                  problems: Problems) -> None:
    lines = section.body.split("\n")
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or []:
            if child.type != "text":
                continue
            for match in pattern.finditer(child.content):
                fact = matching_fact(match.group(0), scan)
                if fact is not None:
                    loc = locate_text(match.group(0), lines, token.map, section)
                    problems.warning(
                        f"untagged figure “{match.group(0)}” states fact '{fact.id}'", loc,
                        f"tag it: {{fact}}`{match.group(0)} <{fact.id}>`",
                        code="fact-untagged")


def matching_fact(wording: str, scan: Scan) -> Fact | None:
    """The fact whose value a number writes, in the same unit (a bare number: a count).

    Years and dates are left out (they are context everywhere), and so are bare numbers
    under 10, which are too common to mean a particular fact.
    """
    try:
        reading = quantities.read_quantity(wording, scan.lang, scan.report.units)
        written = Decimal(reading.text)
    except (quantities.QuantityError, ArithmeticError):
        return None
    unit = reading.unit or "count"
    if unit in ("year", "date") or (reading.unit is None and written < 10):
        return None
    return next((f for f in scan.report.facts.values() if f.unit == unit and f.value == written
                 and reading.qualifier in (None, f.qualifier)), None)


def locate_text(needle: str, lines: list[str], span: list[int], section: Section) -> Location:
    for row in range(span[0], span[1]):
        col = lines[row].find(needle)
        if col >= 0:
            return Location(section.path, section.body_line + row, col + 1)
    return Location(section.path, section.body_line + span[0], 1)


