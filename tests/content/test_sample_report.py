"""The real report in content/: properties an editor's ordinary edits keep.

Every sentence of the seed article is published, in its reading order, on the page and in
the PDF; every figure is checked against facts.yaml and a changed one is caught where it
is; every translation is recorded as current; the PDFs are built, tagged and outlined; the
pages link, validate and draw every character they show.

Nothing here names a line, a block position or a sentence of content/: places are found by
searching the files when the test runs, and each check is about every item, not the n-th.
An editor may add, move or reword paragraphs (and record the translation) and stay green.
The content is built once per session (real_site in tests/conftest.py).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tianxin_report.checks.typography import check_typography
from tianxin_report.errors import Problems
from tianxin_report.source.load import load_sources
from tianxin_report.source.theme import load_strings
from tianxin_report.source.validate import validate_sources

from ..conftest import CONTENT, Run, run_cli
from ..site_checks import (
    article_text,
    broken_links,
    chars_missing_from_page_fonts,
    figure_count,
    fonts_not_embedded,
    html_errors,
    page,
    pdf_info,
    pdf_outline,
    pdf_text,
    requests_leaving,
    section_titles,
    site_yaml,
    squeeze,
    toc_mismatches,
)
from ..test_pdf import back_matter_titles
from .article import sentences

SITE = site_yaml(CONTENT)
SLUG = SITE["slug"]
LANGS = SITE["languages"]
# Diagnostics about figures, terms and translations: `check` may warn about a photo not yet
# supplied, never about one of these.
NEVER_LEFT = ("fact", "term", "translation", "glossary", "facts", "units", "chart", "lock")
ROLE = re.compile(r"\{fact\}`(?P<wording>[^`<]*?)\s*<(?P<id>[^<>`]+)>`")


# --- without building -------------------------------------------------------------------


def test_check_passes_with_every_figure_verified_and_every_translation_current() -> None:
    result = run_cli("check", "--content", CONTENT, "--format", "json")
    report = json.loads(result.stdout)
    errors = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert result.code == 0 and report["ok"] and errors == [], result.stderr
    left = [d for d in report["diagnostics"] if d["code"].startswith(NEVER_LEFT)]
    assert left == []


def first_checked_figure(lang: str) -> tuple[Path, int, int, str, str]:
    """The first {fact} role in a language's sections whose wording has a digit and whose
    fact is not a date: (file, line, column of `{fact}`, wording, fact id)."""
    facts = yaml.safe_load((CONTENT / "facts.yaml").read_text(encoding="utf-8"))
    for path in sorted((CONTENT / lang).glob("[0-9][0-9]-*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            for role in ROLE.finditer(line):
                unit = facts.get(role["id"], {}).get("unit")
                if re.search(r"[1-9]", role["wording"]) and unit not in ("date", "year"):
                    return path, number, role.start() + 1, role["wording"], role["id"]
    raise AssertionError(f"no figure with a digit in content/{lang}/")


@pytest.mark.parametrize("lang", LANGS)
def test_a_changed_figure_is_refused_where_it_is(tmp_path: Path, lang: str) -> None:
    path, line, col, wording, fact = first_checked_figure(lang)
    changed = re.sub(r"[1-9]", lambda d: str(int(d[0]) % 9 + 1), wording, count=1)
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    target = copy / path.relative_to(CONTENT)
    lines = target.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1][:col - 1] + lines[line - 1][col - 1:].replace(
        f"`{wording}", f"`{changed}", 1)
    target.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("check", "--content", copy)
    assert result.code == 1
    assert (f"{target}:{line}:{col}: error: “{changed}” does not state fact '{fact}'"
            in result.stderr), result.stderr


def test_typography_finds_only_quotations_the_damaged_source_cuts_off() -> None:
    """The typography rules without the content's `% allow:` comments: whatever they find
    is a quotation left open at an {elision} (where the seed article is damaged)."""
    report = validate_sources(load_sources(CONTENT), Problems())
    assert report is not None
    for section in report.sections["zh"]:
        lines = section.body.split("\n")
        for finding in check_typography(section.body, section.path, section.body_line):
            assert finding.location is not None
            line = lines[finding.location.line - section.body_line]
            assert finding.code == "unbalanced-quotes" and "{elision}`" in line, \
                finding.format()


# --- the built site ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zh_page(real_site: tuple[Path, Run]) -> str:
    return page(real_site[0], "zh/index.html")


def test_every_seed_sentence_appears_exactly_once_in_reading_order(zh_page: str) -> None:
    text = article_text(zh_page)
    position = 0
    for sentence in sentences():
        assert text.count(sentence) == 1, sentence
        found = text.index(sentence)
        assert found >= position, f"out of order: {sentence}"
        position = found
    assert len(sentences()) > 70  # the splitter is not degenerate (76 today)


def test_the_pdf_gives_back_every_seed_sentence(real_site: tuple[Path, Run]) -> None:
    strings = load_strings("zh")
    furniture = (SITE["title"]["zh"], *section_titles(CONTENT, "zh"), strings["glossary"],
                 strings["facts_title"])
    text = squeeze(pdf_text(real_site[0] / "downloads" / f"{SLUG}-zh.pdf", furniture))
    assert [s for s in sentences() if squeeze(s) not in text] == []
    assert "說" not in text


def test_every_normalization_is_reported_where_it_is_and_applied(
        real_site: tuple[Path, Run], zh_page: str) -> None:
    _, result = real_site
    for path, line, col, old in re.findall(r"^(\S+\.md):(\d+):(\d+): (\S) → \S$",
                                           result.stderr, re.M):
        source = (CONTENT.parent / path).read_text(encoding="utf-8").split("\n")
        assert source[int(line) - 1][int(col) - 1] == old  # the location points at it
        assert old not in zh_page
    assert "說" not in zh_page and "Traceback" not in result.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_has_its_caption_and_the_credit_is_given_once(
        real_site: tuple[Path, Run], lang: str) -> None:
    html = page(real_site[0], f"{lang}/index.html")
    figures = re.findall(r'<figure class="figure".*?</figure>', html, re.S)
    assert len(figures) == figure_count(CONTENT, lang)
    assert all(re.search(r"<figcaption>.+</figcaption>", f, re.S) for f in figures)
    if SITE.get("credit"):
        assert html.count(SITE["credit"][lang]) == 1


def test_both_editions_have_every_block(real_site: tuple[Path, Run]) -> None:
    out = real_site[0]
    blocks = {lang: re.findall(r'data-block="([^"]+)"', page(out, f"{lang}/index.html"))
              for lang in LANGS}
    assert blocks["zh"] and blocks["zh"] == blocks["en"]
    ids = re.findall(r'\sid="([^"]+)"', page(out, "bilingual/index.html"))
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", [*LANGS, "bilingual"])
def test_pdfs_are_built_tagged_and_outlined(real_site: tuple[Path, Run], lang: str) -> None:
    pdf = real_site[0] / "downloads" / f"{SLUG}-{lang}.pdf"
    text_lang = "en" if lang == "en" else "zh"
    info = pdf_info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"].startswith(SITE["title"][text_lang])  # the bilingual: zh · en
    assert all(a[text_lang] in info["Author"] for a in SITE["authors"])
    assert [t for _, t in pdf_outline(pdf)] == [
        SITE["title"][text_lang], *section_titles(CONTENT, text_lang),
        *back_matter_titles(lang)]
    assert fonts_not_embedded(pdf) == []
    if lang != "bilingual":
        assert toc_mismatches(pdf) == []


def test_every_page_character_is_in_the_page_fonts(real_site: tuple[Path, Run]) -> None:
    assert chars_missing_from_page_fonts(real_site[0]) == []


def test_no_internal_link_is_broken(real_site: tuple[Path, Run]) -> None:
    assert broken_links(real_site[0]) == []


def test_no_request_leaves_the_site(real_site: tuple[Path, Run]) -> None:
    assert requests_leaving(real_site[0]) == []


def test_every_page_is_valid_html(real_site: tuple[Path, Run]) -> None:
    assert html_errors(real_site[0]) == []
