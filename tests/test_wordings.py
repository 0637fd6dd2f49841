"""The figure reader on a corpus of real-world wordings (none from the sample article).

tests/fixtures/quantities/wordings.txt: each wording must state its fact (value, unit,
qualifier) — read 100 %. slips.txt: each planted slip must be refused, at its own line and
column of a section, naming the fact, what was read and what was expected. units.yaml holds
the report-defined units the corpus uses, read through the same code as a report's.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from tianxin_report.errors import Location, Problems
from tianxin_report.model import Fact, Section
from tianxin_report.source.load import load_yaml_file
from tianxin_report.source.theme import load_strings
from tianxin_report.source.validate import read_units
from tianxin_report.text.markup import MarkupContext, build_parser, render_section
from tianxin_report.text.quantities import UnitTable, check_wording, read_quantity

CORPUS = Path(__file__).parent / "fixtures" / "quantities"
WORDINGS = read_fixture_file(CORPUS / "wordings.txt")
SLIPS = read_fixture_file(CORPUS / "slips.txt")
SLIP_KINDS = ("scale", "currency", "percent-point", "unit", "conversion", "qualifier", "date",
              "count-unit")


def corpus_units() -> UnitTable:
    problems = Problems()
    table = read_units(load_yaml_file(CORPUS / "units.yaml", CORPUS), problems)
    assert problems.items == []
    return table


UNITS = corpus_units()


def parse_case(text: str, expected: str) -> tuple[str, str, str | Decimal, str, str | None]:
    """'zh: 30万册' and '300000 count [over]' → lang, wording, value, unit, qualifier."""
    lang, _, wording = text.strip().partition(": ")
    value, unit, *rest = expected.split()
    number: str | Decimal = value if unit == "date" else Decimal(value)
    return lang, wording, number, unit, rest[0] if rest else None


def test_corpus_is_large_and_varied() -> None:
    cases = [parse_case(text, expected) for _, _, text, expected in WORDINGS]
    assert len(cases) >= 150
    assert {lang for lang, *_ in cases} == {"zh", "en"}
    assert len({unit for *_, unit, _ in cases}) >= 25
    assert len(SLIPS) >= 30
    assert {title.split(" — ")[0] for _, title, _, _ in SLIPS} == set(SLIP_KINDS)


@pytest.mark.parametrize(("line", "title", "text", "expected"), WORDINGS,
                         ids=[f"wordings.txt:{case[0]}" for case in WORDINGS])
def test_wording_states_its_fact(line: int, title: str, text: str, expected: str) -> None:
    lang, wording, value, unit, qualifier = parse_case(text, expected)
    reason = check_wording(wording, lang, value, unit, qualifier, UNITS)
    assert reason is None, f"wordings.txt:{line} {title}: {reason}"
    assert read_quantity(wording, lang, UNITS).qualifier == qualifier


def render_slips(lang: str) -> tuple[list[tuple[int, int, str]], Problems]:
    """Every slip of one language as a paragraph of one section: (line, title, fact id)."""
    facts, lines, planted = {}, [], []
    for index, (fixture_line, title, text, expected) in enumerate(SLIPS):
        slip_lang, wording, value, unit, qualifier = parse_case(text, expected)
        if slip_lang != lang:
            continue
        fact_id = f"slip_{index}"
        facts[fact_id] = Fact(fact_id, value, unit,
                              {lang: title}, Location("facts.yaml", index + 1, 1),
                              qualifier=qualifier)
        lines += [f"text {{fact}}`{wording} <{fact_id}>` text", ""]
        planted.append((len(lines) - 1, fixture_line, fact_id))
    problems = Problems()
    ctx = MarkupContext(lang=lang, facts=facts, glossary={}, assets=frozenset(),
                        strings=load_strings(lang), problems=problems, units=UNITS)
    section = Section(f"content/{lang}/01-slips.md", lang, 1, "slips", None, None,
                      "\n".join(lines), 1)
    render_section(section, build_parser(False), ctx)
    return planted, problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slip_is_refused_at_its_line(lang: str) -> None:
    planted, problems = render_slips(lang)
    errors = {(d.location.line, d.location.col): d for d in problems.items
              if d.code == "fact-mismatch" and d.location}
    for line, fixture_line, fact_id in planted:
        error = errors.pop((line, 6), None)
        assert error is not None, f"slips.txt:{fixture_line} was not refused"
        assert f"fact '{fact_id}'" in error.message
        assert "reads" in error.message and "expected" in error.message, error.message
    assert not errors, "errors where no slip was planted"
    assert [d for d in problems.items if d.code != "fact-mismatch"] == []
