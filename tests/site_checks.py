"""Checks of a built site that hold for any report: read its pages and PDFs, list what is
wrong. Engine tests run them on the fixture reports, tests/content/ on the real content."""

from __future__ import annotations

import html
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .conftest import REPO, require_file, require_tool

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = ["index.html", "zh/index.html", "en/index.html", "bilingual/index.html", "404.html",
         "zh/facts/index.html", "en/facts/index.html"]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


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


def page(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


# --- what the editor wrote, read at test time (never copied into a test) ---------------


def site_yaml(content: Path) -> dict:
    return yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))


def section_titles(content: Path, lang: str) -> list[str]:
    """The titles of a language's sections, in order (the lede has none)."""
    titles = []
    for path in sorted((content / lang).glob("[0-9][0-9]-*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            front = yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n")) or {}
            if front.get("title"):
                titles.append(str(front["title"]))
    return titles


def figure_count(content: Path, lang: str) -> int:
    """How many figures a language's sections show."""
    return sum(len(re.findall(r"(?m)^:::\s*\{figure\}", path.read_text(encoding="utf-8")))
               for path in (content / lang).glob("[0-9][0-9]-*.md"))


# --- pages ----------------------------------------------------------------------------


def broken_links(out: Path) -> list[tuple[str, str]]:
    """Every href and src on every page that reaches no file (or no element #id)."""
    from urllib.parse import unquote, urlsplit

    ids = {p: set(re.findall(r'\sid="([^"]+)"', p.read_text(encoding="utf-8")))
           for p in out.rglob("*.html")}
    broken = []
    for page_path in out.rglob("*.html"):
        for link in re.findall(r'(?:href|src)="([^"]+)"', page_path.read_text(encoding="utf-8")):
            parts = urlsplit(html.unescape(link))
            if parts.scheme or link.startswith("data:"):
                continue
            if page_path.name == "404.html" and parts.path.startswith("/"):
                target = out / unquote(parts.path).lstrip("/")
            else:
                target = (page_path.parent / unquote(parts.path)).resolve() if parts.path \
                    else page_path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or (parts.fragment and
                                        parts.fragment not in ids.get(target, set())):
                broken.append((str(page_path.relative_to(out)), link))
    return broken


def chars_missing_from_page_fonts(out: Path) -> list[tuple[str, str]]:
    """Characters a page shows that its font subsets cannot draw (a fallback, or tofu)."""
    from fontTools.ttLib import TTFont

    missing = []
    for name in PAGES:
        text = page(out, name)
        fonts = re.findall(r'src: url\("([^"]+)"\) format', text)
        have: set[int] = set()
        for href in fonts:
            path = out / href.lstrip("/") if href.startswith("/") else (out / name).parent / href
            have |= set(TTFont(path).getBestCmap())
        body = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ",
                      text.split("<body", 1)[1], flags=re.S)
        visible = set(html.unescape(body)) - set(" \n\t\u00a0\u200b")
        gap = "".join(sorted(c for c in visible if ord(c) not in have))
        if gap or len(fonts) != 2:
            missing.append((name, f"{len(fonts)} fonts, missing {gap!r}"))
    return missing


def html_errors(out: Path) -> list[tuple]:
    """The Nu Html Checker's errors on every page: (folder/page, line, message)."""
    pages = sorted(str(p) for p in out.rglob("*.html"))
    assert len(pages) == len(PAGES)
    result = subprocess.run([require_tool("java"), "-jar", str(require_file(VNU)),
                             "--errors-only", "--format", "json", *pages],
                            capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [(m.get("url", "").rsplit("/", 2)[-2:], m.get("lastLine"), m["message"])
            for m in messages]


def requests_leaving(out: Path) -> list[tuple[str, str]]:
    """Every http(s) address a page loads or links to as a resource (src/href)."""
    return [(str(p.relative_to(out)), url) for p in sorted(out.rglob("*.html"))
            for url in sorted(set(re.findall(r'(?:src|href)="(https?://[^"]+)"',
                                             p.read_text(encoding="utf-8"))))]


# --- PDFs -----------------------------------------------------------------------------


def pdf_text(pdf: Path, furniture: tuple[str, ...] = ()) -> str:
    """pdftotext output with page furniture (running heads, page numbers) removed, so that
    a sentence crossing a page break reads as one."""
    heads = {squeeze(h) for h in furniture}
    return "\n".join(line for line in "\n".join(pdf_pages(pdf)).split("\n")
                     if not line.strip().isdigit() and squeeze(line) not in heads)


def pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return out.split("\f")


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run([require_tool("pdfinfo"), str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    return {k: v.strip() for k, v in (line.split(":", 1) for line in out.splitlines()
                                      if ":" in line)}


def pdf_outline(pdf: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks: (page, title), in order."""
    xml = subprocess.run([require_tool("pdftohtml"), "-xml", "-i", "-stdout", "-q", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    return [(int(n), html.unescape(re.sub(r"<[^>]+>", "", title)))
            for n, title in re.findall(r'<item page="(\d+)">(.*?)</item>', xml)]


def fonts_not_embedded(pdf: Path) -> list[str]:
    """pdffonts rows for fonts that are Type 3, or not embedded, subset and with Unicode."""
    rows = subprocess.run([require_tool("pdffonts"), str(pdf)], capture_output=True,
                          text=True, check=True).stdout.splitlines()[2:]
    assert len(rows) >= 2, rows  # at least a serif and a sans
    return [row for row in rows
            if "Type 3" in row or row.split()[-5:-2] != ["yes", "yes", "yes"]]  # emb sub uni


def toc_entries(pdf: Path) -> list[tuple[str, int]]:
    """The table of contents (page 2) as (text, page number): an entry's text is everything
    since the previous entry's number, squeezed, so a title wrapped over lines is whole
    (and the first carries the page's heading before it)."""
    entries, text = [], ""
    for line in pdf_pages(pdf)[1].split("\n"):
        entry = re.match(r"^(.*?)\s*\.{3,}\s*(\d+)\s*$", line)
        if entry is None:
            text += squeeze(line)
            continue
        entries.append((text + squeeze(entry[1]), int(entry[2])))
        text = ""
    return entries


def toc_mismatches(pdf: Path) -> list[str]:
    """Every bookmark after the title's, checked twice: the table of contents gives it the
    same page number, and that page shows its heading."""
    pages, entries = pdf_pages(pdf), toc_entries(pdf)
    outline = pdf_outline(pdf)[1:]
    assert outline and len(entries) == len(outline), (outline, entries)
    wrong = []
    for (number, title), (text, listed) in zip(outline, entries, strict=True):
        if not text.endswith(squeeze(title)) or listed != number:
            wrong.append(f"bookmark {title!r} is on page {number}; the contents say "
                         f"{text!r} on page {listed}")
        if squeeze(title)[:10] not in squeeze(pages[number - 1]):
            wrong.append(f"page {number} does not show {title!r}")
    return wrong
