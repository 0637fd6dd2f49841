"""The PDFs as a reader sees them: everything inside the page's text area, running heads
that name the page's section, back matter in both languages of the bilingual PDF, glossary
notes as footnotes. Measured with poppler (word boxes, images, rendered pages)."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw

from tianxin_report.text.quotes import smart_quotes

from .conftest import CONTENT, REPO, Run, require_tool

PT_PER = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "px": 0.75}
SAMPLE, PORT = "tianxin-data-valley", "port-green-transition"
KINDS = ("zh", "en", "bilingual")


def page_margins(css: str) -> tuple[float, float, float, float]:
    """(top, right, bottom, left) in pt, from the first `@page { margin: … }` of pdf.css."""
    found = re.search(r"@page\s*\{[^}@]*?margin:\s*([^;]+);", css)
    assert found, "pdf.css sets the page margins in its first @page rule"
    values = [float(v[:-2]) * PT_PER[v[-2:]] for v in found[1].split()]
    top, right, bottom, left = {1: values * 4, 2: values * 2,
                                3: [*values, values[1]], 4: values}[len(values)]
    return top, right, bottom, left


MARGINS = page_margins((REPO / "static" / "css" / "pdf.css").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    words: tuple[Box, ...]

    @property
    def area(self) -> Box:
        """The text area: the page less the margins of pdf.css."""
        top, right, bottom, left = MARGINS
        return Box(left, top, self.width - right, self.height - bottom)

    def head(self) -> str:
        """The running head: the words above the text area."""
        return "".join(w.text for w in self.words if w.y1 <= self.area.y0)


def pdf_pages(pdf: Path) -> list[Page]:
    """Every page's size and word boxes (pdftotext -bbox)."""
    out = subprocess.run([require_tool("pdftotext"), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = tuple(Box(*map(float, w[:4]), html.unescape(w[4])) for w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)'
            "</word>", page[3]))
        pages.append(Page(float(page[1]), float(page[2]), words))
    return pages


def pdf_images(pdf: Path, tmp: Path) -> dict[int, list[Box]]:
    """Where each image is drawn, per page (pdftohtml -xml)."""
    xml = subprocess.run([require_tool("pdftohtml"), "-xml", "-zoom", "1", "-stdout", "-q",
                          str(pdf), str(tmp / "img")], capture_output=True, text=True,
                         check=True).stdout
    found: dict[int, list[Box]] = {}
    for number, body in re.findall(r'<page number="(\d+)"(.*?)</page>', xml, re.S):
        for top, left, width, height in re.findall(
                r'<image top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)"', body):
            x, y = float(left), float(top)
            found.setdefault(int(number), []).append(Box(x, y, x + float(width),
                                                         y + float(height)))
    return found


def outside(box: Box, area: Box, furniture: bool) -> float:
    """How far (pt) a box reaches outside the text area; page furniture (running head,
    footer) may sit wholly in the top or bottom margin, between the side margins."""
    side = max(area.x0 - box.x0, box.x1 - area.x1, 0.0)
    in_margin_box = box.y1 <= area.y0 or box.y0 >= area.y1
    if furniture and in_margin_box:
        return side
    return max(side, area.y0 - box.y0, box.y1 - area.y1, 0.0)


def ink_beside_the_text_area(pdf: Path, tmp: Path) -> list[tuple[int, tuple[int, ...]]]:
    """Pages with anything drawn (text, rules, images, charts) left or right of the text
    area, with where it is; rendered at 72 dpi (1 px = 1 pt, anti-aliasing allowed 1 px)."""
    subprocess.run([require_tool("pdftoppm"), "-r", "72", "-gray", "-png", str(pdf),
                    str(tmp / "page")], check=True)
    found = []
    for number, image in enumerate(sorted(tmp.glob("page-*.png")), start=1):
        with Image.open(image) as page:
            ink = page.convert("L").point(lambda v: 255 if v < 240 else 0)
        _, right, _, left = MARGINS
        ImageDraw.Draw(ink).rectangle([left - 1, 0, ink.width - right + 1, ink.height], fill=0)
        if ink.getbbox():
            found.append((number, ink.getbbox()))
    return found


def site_of(name: str, real_site: tuple[Path, Run], port_site: tuple[Path, Run]) -> Path:
    return (real_site if name == SAMPLE else port_site)[0]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", [SAMPLE, PORT])
def test_everything_stays_inside_the_text_area(real_site: tuple[Path, Run],
                                              port_site: tuple[Path, Run], name: str,
                                              kind: str, tmp_path: Path) -> None:
    pdf = site_of(name, real_site, port_site) / "downloads" / f"{name}-{kind}.pdf"
    pages = pdf_pages(pdf)
    words = [(n, round(outside(w, page.area, furniture=True), 2), w.text)
             for n, page in enumerate(pages, start=1) for w in page.words]
    assert [w for w in words if w[1] > 0.05] == []
    images = [(n, box) for n, boxes in pdf_images(pdf, tmp_path).items() for box in boxes
              if outside(box, pages[n - 1].area, furniture=False) > 1]
    assert images == []
    assert ink_beside_the_text_area(pdf, tmp_path) == []


def outline(pdf: Path) -> list[tuple[int, str]]:
    """The PDF's bookmarks in document order: (page, title without spaces)."""
    xml = subprocess.run([require_tool("pdftohtml"), "-xml", "-i", "-stdout", "-q", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    return [(int(page), squash(re.sub(r"<[^>]+>", "", title)))
            for page, title in re.findall(r'<item page="(\d+)">(.*?)</item>', xml, re.S)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", html.unescape(text))


def expected_heads(pdf: Path, pages: int) -> list[str]:
    """Per page, the title of the section whose heading is the first on that page, else of
    the section running on from the page before. Both reports open with an untitled section
    (the lede) on the page after the contents: its pages have an empty head. The cover and
    the contents have none."""
    items = outline(pdf)[1:]  # the first bookmark is the report's title, on the cover
    starts: dict[int, str] = {3: ""}
    for page, title in items:
        starts.setdefault(page, title)
    heads, current = [], ""
    for number in range(1, pages + 1):
        current = starts.get(number, current)
        heads.append(current if number > 2 else "")
    return heads


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", [SAMPLE, PORT])
def test_running_heads_name_the_section_of_the_page(real_site: tuple[Path, Run],
                                                   port_site: tuple[Path, Run], name: str,
                                                   kind: str) -> None:
    pdf = site_of(name, real_site, port_site) / "downloads" / f"{name}-{kind}.pdf"
    pages = pdf_pages(pdf)
    shown = [squash(page.head()) for page in pages]
    wanted = expected_heads(pdf, len(pages))
    # a head too long for one line ends in … (the rest of the title is cut)
    matches = [s == w or (s.endswith("…") and w.startswith(s[:-1]) and len(s) > 10)
               for s, w in zip(shown, wanted, strict=True)]
    assert all(matches), [(n, s, w) for n, (s, w, ok) in
                          enumerate(zip(shown, wanted, matches, strict=True), 1) if not ok]
    assert "" in wanted[2:] and len(set(wanted)) >= 4  # the lede, sections, back matter


def test_the_bilingual_back_matter_is_in_both_languages(real_site: tuple[Path, Run]) -> None:
    """The parallel PDF's glossary gives both terms and both notes; its facts table both
    labels (and values): neither half of the back matter is missing for its readers."""
    pages = pdf_pages(real_site[0] / "downloads" / f"{SAMPLE}-bilingual.pdf")
    text = [squash("".join(w.text for w in page.words)) for page in pages]
    glossary_at = next(i for i, t in enumerate(text) if t.startswith("术语表·Glossary"))
    facts_at = next(i for i, t in enumerate(text) if t.startswith("数据·Thefigures"))
    glossary, facts = "".join(text[glossary_at:facts_at]), "".join(text[facts_at:])
    terms = yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))
    for term in terms.values():  # English with typographic quotes (text/quotes.py)
        for part in (term["zh"], smart_quotes(term["en"]), term["note"]["zh"],
                     smart_quotes(term["note"]["en"])):
            assert squash(part) in glossary, part
    for fact in yaml.safe_load((CONTENT / "facts.yaml").read_text(encoding="utf-8")).values():
        for label in (fact["label"]["zh"], smart_quotes(fact["label"]["en"])):
            assert squash(label) in facts, label


def footnotes(pdf: Path) -> list[tuple[list[int], list[int]]]:
    """Per page, the footnote calls in the text (small digits in the accent colour) and the
    numbers of the footnotes at its foot ("7. "), from pdftohtml -xml's text runs."""
    xml = subprocess.run([require_tool("pdftohtml"), "-xml", "-i", "-zoom", "1", "-stdout",
                          "-q", str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = {i: (int(size), color) for i, size, color in re.findall(
        r'<fontspec id="(\d+)" size="(\d+)" family="[^"]*" color="([^"]*)"', xml)}
    pages = []
    for body in re.findall(r"<page number=.*?</page>", xml, re.S):
        runs = [(fonts[font], re.sub(r"<[^>]+>", "", text)) for font, text in
                re.findall(r'<text [^>]*font="(\d+)">(.*?)</text>', body)]
        calls = [int(t) for (size, color), t in runs if size <= 7 and color == "#9b2c1f"
                 and t.isdigit()]
        notes = [int(t[:-2]) for _, t in runs if re.fullmatch(r"\d+\. ", t)]
        pages.append((calls, notes))
    return pages


@pytest.mark.parametrize("kind", ["en", "bilingual"])
def test_glossary_notes_are_footnotes_on_the_page_of_their_call(real_site: tuple[Path, Run],
                                                                kind: str) -> None:
    """In print a term's first explanation is a footnote at the foot of the page where the
    term is used, numbered in order, ending with its full stop; no aside in parentheses.

    WeasyPrint (footnote-policy: auto, as GCPM allows) sometimes sets a footnote on the page
    after its call when a paragraph's widows and orphans move lines; never earlier, and
    never further."""
    pdf = real_site[0] / "downloads" / f"{SAMPLE}-{kind}.pdf"
    per_page = footnotes(pdf)
    called = {n: page for page, (calls, _) in enumerate(per_page) for n in calls}
    noted = {n: page for page, (_, notes) in enumerate(per_page) for n in notes}
    terms = yaml.safe_load((CONTENT / "glossary.yaml").read_text(encoding="utf-8"))
    assert sorted(called) == sorted(noted) == list(range(1, len(called) + 1))
    assert len(called) >= len(terms) - 2  # a few terms are not used in the English text
    assert all(noted[n] - called[n] in (0, 1) for n in called)
    assert sum(noted[n] == called[n] for n in called) >= 0.9 * len(called)
    text = squash(" ".join(w.text for page in pdf_pages(pdf) for w in page.words))
    for term in terms.values():
        note = squash(f"{term['zh']}: {smart_quotes(term['note']['en'])}")
        if note in text:
            assert note.endswith(".") and f"({squash(term['zh'])}:" not in text
