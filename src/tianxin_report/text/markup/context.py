"""What rendering a language's sections shares: the context, ids, plain text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from tianxin_report.errors import Location, Problems
from tianxin_report.model import Asset, Fact, Term
from tianxin_report.text.charts import Geometry
from tianxin_report.text.quantities import BUILTIN_TABLE, UnitTable

# Where the facts table is depends on the output (a page of its own on the web, a section
# of the PDF): links are written with this placeholder and resolved by each template.
FACTS_LINK = "@facts@#fact-"
ROLE_TARGET = re.compile(r"^(?P<shown>.*?)\s*<(?P<id>[^<>]+)>\s*$", re.DOTALL)


@dataclass
class MarkupContext:
    """What rendering one language's sections needs, and what it collects."""

    lang: str
    facts: dict[str, Fact]
    glossary: dict[str, Term]
    assets: dict[str, Asset]  # the content folder's files, checked by load
    strings: dict[str, str]
    problems: Problems
    asset_prefix: str = "../"
    content_root: str = "content"  # as the editor sees it, for messages
    terms_seen: set[str] = field(default_factory=set)
    images_used: set[str] = field(default_factory=set)  # what the site must publish
    ids: dict[str, tuple[Location, str]] = field(default_factory=dict)  # on the page so far
    check_wording: bool = True
    charts: dict[str, Geometry] = field(default_factory=dict)  # drawn once, for every language
    units: UnitTable = BUILTIN_TABLE
    paper: str = "A4"  # the PDFs' paper: how wide a photo is printed




def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment (for search, checks and alignment)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()




def claim_id(anchor: str, loc: Location, what: str, ctx: MarkupContext,
             hint: str | None = None) -> None:
    """Record an id of the edition's page; the second holder of an id is an error there."""
    first = ctx.ids.get(anchor)
    if first is None:
        ctx.ids[anchor] = (loc, what)
        return
    ctx.problems.error(f"duplicate id '{anchor}': {first[1]} at {first[0]} has it already",
                       loc, hint or f"rename {first[1]} at {first[0]}: ids are anchors, "
                       "each used once on a page", code="duplicate-id")





