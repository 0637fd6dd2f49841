"""validate: schema errors with locations and suggestions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tianxin_report.errors import Problems
from tianxin_report.source.load import load_sources, parse_yaml
from tianxin_report.source.validate import (
    read_charts,
    read_facts,
    read_glossary,
    read_site,
    read_units,
    validate_sources,
)
from tianxin_report.units import BUILTIN_TABLE

from .conftest import FIXTURES, copy_fixture


def site_problems(text: str) -> list[str]:
    problems = Problems()
    read_site(parse_yaml(text, "site.yaml"), problems)
    return [d.format() for d in problems.items]


def test_minimal_site_is_valid() -> None:
    problems = Problems()
    report = validate_sources(load_sources(FIXTURES / "minimal"), problems)
    assert problems.items == []
    assert report is not None
    assert report.site.slug == "harbour-notes" and report.site.kicker is None
    assert [s.id for s in report.sections["zh"]] == ["opening", "lighthouse"]
    assert report.sections["zh"][1].title == "灯塔下的小镇"


def test_missing_required_key() -> None:
    messages = site_problems("languages: [zh]\ntitle: {zh: 标题}\nauthors: [{zh: 甲}]\n")
    assert messages == ["site.yaml:1:1: error: missing required key 'slug' in site.yaml\n"
                        "  hint: add 'slug:' to site.yaml"]
    assert site_problems("slug: a\nlanguages: [zh]\ntitle: {zh: 标题}\n"
                         "authors: [{zh: 甲}]\n") == []  # no date: none is shown


def test_mistyped_key_suggests_the_nearest() -> None:
    messages = site_problems("slug: a\nlanguages: [zh]\ntitel: {zh: 标题}\n"
                             "authors: [{zh: 甲}]\ndate: 2024-01-01\n")
    assert ("site.yaml:3:1: error: unknown key 'titel' in site.yaml\n"
            "  hint: did you mean 'title'?") in messages


def test_bad_date_and_slug() -> None:
    messages = "\n".join(site_problems(
        "slug: My Report\nlanguages: [zh]\ntitle: 标题\nauthors: [甲]\ndate: 2024-13-01\n"))
    assert "site.yaml:1:7: error: 'slug' must be lowercase ASCII" in messages
    assert "site.yaml:5:7: error: 'date' must be a date written YYYY-MM-DD" in messages


def test_fact_schema_errors_are_located() -> None:
    doc = parse_yaml("rev:\n  value: 1\n  unit: yuan\n  label: {zh: 收入}\n"
                     "share:\n  value: 5\n  unit: percent\n  lable: {zh: 占比}\n", "facts.yaml")
    problems = Problems()
    facts = read_facts(doc, ("zh",), problems)
    messages = [d.format() for d in problems.items]
    assert facts == {}
    assert "facts.yaml:3:9: error: fact 'rev': unknown unit 'yuan'" in messages[0]
    assert any("unknown key 'lable'" in m and "did you mean 'label'?" in m for m in messages)


def test_duplicate_section_numbers(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path)
    (root / "zh" / "02-again.md").write_text("又一节。\n", encoding="utf-8")
    problems = Problems()
    assert validate_sources(load_sources(root), problems) is None
    assert any("duplicate section number 02" in d.message for d in problems.items)


def test_unknown_front_matter_key(tmp_path: Path) -> None:
    root = copy_fixture("minimal", tmp_path)
    (root / "zh" / "03-more.md").write_text("---\ntitel: 标题\n---\n正文。\n", encoding="utf-8")
    problems = Problems()
    validate_sources(load_sources(root), problems)
    [message] = [d.format() for d in problems.items]
    assert message.endswith("03-more.md:2:1: error: unknown key 'titel' in front matter\n"
                            "  hint: did you mean 'title'?")


def test_date_facts_keep_their_iso_value_and_bad_values_are_located() -> None:
    doc = parse_yaml("loan:\n  value: '2024-01-11'\n  unit: date\n  label: {zh: 首笔贷款}\n"
                     "bad:\n  value: 2023-13\n  unit: count\n  label: {zh: 坏}\n"
                     "words:\n  value: 很多\n  unit: count\n  label: {zh: 字}\n"
                     "day:\n  value: '2021-02-30'\n  unit: date\n  label: {zh: 无此日}\n",
                     "facts.yaml")
    problems = Problems()
    facts = read_facts(doc, ("zh",), problems)
    assert facts["loan"].value == "2024-01-11"
    assert sorted(facts) == ["loan"]
    assert [str(d.location) for d in problems.items] == ["facts.yaml:6:10", "facts.yaml:10:10",
                                                          "facts.yaml:14:10"]


def test_one_site_typo_is_one_error(tmp_path: Path) -> None:
    root = copy_fixture("bilingual", tmp_path)
    site = root / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("date:", "daet:"), encoding="utf-8")
    problems = Problems()
    validate_sources(load_sources(root), problems)
    assert [d.message for d in problems.items if d.severity == "error"] == [
        "unknown key 'daet' in site.yaml"]


SITE = "slug: a\nlanguages: [zh, en]\ntitle: {zh: 标题}\nauthors: [{zh: 甲}]\ndate: 2024-01-01\n"


def site_editions(text: str) -> tuple[tuple[str, ...] | None, list[str]]:
    problems = Problems()
    site = read_site(parse_yaml(text, "site.yaml"), problems)
    return (site.pdf_editions if site else None), [d.format() for d in problems.items]


def test_pdf_editions_default_to_every_language_and_the_bilingual_one() -> None:
    assert site_editions(SITE) == (("zh", "en", "bilingual"), [])
    assert site_editions(SITE.replace("[zh, en]", "[zh]")) == (("zh",), [])


def test_pdf_editions_choose_the_pdfs_in_a_fixed_order() -> None:
    assert site_editions(SITE + "pdf:\n  editions: [en, zh]\n") == (("zh", "en"), [])
    assert site_editions(SITE + "pdf: {paper: Letter, editions: []}\n") == ((), [])


def test_pdf_editions_errors_are_located_with_a_hint() -> None:
    editions, messages = site_editions(SITE + "pdf:\n  editions: [zh, bilingal, zh]\n")
    assert editions is None
    assert messages == [
        "site.yaml:7:18: error: unknown PDF edition 'bilingal' in 'pdf.editions'\n"
        "  hint: did you mean 'bilingual'?",
        "site.yaml:7:28: error: PDF edition 'zh' is listed twice in 'pdf.editions'\n"
        "  hint: list each edition once"]
    _, messages = site_editions(SITE.replace("[zh, en]", "[zh]")
                                + "pdf:\n  editions: [bilingual]\n")
    assert messages == ["site.yaml:7:14: error: the bilingual PDF needs two languages in "
                        "'languages'\n  hint: remove 'bilingual', or add a second language"]
    _, messages = site_editions(SITE + "pdf:\n  editions: zh\n")
    assert messages == ["site.yaml:7:13: error: 'pdf.editions' must be a list of the PDFs "
                        "to make, e.g. [zh, en, bilingual]\n"
                        "  hint: editions: zh, en, bilingual (or [] for none)"]
    _, messages = site_editions(SITE + "pdf:\n  edition: [zh]\n")
    assert messages == ["site.yaml:7:3: error: unknown key 'edition' in 'pdf'\n"
                        "  hint: did you mean 'editions'?"]


@pytest.mark.parametrize("name, read, nothing, message", [
    ("facts.yaml", lambda doc, p: read_facts(doc, ("zh", "en"), p), {},
     "must be a mapping of fact ids to facts"),
    ("glossary.yaml", read_glossary, {}, "must be a mapping of term ids to terms"),
    ("charts.yaml", lambda doc, p: read_charts(doc, {}, ("zh", "en"), p), {},
     "must be a mapping of chart ids to charts"),
    ("units.yaml", read_units, BUILTIN_TABLE,
     "must be a mapping of unit ids to their words\n"
     "  hint: e.g. TEU: {zh: [标准箱], en: [TEU]}"),
])
def test_a_data_file_that_is_not_a_mapping_is_one_error_at_its_start(
        name: str, read: Any, nothing: Any, message: str) -> None:
    problems = Problems()
    assert read(parse_yaml("- a list\n- of things\n", f"content/{name}"), problems) == nothing
    assert [d.format() for d in problems.items] == [f"content/{name}:1:1: error: {name} "
                                                    f"{message}"]
    empty = Problems()
    assert read(parse_yaml("", f"content/{name}"), empty) == nothing and empty.items == []
