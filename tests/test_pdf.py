"""The PDFs: metadata, tagging, outline, a table of contents whose numbers are right,
every font checked before rendering, and reproducible bytes. Checked on the port-report
fixture; tests/content/ checks the real content's PDFs the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from tianxin_report.source.theme import load_strings

from .conftest import FIXTURES, Run, copy_fixture, run_cli
from .site_checks import pdf_info, pdf_outline, section_titles, site_yaml, toc_mismatches

PORT = FIXTURES / "port-report"
SLUG = site_yaml(PORT)["slug"]


def expected_author(site: dict, lang: str) -> str:
    names = [a[lang] for a in site["authors"]]
    return " ".join(names) if lang == "zh" else " and ".join(names)


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_pdfs_are_tagged_and_described(port_site: tuple[Path, Run], lang: str) -> None:
    site, text_lang = site_yaml(PORT), "en" if lang == "en" else "zh"
    info = pdf_info(port_site[0] / "downloads" / f"{SLUG}-{lang}.pdf")
    assert info["Tagged"] == "yes"
    assert info["Author"] == expected_author(site, text_lang)
    title = site["title"]
    assert info["Title"] == (f"{title['zh']} · {title['en']}" if lang == "bilingual"
                             else title[lang])
    assert info["Keywords"] and info["Subject"]
    assert info["Page size"].startswith("595.276 x 841.89")  # A4


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_outline_has_the_title_every_section_glossary_and_figures(port_site: tuple[Path, Run],
                                                                   lang: str) -> None:
    text_lang = "en" if lang == "en" else "zh"
    titles = [t for _, t in pdf_outline(port_site[0] / "downloads" / f"{SLUG}-{lang}.pdf")]
    back = back_matter_titles(lang)
    assert titles == [site_yaml(PORT)["title"][text_lang], *section_titles(PORT, text_lang),
                      *back]


def back_matter_titles(lang: str) -> list[str]:
    """The glossary's and the facts table's titles: in both languages in the parallel PDF."""
    if lang != "bilingual":
        strings = load_strings(lang)
        return [strings["glossary"], strings["facts_title"]]
    zh, en = load_strings("zh"), load_strings("en")
    return [f"{zh[key]} · {en[key]}" for key in ("glossary", "facts_title")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_toc_page_numbers_match_the_pages(port_site: tuple[Path, Run], lang: str) -> None:
    assert toc_mismatches(port_site[0] / "downloads" / f"{SLUG}-{lang}.pdf") == []


def test_a_character_missing_from_the_fonts_fails_with_its_location(
        tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    section = content / "zh" / "02-banks.md"
    section.write_text(section.read_text(encoding="utf-8").replace(
        "夏天，", "夏天\U0001F3CA，"), encoding="utf-8")
    result = run_cli("build", "--content", content, "--out", tmp_path / "o",
                     "--cache", font_cache)
    assert result.code == 1
    assert (f"{section}:13:1: error: character '\U0001F3CA' (U+1F3CA) is not in the font "
            "Noto Serif SC") in result.stderr
    assert not (tmp_path / "o").exists()


@pytest.mark.slow
def test_two_cold_builds_are_byte_identical(tmp_path: Path) -> None:
    outs = [tmp_path / "one", tmp_path / "two"]
    for out in outs:
        result = run_cli("build", "--no-cache", "--content", FIXTURES / "bilingual", "--out", out,
                         "--cache", out.with_name(f"{out.name}-cache"))  # each its own
        assert result.code == 0, result.stderr
    files = sorted(p.relative_to(outs[0]) for p in outs[0].rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(outs[1]) for p in outs[1].rglob("*") if p.is_file())
    assert any(str(f).endswith(".pdf") for f in files)
    for name in files:
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


@pytest.mark.slow
def test_source_date_epoch_sets_the_pdf_date(tmp_path: Path, font_cache: Path) -> None:
    out = tmp_path / "o"
    result = run_cli("build", "--content", FIXTURES / "minimal", "--out", out, "--cache",
                     font_cache, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.code == 0, result.stderr
    info = pdf_info(out / "downloads" / "harbour-notes-zh.pdf")
    assert "2023" in info["CreationDate"] and "Nov 14" in info["CreationDate"]


def test_pdf_editions_make_only_the_pdfs_asked_for_and_pages_link_only_those(
        tmp_path: Path, font_cache: Path) -> None:
    content = copy_fixture("bilingual", tmp_path)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "pdf:\n  editions: [zh]\n",
                    encoding="utf-8")
    out = tmp_path / "o"
    result = run_cli("build", "--content", content, "--out", out, "--cache", font_cache,
                     "--timings")
    assert result.code == 0, result.stderr
    assert sorted(p.name for p in (out / "downloads").iterdir()) == ["river-survey-zh.pdf"]
    assert "river-survey-zh.pdf" in (out / "zh" / "index.html").read_text(encoding="utf-8")
    for page in ("en/index.html", "index.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "river-survey-en.pdf" not in html and "bilingual.pdf" not in html, page
    assert pdf_info(out / "downloads" / "river-survey-zh.pdf")["Tagged"].strip() == "yes"
