"""The report as plain, frozen data passed from stage to stage."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tianxin_report.errors import Location
from tianxin_report.units import BUILTIN_TABLE, UnitTable

Localized = dict[str, str]
"""A human-readable value by language code, e.g. {"zh": "目录", "en": "Contents"}."""


@dataclass(frozen=True)
class BuildOptions:
    """What a build reads, where it writes, and how strict it is."""

    content: Path = Path("content")
    out: Path = Path("_site")
    theme: Path = Path(".")  # the folder holding templates/ and static/
    cache: Path = Path(".cache")
    pdf: bool = True
    strict: bool = False
    base_url: str | None = None  # overrides site.yaml's: where the site will be served
    preview: bool = False  # serve's quick rebuilds: whole fonts instead of fresh subsets
    source_date_epoch: int | None = None  # SOURCE_DATE_EPOCH, read once by the CLI
    fresh: bool = False  # --no-cache: remake every font and PDF (and keep them in the cache)


# --- what load reads -------------------------------------------------------------------


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file with the location of every mapping key and value."""

    path: str
    data: Any
    marks: dict[tuple[str | int, ...], Location]  # key path -> where its value starts
    text: str = ""  # the source, for locating things inside a value

    def find(self, needle: str, *keys: str | int) -> list[Location]:
        """Where `needle` occurs in the value at `keys` and after it (in order)."""
        start = self.where(*keys)
        lines = self.text.split("\n")
        found, row, col = [], start.line - 1, start.col - 1
        while row < len(lines) and (row == start.line - 1 or lines[row][:1] in (" ", "\t")):
            col = lines[row].find(needle, col)
            if col < 0:
                row, col = row + 1, 0
                continue
            found.append(Location(self.path, row + 1, col + 1))
            col += len(needle)
        return found

    def where(self, *keys: str | int) -> Location:
        """The location of the value at `keys`, or of the nearest enclosing value."""
        while keys and keys not in self.marks:
            keys = keys[:-1]
        return self.marks.get(keys, Location(self.path, 1, 1))


@dataclass(frozen=True)
class MarkdownFile:
    """One section file as read: front matter and body, with their line offsets."""

    path: str
    lang: str
    name: str  # file name, e.g. "02-why.md"
    front_matter: YamlDocument | None
    body: str
    body_line: int  # 1-based line of the body's first line in the file


@dataclass(frozen=True)
class Asset:
    """A file of the content folder the site may publish: its checked bytes, or why not."""

    path: str  # posix path inside the content folder, and inside the site
    data: bytes | None  # the bytes to publish; None when the file cannot be published
    problem: str | None = None  # why not, after the file's name: "is not a … image"
    hint: str | None = None


@dataclass(frozen=True)
class Sources:
    """Everything an editor wrote, read from the content folder."""

    root: Path
    site: YamlDocument
    facts: YamlDocument | None
    glossary: YamlDocument | None
    sections: dict[str, tuple[MarkdownFile, ...]]  # by language folder
    charts: YamlDocument | None
    assets: dict[str, Asset]  # files under content/ other than text, by posix path
    lock: YamlDocument | None = None  # translations.lock: what each translation was made from
    units: YamlDocument | None = None  # units.yaml: the report's own units


# --- what validate makes ---------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """Report metadata from site.yaml."""

    slug: str
    languages: tuple[str, ...]
    title: Localized
    authors: tuple[Localized, ...]
    date: datetime.date | None = None  # the publication date; None: shown nowhere
    kicker: Localized | None = None
    column: Localized | None = None
    series: Localized | None = None
    description: Localized | None = None
    credit: Localized | None = None
    key_figures: Localized | None = None  # the title of the key-figures panel
    keywords: Localized | None = None  # comma-separated, for PDF and page metadata
    publisher: Localized | None = None  # named in JSON-LD only when given
    base_url: str | None = None
    keep: tuple[str, ...] = ()
    allow_html: bool = False
    paper: str = "A4"
    pdf_editions: tuple[str, ...] = ()  # the PDFs to make: languages and/or "bilingual"
    typography: dict[str, bool] = field(default_factory=dict)  # rule name -> on/off
    # where each {fact} role of a text is: 'kicker.en' -> locations in order
    role_locations: dict[str, tuple[Location, ...]] = field(default_factory=dict)

    @property
    def source_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True)
class Fact:
    """One figure of the report, in base units."""

    id: str
    value: Decimal | str  # a number in base units; an ISO date ('2024-01-11') for unit 'date'
    unit: str
    label: Localized
    location: Location
    qualifier: str | None = None
    year: int | None = None
    as_of: str | None = None
    note: Localized | None = None
    source: str | None = None
    highlight: bool = False


@dataclass(frozen=True)
class Term:
    """A glossary entry: a Chinese term, its English rendering and an explanation."""

    id: str
    zh: str
    en: str
    note: Localized
    location: Location


@dataclass(frozen=True)
class Chart:
    """A chart drawn from facts: horizontal bars on one scale, or a timeline of dates."""

    id: str
    kind: str  # "bars" | "timeline"
    title: Localized
    facts: tuple[str, ...]
    location: Location
    labels: dict[str, Localized] = field(default_factory=dict)  # shorter labels by fact id


@dataclass(frozen=True)
class Section:
    """One section file, checked: its number, stable id, heading and Markdown body."""

    path: str
    lang: str
    number: int
    id: str  # stable ASCII id shared by every language, from the file name
    title: str | None
    title_location: Location | None
    body: str
    body_line: int


@dataclass(frozen=True)
class Report:
    """The whole report, checked and ready to normalize and render."""

    root: Path
    site: Site
    facts: dict[str, Fact]
    glossary: dict[str, Term]
    sections: dict[str, tuple[Section, ...]]  # by language, in reading order
    charts: dict[str, Chart]
    assets: dict[str, Asset]
    lock: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # file -> blocks
    units: UnitTable = BUILTIN_TABLE  # built-in units and those of units.yaml


# --- what normalize reports ------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One normalization: `old` became `new` at `location`."""

    location: Location
    old: str
    new: str


# --- what render makes -----------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A rendered block (paragraph, heading, list item, figure) and where it came from."""

    id: str
    kind: str
    location: Location
    html: str
    text: str
    source: str = ""  # the block's Markdown, as the editor wrote it (after normalization)


@dataclass(frozen=True)
class RenderedSection:
    """A section rendered to HTML for one language."""

    id: str
    number: int
    lang: str
    title_html: str | None
    title_text: str | None
    blocks: tuple[Block, ...]

    @property
    def html(self) -> str:
        return "\n".join(b.html for b in self.blocks)


@dataclass(frozen=True)
class Edition:
    """One language's article, rendered."""

    lang: str
    sections: tuple[RenderedSection, ...]
    images: frozenset[str] = frozenset()  # the content images its figures show


@dataclass(frozen=True)
class OutputFile:
    """A file of the site: bytes to write, or a source file to copy."""

    path: str  # posix path inside the output folder
    data: bytes | None = None
    copy_from: Path | None = None


@dataclass(frozen=True)
class Checked:
    """The report after every check, with its rendered editions."""

    report: Report
    editions: dict[str, Edition]


@dataclass(frozen=True)
class PdfJob:
    """One PDF to make: its output name, the print HTML, where its URLs resolve, and the
    only files it may read."""

    name: str
    document: str
    base_url: str
    stylesheet: Path
    files: frozenset[str] = frozenset()  # absolute paths WeasyPrint may read (CSS, fonts)
    images: dict[str, bytes] = field(default_factory=dict)  # content images, checked bytes
