"""The real content/ built end to end: the page, the PDF, the normalization report."""

from __future__ import annotations

import html
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .article import CREDIT, sentences
from .conftest import CONTENT, FIXTURES, Run, require_tool, run_cli

CAPTIONS = ["天心数谷一期对比图。", "位于天心南部融城片区的长沙市一中城南中学。",
            "2023年9月1日，在长沙全力建设全球研发中心城市首开式上，天心经开区与湖南人工智能算力数据中心项目签约。",
            "2024年1月11日，湖南省首笔数据资产无抵押融资签约仪式现场。", "湖南大数据交易所全景图。"]


class ArticleText(HTMLParser):
    """The text inside <article> that a reader (or a screen reader) reads once: without
    tags, and without aria-hidden repeats such as pull quotes."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.hidden_at, self.parts = 0, 0, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "article" or self.depth:
            self.depth += 1
            if ("aria-hidden", "true") in attrs and not self.hidden_at:
                self.hidden_at = self.depth

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            if self.depth == self.hidden_at:
                self.hidden_at = 0
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.hidden_at:
            self.parts.append(data)


def article_text(page: str) -> str:
    parser = ArticleText()
    parser.feed(page)
    return "".join(parser.parts)


def pdf_text(pdf: Path, furniture: tuple[str, ...] = ()) -> str:
    """pdftotext output with page furniture (running heads, page numbers) removed, so that
    a sentence crossing a page break reads as one."""
    require_tool("pdftotext")
    raw = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    heads = {squeeze(h) for h in furniture}
    return "\n".join(line for line in raw.replace("\f", "\n").split("\n")
                     if not line.strip().isdigit() and squeeze(line) not in heads)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def zh_page(real_site: tuple[Path, Run]) -> str:
    return (real_site[0] / "zh" / "index.html").read_text(encoding="utf-8")


def test_every_sentence_appears_exactly_once_in_reading_order(zh_page: str) -> None:
    text = article_text(zh_page)
    position = 0
    for sentence in sentences():
        assert text.count(sentence) == 1, sentence
        found = text.index(sentence)
        assert found >= position, f"out of order: {sentence}"
        position = found
    assert len(sentences()) > 70  # the splitter is not degenerate (76 today)


def test_captions_credit_and_no_traditional_character(zh_page: str) -> None:
    captions = [html.unescape(re.sub(r"<[^>]+>", "", c))
                for c in re.findall(r"<figcaption>(.*?)</figcaption>", zh_page, re.S)]
    for caption in CAPTIONS:
        assert caption in captions
    assert zh_page.count(CREDIT) == 1
    assert "說" not in zh_page
    assert '<html lang="zh-Hans">' in zh_page


def test_page_structure(zh_page: str) -> None:
    for tag in ("<article data-pagefind-body>", '<header class="masthead">', '<nav class="toc"',
                "<figure", "<figcaption>", '<main id="content">'):
        assert tag in zh_page
    assert html.unescape("6000多家数字经济企业集聚，“天心数谷”何以起势") in zh_page
    assert '<section class="section lede"' in zh_page
    assert zh_page.count("<h2 id=") == 5  # three sections, key figures, glossary


def test_build_reports_the_normalization_and_leaves_content_alone(
        real_site: tuple[Path, Run]) -> None:
    _, result = real_site
    assert re.search(r"content/zh/04-deliver\.md:\d+:\d+: 說 → 说", result.stderr)
    line, col = map(int, re.search(r"04-deliver\.md:(\d+):(\d+)", result.stderr).groups())
    source = (CONTENT / "zh" / "04-deliver.md").read_text(encoding="utf-8").split("\n")
    assert source[line - 1][col - 1] == "說"  # the location points at the character
    assert "Traceback" not in result.stderr


def test_pdf_fonts_are_embedded_and_not_type3(real_site: tuple[Path, Run]) -> None:
    require_tool("pdffonts")
    pdf = real_site[0] / "downloads" / "tianxin-data-valley-zh.pdf"
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert len(rows) >= 3
    for row in rows:
        assert "Type 3" not in row
        assert row.split()[-5:-2] == ["yes", "yes", "yes"], row  # emb, sub, uni


def test_pdf_text_gives_back_every_sentence(real_site: tuple[Path, Run]) -> None:
    import yaml

    site = yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
    titles = [yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["title"]
              for p in sorted((CONTENT / "zh").glob("0[2-9]-*.md"))]
    furniture = (site["title"]["zh"], *titles, "术语表", "数据")
    text = squeeze(pdf_text(real_site[0] / "downloads" / "tianxin-data-valley-zh.pdf",
                            furniture))
    missing = [s for s in sentences() if squeeze(s) not in text]
    assert missing == []
    assert "說" not in text


def test_a_second_report_builds_with_no_code_change(tmp_path: Path, font_cache: Path) -> None:
    out = tmp_path / "_site"
    result = run_cli("build", "--content", FIXTURES / "minimal", "--out", out,
                     "--cache", font_cache)
    assert result.code == 0, result.stderr
    pdf = out / "downloads" / "harbour-notes-zh.pdf"
    assert pdf.is_file() and (out / "zh" / "index.html").is_file()
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore")
                         for p in out.rglob("*.html")) + pdf_text(pdf)
    for word in ("天心", "Tianxin", "长沙", "拔节"):
        assert word not in everything
    assert "清晨的码头上，渔船一艘接一艘地靠岸，工人们" in squeeze(everything)


def test_english_and_bilingual_pages(real_site: tuple[Path, Run]) -> None:
    out = real_site[0]
    en = (out / "en" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in en
    words = len(re.findall(r"[A-Za-z][A-Za-z’'-]*", article_text(en)))
    assert words >= 2500
    assert '<span lang="zh-Hans">腾笼换鸟</span>' in en  # Chinese inside English is marked
    assert '<link rel="alternate"' not in en  # hreflang needs base_url (absolute addresses)
    bilingual = (out / "bilingual" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', bilingual)
    assert len(ids) == len(set(ids))  # no duplicate ids from the two editions
    zh_blocks = re.findall(r'data-block="([^"]+)"',
                           (out / "zh" / "index.html").read_text(encoding="utf-8"))
    en_blocks = re.findall(r'data-block="([^"]+)"', en)
    assert zh_blocks == en_blocks and len(zh_blocks) > 40  # shared, stable block ids
    assert (out / "downloads" / "tianxin-data-valley-en.pdf").is_file()


def test_discovery_files_and_share_images(real_site: tuple[Path, Run]) -> None:
    out = real_site[0]
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"  # no base_url
    assert not (out / "sitemap.xml").exists()  # a sitemap needs absolute addresses
    zh = (out / "zh" / "index.html").read_text(encoding="utf-8")
    assert "og:image" not in zh  # a share image needs an absolute address (base_url)
    ld = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', zh, re.S)
    import json

    data = json.loads(ld.group(1))
    assert data["@type"] == "NewsArticle" and data["inLanguage"] == "zh-Hans"
    assert [a["name"] for a in data["author"]] == ["张福芳", "周茂林"]
    not_found = (out / "404.html").read_text(encoding="utf-8")
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


def test_every_page_character_is_in_the_page_fonts(real_site: tuple[Path, Run]) -> None:
    """The subsets cover what each page shows (else the browser falls back, or shows tofu)."""
    from fontTools.ttLib import TTFont

    out = real_site[0]
    for page in ["index.html", "zh/index.html", "en/index.html", "bilingual/index.html",
                 "404.html", "zh/facts/index.html", "en/facts/index.html"]:
        text = (out / page).read_text(encoding="utf-8")
        fonts = re.findall(r'src: url\("([^"]+)"\) format', text)
        assert len(fonts) == 2, page
        have: set[int] = set()
        for href in fonts:
            path = out / href.lstrip("/") if href.startswith("/") else (out / page).parent / href
            have |= set(TTFont(path).getBestCmap())
        body = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ",
                      text.split("<body", 1)[1], flags=re.S)
        visible = set(html.unescape(body)) - set(" \n\t\u00a0\u200b")
        missing = sorted(c for c in visible if ord(c) not in have)
        assert missing == [], (page, missing)


def test_no_internal_link_is_broken(real_site: tuple[Path, Run]) -> None:
    """Every href and src on every page reaches a file (and its #fragment, an element id)."""
    from urllib.parse import unquote, urlsplit

    out = real_site[0]
    ids = {}
    for page in out.rglob("*.html"):
        ids[page] = set(re.findall(r'\sid="([^"]+)"', page.read_text(encoding="utf-8")))
    broken = []
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for link in re.findall(r'(?:href|src)="([^"]+)"', text):
            parts = urlsplit(html.unescape(link))
            if parts.scheme or link.startswith("data:"):
                continue
            if page.name == "404.html" and parts.path.startswith("/"):
                target = out / unquote(parts.path).lstrip("/")
            else:
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((str(page.relative_to(out)), link))
            elif parts.fragment and parts.fragment not in ids.get(target, set()):
                broken.append((str(page.relative_to(out)), link))
    assert broken == []
