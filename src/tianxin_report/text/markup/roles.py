"""Inline roles: {fact} (checked against facts.yaml), {nofact}, {term}, {elision}; and
figures tagged in site.yaml's texts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from markdown_it.token import Token

from tianxin_report import config
from tianxin_report.config import lang_tag
from tianxin_report.errors import Location, Problems, suggest
from tianxin_report.model import Report, Section
from tianxin_report.text import quantities
from tianxin_report.text.markup.context import (
    FACTS_LINK,
    ROLE_TARGET,
    MarkupContext,
    plain_text,
)
from tianxin_report.text.quotes import smart_quotes


def locate_roles(tokens: list[Token], section: Section) -> None:
    """Give each role token the file:line:col of its source text."""
    lines = section.body.split("\n")
    for token in tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        row, col = token.map[0], 0
        for child in token.children:
            if child.type != "myst_role":
                continue
            needle = "{" + child.meta["name"] + "}"
            while row < token.map[1]:
                found = lines[row].find(needle, col)
                if found >= 0:
                    child.meta["loc"] = Location(section.path, section.body_line + row,
                                                 found + 1)
                    col = found + len(needle)
                    break
                row, col = row + 1, 0
            else:
                child.meta["loc"] = Location(section.path, section.body_line + token.map[0], 1)


def render_role(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    ctx: MarkupContext = env["ctx"]
    name, loc = token.meta["name"], token.meta.get("loc")
    handler = ROLES.get(name)
    if handler is None:
        ctx.problems.error(f"unknown role '{{{name}}}'", loc,
                           suggest(name, ROLES) or f"known roles: {', '.join(ROLES)}",
                           code="role")
        return html.escape(token.content)
    return handler(token.content, loc, ctx)


T = TypeVar("T")  # a fact or a glossary term


def split_target(content: str) -> tuple[str | None, str]:
    match = ROLE_TARGET.match(content)
    if match:
        return match["shown"].strip() or None, match["id"].strip()
    return None, content.strip()


def look_up(table: dict[str, T], item_id: str, kind: str, file: str, code: str,
            loc: Location | None, ctx: MarkupContext) -> T | None:
    """A role's fact or term by id; None, with an error suggesting the nearest id, if none."""
    item = table.get(item_id)
    if item is None:
        ctx.problems.error(f"unknown {kind} '{item_id}'", loc,
                           suggest(item_id, table) or f"add it to {file}",
                           code=code)
    return item


def render_fact(content: str, loc: Location | None, ctx: MarkupContext) -> str:
    """{fact}`id` renders the fact; {fact}`shown <id>` keeps the wording, checked."""
    shown, fact_id = split_target(content)
    fact = look_up(ctx.facts, fact_id, "fact", "facts.yaml", "fact-unknown", loc, ctx)
    if fact is None:
        return html.escape(shown or fact_id)
    if shown is not None and ctx.check_wording:
        reason = quantities.check_wording(shown, ctx.lang, fact.value, fact.unit, fact.qualifier,
                                          ctx.units)
        if reason:
            ctx.problems.error(f"“{shown}” does not state fact '{fact_id}': {reason}", loc,
                               f"fix the wording, or the value in facts.yaml "
                               f"({fact.location})", code="fact-mismatch")
    text = shown if shown is not None else quantities.format_quantity(
        fact.value, fact.unit, fact.qualifier, ctx.lang, ctx.units)
    if ctx.lang not in config.CHINESE_LANGS:
        text = smart_quotes(text)
    label = fact.label.get(ctx.lang) or next(iter(fact.label.values()))
    return (f'<a class="fact" href="{FACTS_LINK}{fact_id}"><data value="{fact.value}" '
            f'data-fact="{fact_id}" title="{html.escape(label)}">{html.escape(text)}</data></a>')


SITE_FACT = re.compile(r"\{fact\}`(?P<content>[^`]*)`")


def site_text_facts(report: Report, problems: Problems) -> Report:
    """Figures tagged in site.yaml's texts (kicker, description…) checked like the body's,
    and written as plain text (they also go into page metadata and the PDF's)."""
    site = report.site
    changed: dict[str, Any] = {}  # Site fields by name, for replace(**changed)
    for key in config.SITE_LOCALIZED:
        texts = getattr(site, key)
        if texts and any("{fact}" in text for text in texts.values()):
            changed[key] = {lang: site_text(text, site.role_locations.get(f"{key}.{lang}", ()),
                                            report, lang, problems)
                            for lang, text in texts.items()}
    return replace(report, site=replace(site, **changed)) if changed else report


def site_text(text: str, places: tuple[Location, ...], report: Report, lang: str,
              problems: Problems) -> str:
    """One site.yaml text with its {fact} roles checked and written out."""
    ctx = MarkupContext(lang=lang, facts=report.facts, glossary={}, assets={},
                        strings={}, problems=problems, units=report.units)
    located = iter(places)
    return SITE_FACT.sub(lambda m: plain_text(render_fact(m["content"], next(located, None),
                                                          ctx)), text)


def render_elision(content: str, loc: Location | None, ctx: MarkupContext) -> str:
    """An editorial elision: the source is damaged here; say so visibly, invent nothing."""
    note = content.strip()
    return (f'<span class="elision"><span aria-hidden="true">……</span>'
            f'<span class="elision-note">{ctx.strings["elision_open"]}{html.escape(note)}'
            f'{ctx.strings["elision_close"]}</span></span>')


def render_term(content: str, loc: Location | None, ctx: MarkupContext) -> str:
    """A glossary term: linked to its entry; explained at its first use in an edition."""
    shown, term_id = split_target(content)
    term = look_up(ctx.glossary, term_id, "glossary term", "glossary.yaml", "term-unknown",
                   loc, ctx)
    if term is None:
        return html.escape(shown or term_id)
    rendering = term.en if ctx.lang == "en" else term.zh
    if shown is not None and ctx.lang == "en":
        shown = smart_quotes(shown)  # as the glossary's English (text.quotes)
    if shown is not None and shown.casefold() != rendering.casefold():
        ctx.problems.warning(f"“{shown}” renders glossary term '{term_id}' differently "
                             f"from the glossary (“{rendering}”)", loc,
                             "use the glossary's wording, or change the glossary",
                             code="term-wording")
    text = shown or rendering
    first = term_id not in ctx.terms_seen
    ctx.terms_seen.add(term_id)
    link = f'<a class="term" href="#glossary-{term_id}">{html.escape(text)}</a>'
    if not first or ctx.lang != "en":
        return link
    original = f'<span lang="{lang_tag("zh")}">{html.escape(term.zh)}</span>'
    note, stop = gloss_note(term.note.get("en", ""))
    # Inline on the web, " (腾笼换鸟: …)", without the note's own full stop (the sentence
    # goes on after it); a footnote in print (pdf.css), where the stop comes back.
    return (f'<span class="term-first">{link}<span class="term-gloss">'
            f'<span class="gloss-paren"> (</span><span class="gloss-note{stop}">{original}: '
            f'{html.escape(note)}</span><span class="gloss-paren">)</span></span></span>')


def gloss_note(note: str) -> tuple[str, str]:
    """A glossary note without its closing full stop, and the class that puts it back."""
    text = note.strip()
    abbreviation = text.rsplit(" ", 1)[-1] in ABBREVIATIONS  # "(… etc.)" keeps its dot
    if text.endswith(".") and not text.endswith("..") and not abbreviation:
        return text[:-1], " gloss-stop"
    return text, ""


ABBREVIATIONS = ("etc.", "Co.", "Ltd.", "Inc.", "Corp.", "No.", "vs.", "approx.")


def render_nofact(content: str, loc: Location | None, ctx: MarkupContext) -> str:
    """{nofact}`20`: a number that only happens to equal a fact; shown as written, and
    the untagged-figure check leaves it alone."""
    return html.escape(content)


ROLES = {"fact": render_fact, "nofact": render_nofact, "elision": render_elision,
         "term": render_term}
# Roles whose bare content ({fact}`revenue_2023`) is an id, not wording: prose readers
# (normalize, typography) skip it; their shown wording ({fact}`667亿元 <id>`) is prose.
ID_ROLES = ("fact", "term")


