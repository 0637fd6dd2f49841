"""The PDFs: metadata, tagging, outline, a table of contents whose numbers are right,
every font checked before rendering, and reproducible bytes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import FIXTURES, Run, copy_fixture, require_tool, run_cli

SLUG = "tianxin-data-valley"


def pdfinfo(pdf: Path) -> dict[str, str]:
    out = subprocess.run([require_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line) | {}


def pages_text(pdf: Path) -> list[str]:
    out = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.split("\f")


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_pdfs_are_tagged_and_described(real_site: tuple[Path, Run], lang: str) -> None:
    info = {k: v.strip() for k, v in pdfinfo(real_site[0] / "downloads" /
                                             f"{SLUG}-{lang}.pdf").items()}
    assert info["Tagged"] == "yes"
    assert info["Author"] in ("张福芳 周茂林", "Zhang Fufang and Zhou Maolin")
    assert info["Title"].startswith("6000多家" if lang != "en" else "More than 6,000")
    assert info["Keywords"] and info["Subject"]
    assert info["Page size"].startswith("595.276 x 841.89")  # A4


@pytest.mark.parametrize("lang", ["zh", "en", "bilingual"])
def test_outline_has_every_section(real_site: tuple[Path, Run], lang: str) -> None:
    xml = subprocess.run([require_tool("pdftohtml"), "-xml", "-i", "-stdout", "-q",
                          str(real_site[0] / "downloads" / f"{SLUG}-{lang}.pdf")],
                         capture_output=True, text=True, check=True).stdout
    items = re.findall(r'<item page="(\d+)">(.*?)</item>', xml)
    titles = [re.sub(r"<[^>]+>", "", t) for _, t in items]
    assert len(items) >= 5, titles  # three sections, glossary, facts
    assert any("腾笼换鸟" in t or "emptying the cage" in t for t in titles)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_toc_page_numbers_match_the_pages(real_site: tuple[Path, Run], lang: str) -> None:
    pages = pages_text(real_site[0] / "downloads" / f"{SLUG}-{lang}.pdf")
    toc = pages[1]
    entries = re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)\s*$", toc, re.M)
    assert len(entries) >= 5
    last_title, number = entries[-3]  # the last section before glossary and facts
    heading = re.sub(r"\s+", "", last_title)[:10]
    found = next(i + 1 for i, page in enumerate(pages)
                 if i > 1 and heading in re.sub(r"\s+", "", page))
    assert found == int(number)


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


def test_source_date_epoch_sets_the_pdf_date(tmp_path: Path, font_cache: Path) -> None:
    out = tmp_path / "o"
    result = run_cli("build", "--content", FIXTURES / "minimal", "--out", out, "--cache",
                     font_cache, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert result.code == 0, result.stderr
    info = pdfinfo(out / "downloads" / "harbour-notes-zh.pdf")
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
    assert pdfinfo(out / "downloads" / "river-survey-zh.pdf")["Tagged"].strip() == "yes"
