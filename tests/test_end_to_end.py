"""A report built end to end: the pages, the PDFs and what the build reports, on the
port-report fixture (tests/fixtures/port-report), which has units, charts, a glossary, a
photo, a pull quote, a paragraph wrapped over lines and a Traditional character to
normalize. The real content/ is built and checked by tests/content/."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from tianxin_report.source.theme import load_strings

from .conftest import FIXTURES, REPO, Run, run_cli
from .site_checks import (
    article_text,
    broken_links,
    chars_missing_from_page_fonts,
    figure_count,
    fonts_not_embedded,
    page,
    pdf_text,
    section_titles,
    site_yaml,
    squeeze,
)

PORT = FIXTURES / "port-report"


def test_page_structure(port_site: tuple[Path, Run]) -> None:
    zh = page(port_site[0], "zh/index.html")
    for tag in ("<article data-pagefind-body>", '<header class="masthead">', '<nav class="toc"',
                "<figure", "<figcaption>", '<main id="content">'):
        assert tag in zh
    assert f"<h1>{html.escape(site_yaml(PORT)['title']['zh'], quote=False)}" in zh
    assert '<section class="section lede"' in zh
    sections = section_titles(PORT, "zh")
    assert zh.count("<h2 id=") == len(sections) + 2  # each titled section, key figures, glossary
    assert '<html lang="zh-Hans">' in zh


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_figure_shows_its_photo_and_caption(port_site: tuple[Path, Run],
                                                  lang: str) -> None:
    figures = re.findall(r'<figure class="figure".*?</figure>', page(port_site[0],
                                                                     f"{lang}/index.html"), re.S)
    assert len(figures) == figure_count(PORT, lang) >= 1
    for figure in figures:
        assert re.search(r'<img src="\.\./images/[^"]+" alt="[^"]+"', figure) \
            or re.search(r'<picture>.*<img[^>]* alt="[^"]+"', figure, re.S), figure
        assert re.search(r"<figcaption>.+</figcaption>", figure, re.S), figure


def test_build_reports_each_normalization_where_it_is_and_applies_it(
        port_site: tuple[Path, Run]) -> None:
    out, result = port_site
    changes = re.findall(r"^(\S+\.md):(\d+):(\d+): (\S) → (\S)$", result.stderr, re.M)
    assert changes, result.stderr  # the fixture's 說 (zh/03-rail-and-wetland.md)
    pdf = squeeze(pdf_text(out / "downloads" / "port-green-transition-zh.pdf"))
    for path, line, col, old, _new in changes:
        source = (REPO / path).read_text(encoding="utf-8").split("\n")
        assert source[int(line) - 1][int(col) - 1] == old  # the location points at it
        assert old not in page(out, "zh/index.html") and old not in pdf
    assert "Traceback" not in result.stderr


def test_pdf_fonts_are_embedded_and_not_type3(port_site: tuple[Path, Run]) -> None:
    pdfs = sorted((port_site[0] / "downloads").glob("*.pdf"))
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert fonts_not_embedded(pdf) == [], pdf.name


def test_pdf_text_gives_back_every_paragraph_of_the_page(port_site: tuple[Path, Run]) -> None:
    """What the web page says, the PDF says: every paragraph, across page breaks."""
    out = port_site[0]
    strings = load_strings("zh")
    furniture = (site_yaml(PORT)["title"]["zh"], *section_titles(PORT, "zh"),
                 strings["glossary"], strings["facts_title"])
    pdf = squeeze(pdf_text(out / "downloads" / "port-green-transition-zh.pdf", furniture))
    paragraphs = [squeeze(article_text(f"<article>{p}</article>")) for p in re.findall(
        r'<p id="[^"]+" data-block="[^"]+">(.*?)</p>', page(out, "zh/index.html"), re.S)]
    assert len(paragraphs) >= 10
    assert [p for p in paragraphs if p not in pdf] == []


@pytest.mark.slow
def test_a_second_report_builds_with_no_code_change(tmp_path: Path, font_cache: Path) -> None:
    out = tmp_path / "_site"
    result = run_cli("build", "--content", FIXTURES / "minimal", "--out", out,
                     "--cache", font_cache)
    assert result.code == 0, result.stderr
    pdf = out / "downloads" / "harbour-notes-zh.pdf"
    assert pdf.is_file() and (out / "zh" / "index.html").is_file()
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore")
                         for p in out.rglob("*.html")) + pdf_text(pdf)
    for word in ("天心", "Tianxin", "长沙", "拔节"):  # nothing of the sample report leaks in
        assert word not in everything
    assert "清晨的码头上，渔船一艘接一艘地靠岸，工人们" in squeeze(everything)


def test_english_and_bilingual_pages(port_site: tuple[Path, Run]) -> None:
    out = port_site[0]
    en = page(out, "en/index.html")
    assert '<html lang="en">' in en
    assert '<span lang="zh-Hans">岸电</span>' in en  # Chinese inside English is marked
    assert '<link rel="alternate"' not in en  # hreflang needs base_url (absolute addresses)
    bilingual = page(out, "bilingual/index.html")
    ids = re.findall(r'\sid="([^"]+)"', bilingual)
    assert len(ids) == len(set(ids))  # no duplicate ids from the two editions
    zh_blocks = re.findall(r'data-block="([^"]+)"', page(out, "zh/index.html"))
    en_blocks = re.findall(r'data-block="([^"]+)"', en)
    assert zh_blocks == en_blocks and len(zh_blocks) > 10  # shared, stable block ids
    assert (out / "downloads" / "port-green-transition-en.pdf").is_file()


def test_discovery_files_and_share_images(port_site: tuple[Path, Run]) -> None:
    out = port_site[0]
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"  # no base_url
    assert not (out / "sitemap.xml").exists()  # a sitemap needs absolute addresses
    zh = page(out, "zh/index.html")
    assert "og:image" not in zh  # a share image needs an absolute address (base_url)
    ld = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', zh, re.S)
    assert ld is not None
    data = json.loads(ld.group(1))
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "zh-Hans"
    assert [a["name"] for a in data["author"]] == [a["zh"] for a in site_yaml(PORT)["authors"]]
    not_found = page(out, "404.html")
    assert "页面不存在" in not_found and "Page not found" in not_found
    assert (out / "pagefind" / "pagefind.js").is_file()


def test_base_url_gives_absolute_addresses_and_a_sitemap(tmp_path: Path,
                                                         font_cache: Path) -> None:
    out = tmp_path / "site"
    result = run_cli("build", "--content", FIXTURES / "bilingual", "--out", out, "--cache",
                     font_cache, "--no-pdf", "--base-url", "https://example.org/river")
    assert result.code == 0, result.stderr
    en = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/river/en/">' in en
    assert '<link rel="alternate" hreflang="x-default" href="https://example.org/river/">' in en
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    from xml.etree import ElementTree

    root = ElementTree.fromstring(sitemap)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "x": "http://www.w3.org/1999/xhtml"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert locs == ["https://example.org/river/", "https://example.org/river/zh/",
                    "https://example.org/river/en/", "https://example.org/river/bilingual/",
                    "https://example.org/river/zh/facts/", "https://example.org/river/en/facts/"]
    zh_links = root.findall("s:url", ns)[1].findall("x:link", ns)
    assert {link.get("hreflang") for link in zh_links} == {"zh-Hans", "en", "x-default"}
    assert "Sitemap: https://example.org/river/sitemap.xml" in (out / "robots.txt").read_text()
    assert 'href="/river/assets/' in (out / "404.html").read_text(encoding="utf-8")
    image = re.search(r'<meta property="og:image" content="https://example\.org/river/'
                      r'(assets/share-en\.\w+\.png)">', en)
    assert image and (out / image.group(1)).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_page_character_is_in_the_page_fonts(port_site: tuple[Path, Run]) -> None:
    """The subsets cover what each page shows (else the browser falls back, or shows tofu)."""
    assert chars_missing_from_page_fonts(port_site[0]) == []


def test_no_internal_link_is_broken(port_site: tuple[Path, Run]) -> None:
    """Every href and src on every page reaches a file (and its #fragment, an element id)."""
    assert broken_links(port_site[0]) == []
