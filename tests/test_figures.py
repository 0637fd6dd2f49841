"""checks/figures: numbers that state a fact's value without a tag get a warning with the
tag to write; {nofact} silences one that only happens to equal a fact."""

from __future__ import annotations

from dataclasses import replace

from tianxin_report.checks.figures import check_untagged_figures
from tianxin_report.errors import Problems
from tianxin_report.model import Report
from tianxin_report.source.load import load_sources
from tianxin_report.source.validate import validate_sources

from .conftest import FIXTURES


def report_with(lang: str, body: str) -> Report:
    """The bilingual fixture (facts: 12 bridges, over CNY 350 million) with one section's
    body replaced."""
    report = validate_sources(load_sources(FIXTURES / "bilingual"), Problems())
    assert report is not None
    first, *rest = report.sections[lang]
    return replace(report, sections={**report.sections,
                                     lang: (replace(first, body=body, body_line=4), *rest)})


def warnings(report: Report) -> list[str]:
    problems = Problems()
    check_untagged_figures(report, problems)
    return [d.format() for d in problems.items]


def test_an_untagged_figure_that_states_a_fact_is_flagged_with_the_tag_to_write() -> None:
    report = report_with("zh", "桥梁{fact}`12座 <bridges>`。\n\n"
                               "另一处写着12座桥，还有3个平台，2023年12月。\n")
    path = report.sections["zh"][0].path
    assert warnings(report) == [
        f"{path}:6:6: warning: untagged figure “12座” states fact 'bridges'\n"
        "  hint: tag it: {fact}`12座 <bridges>`"]


def test_an_english_figure_in_another_unit_word_is_flagged() -> None:
    report = report_with("en", "The budget was more than CNY 350 million in 2023.\n")
    [warning] = warnings(report)
    assert "untagged figure “more than CNY 350 million” states fact 'budget'" in warning
    assert f"{report.sections['en'][0].path}:4:16:" in warning


def test_nofact_marks_a_number_that_only_happens_to_equal_a_fact() -> None:
    assert warnings(report_with("zh", "全队{nofact}`12名`队员。\n")) == []
    assert warnings(report_with("zh", "全队12名队员。\n")) != []


def test_years_dates_and_small_bare_numbers_are_context_not_facts() -> None:
    assert warnings(report_with("zh", "2023年12月，3个平台。\n")) == []
