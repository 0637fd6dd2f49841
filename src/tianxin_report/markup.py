"""Markdown to HTML blocks: markdown-it-py with our rules for facts, figures and block ids."""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_cjk_friendly import cjk_friendly
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from tianxin_report import config, quantities
from tianxin_report.charts import Geometry, render_chart
from tianxin_report.config import CHINESE_LANGS, lang_tag
from tianxin_report.errors import Location, Problems, suggest
from tianxin_report.model import Asset, Block, Fact, RenderedSection, Report, Section, Term
from tianxin_report.quantities import BUILTIN_TABLE, UnitTable

# Where the facts table is depends on the output (a page of its own on the web, a section
# of the PDF): links are written with this placeholder and resolved by each template.
FACTS_LINK = "@facts@#fact-"
ROLE_TARGET = re.compile(r"^(?P<shown>.*?)\s*<(?P<id>[^<>]+)>\s*$", re.DOTALL)
OPTION_LINE = re.compile(r"^:(?P<key>[a-z_]+):\s*(?P<value>.*)$")
FIGURE_OPTIONS = ("name", "alt", "aspect")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
ASPECT = re.compile(r"^\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?$")
WIDE_PUNCTUATION = "“”‘’—…·"
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff](?:[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff"
                     r"\uff00-\uffef“”‘’—…·]*[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])?")


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


def is_wide(char: str) -> bool:
    """True for characters set without spaces around them in CJK text."""
    return bool(char) and (unicodedata.east_asian_width(char) in ("W", "F")
                           or char in WIDE_PUNCTUATION)


def visible_text(token: Token) -> str:
    if token.type == "myst_role":
        match = ROLE_TARGET.match(token.content)
        return match["shown"] if match else ""
    return token.content


def render_softbreak(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                     env: Any) -> str:
    """A source line break between CJK characters renders as nothing, else as a space."""
    before = visible_text(tokens[idx - 1])[-1:] if idx > 0 else ""
    after = visible_text(tokens[idx + 1])[:1] if idx + 1 < len(tokens) else ""
    return "" if is_wide(before) or is_wide(after) else "\n"


def render_text(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    """Text; in a non-Chinese edition, runs of Chinese are marked lang="zh-Hans"."""
    text = html.escape(tokens[idx].content, quote=False)
    if env["ctx"].lang in CHINESE_LANGS:
        return text
    return HAN_RUN.sub(lambda m: f'<span lang="{lang_tag("zh")}">{m.group(0)}</span>', text)


SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
LINK_SCHEMES = ("http", "https", "mailto")


@dataclass
class Cursor:
    """Where the block being rendered is written, and how far its targets have been found."""

    section: Section
    lines: list[str]  # the section body's lines
    row: int  # 0-based, in the body
    end: int
    fallback: Location  # where a target that cannot be found is reported
    col: int = 0

    def find(self, target: str) -> Location:
        """The place of the next occurrence of a link or image target, as it was written."""
        needles = {target, unquote(target)}
        while self.row < self.end:
            found = [i for i in (self.lines[self.row].find(n, self.col) for n in needles)
                     if i >= 0]
            if found:
                self.col = min(found) + 1
                return Location(self.section.path, self.section.body_line + self.row,
                                min(found) + 1)
            self.row, self.col = self.row + 1, 0
        return self.fallback


def content_path(target: str, folder: str) -> str | None:
    """A relative link or image target as a path in the content folder; None if it leaves.

    Targets are relative to the section's folder (content/zh/), as the page (zh/) and the
    PDF (whose base is content/zh/) read them.
    """
    if SCHEME.match(target) or target.startswith(("/", "\\")):
        return None
    written = unquote(re.split(r"[?#]", target, maxsplit=1)[0]).replace("\\", "/")
    path = posixpath.normpath(posixpath.join(folder, written))
    return None if path == ".." or path.startswith("../") else path


def render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                 env: Any) -> str:
    """Markdown's ![alt](path) is refused: images are figures (checked, captioned)."""
    ctx: MarkupContext = env["ctx"]
    src = str(tokens[idx].attrGet("src") or "")
    loc = env["cursor"].find(src)
    inside = content_path(src, ctx.lang)
    if inside is None:
        ctx.problems.error(f"image path '{src}' points outside content/", loc,
                           "put the image under content/images/ and show it with a figure: "
                           ":::{figure} images/photo.jpg", code="image-path")
    else:  # name the file as a figure would: relative to content/ (either reading exists)
        paths = [p for p in (content_path(src, "."), inside) if p is not None]
        path = next((p for p in paths if p in ctx.assets), paths[0])
        ctx.problems.error(f"Markdown image syntax is not supported: show '{path}' with a "
                           "figure", loc, f"write :::{{figure}} {path}, then :alt: and a "
                           "caption on the next lines, and ::: to close it",
                           code="image-syntax")
    return html.escape(tokens[idx].content)


def render_link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any,
                     env: Any) -> str:
    """A link: to the web, an e-mail address, this site or a #place; never a local file."""
    ctx: MarkupContext = env["ctx"]
    href = str(tokens[idx].attrGet("href") or "")
    scheme = SCHEME.match(href)
    if scheme and scheme[1].lower() not in LINK_SCHEMES:
        ctx.problems.error(f"link to '{href}' is not allowed: links go to http(s):// or "
                           "mailto: addresses, to pages of this site or to #places",
                           env["cursor"].find(href), "link to an https:// address instead, "
                           "or remove the link", code="link")
    elif not scheme and not href.startswith(("#", "//")) and content_path(href, ctx.lang) is None:
        ctx.problems.error(f"link to '{href}' leads outside the content folder",
                           env["cursor"].find(href), "link to a page of this site relative to "
                           "this one (../en/), to a #place, or to an https:// address",
                           code="link")
    return str(self.renderToken(tokens, idx, options, env))


def build_parser(allow_html: bool) -> MarkdownIt:
    """The markdown-it setup: CommonMark, CJK-friendly, MyST roles, colon fences, comments."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False})
    md.use(cjk_friendly).use(myst_role_plugin).use(colon_fence_plugin).use(myst_block_plugin)
    # every link becomes a token (markdown-it leaves file: and javascript: ones as plain
    # text), so that render_link_open can refuse the ones we do not publish, with a place
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.add_render_rule("softbreak", render_softbreak)
    md.add_render_rule("text", render_text)
    md.add_render_rule("image", render_image)
    md.add_render_rule("link_open", render_link_open)
    md.add_render_rule("myst_role", render_role)
    md.add_render_rule("myst_line_comment", lambda *a, **k: "")
    md.add_render_rule("myst_target", lambda *a, **k: "")
    md.add_render_rule("myst_block_break", lambda *a, **k: "")
    return md


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


def split_target(content: str) -> tuple[str | None, str]:
    match = ROLE_TARGET.match(content)
    if match:
        return match["shown"].strip() or None, match["id"].strip()
    return None, content.strip()


def render_fact(content: str, loc: Location | None, ctx: MarkupContext) -> str:
    """{fact}`id` renders the fact; {fact}`shown <id>` keeps the wording, checked."""
    shown, fact_id = split_target(content)
    fact = ctx.facts.get(fact_id)
    if fact is None:
        ctx.problems.error(f"unknown fact '{fact_id}'", loc,
                           suggest(fact_id, ctx.facts) or "add it to facts.yaml",
                           code="fact-unknown")
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
    label = fact.label.get(ctx.lang) or next(iter(fact.label.values()))
    return (f'<a class="fact" href="{FACTS_LINK}{fact_id}"><data value="{fact.value}" '
            f'data-fact="{fact_id}" title="{html.escape(label)}">{html.escape(text)}</data></a>')


SITE_FACT = re.compile(r"\{fact\}`(?P<content>[^`]*)`")


def site_text_facts(report: Report, problems: Problems) -> Report:
    """Figures tagged in site.yaml's texts (kicker, description…) checked like the body's,
    and written as plain text (they also go into page metadata and the PDF's)."""
    site, changed = report.site, {}
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
    ctx = MarkupContext(lang=lang, facts=report.facts, glossary={}, assets=frozenset(),
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
    term = ctx.glossary.get(term_id)
    if term is None:
        ctx.problems.error(f"unknown glossary term '{term_id}'", loc,
                           suggest(term_id, ctx.glossary) or "add it to glossary.yaml",
                           code="term-unknown")
        return html.escape(shown or term_id)
    rendering = term.en if ctx.lang == "en" else term.zh
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
    note = html.escape(term.note.get("en", ""))
    return (f'<span class="term-first">{link}<span class="term-gloss"> ({original}: '
            f'{note})</span></span>')


def render_nofact(content: str, loc: Location | None, ctx: MarkupContext) -> str:
    """{nofact}`20`: a number that only happens to equal a fact; shown as written, and
    the untagged-figure check leaves it alone."""
    return html.escape(content)


ROLES = {"fact": render_fact, "nofact": render_nofact, "elision": render_elision,
         "term": render_term}


def parse_directive(token: Token) -> tuple[str, str, dict[str, str], str]:
    """A colon fence `:::{name} argument` -> (name, argument, options, body)."""
    info = token.info.strip()
    match = re.match(r"^\{(?P<name>[a-z]+)\}\s*(?P<arg>.*)$", info)
    name, arg = (match["name"], match["arg"].strip()) if match else (info, "")
    options: dict[str, str] = {}
    lines = token.content.split("\n")
    while lines and (option := OPTION_LINE.match(lines[0].strip())):
        options[option["key"]] = option["value"].strip()
        lines.pop(0)
    return name, arg, options, "\n".join(lines).strip()


def check_image_path(src: str, loc: Location, ctx: MarkupContext) -> str | None:
    """A figure's image path, normalized; None (with an error) if it leaves content/."""
    if not src:
        ctx.problems.error("figure needs an image path: :::{figure} images/photo.jpg", loc,
                           code="figure")
        return None
    clean = posixpath.normpath(src)
    if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I) or clean.startswith(("/", "..")):
        ctx.problems.error(f"image path '{src}' points outside content/", loc,
                           "put the image under content/images/ and use a relative path",
                           code="image-path")
        return None
    return clean


def find_image(src: str, loc: Location, ctx: MarkupContext) -> bool:
    """True if the site can show this image; otherwise say why (missing, not an image)."""
    asset = ctx.assets.get(src)
    if asset is None:
        ctx.problems.warning(f"image not found: {ctx.content_root}/{src}; "
                             "a placeholder is shown", loc,
                             "add the photo, or correct the path", code="image-missing")
        return False
    if asset.data is None:
        ctx.problems.error(f"image '{src}' {asset.problem}", loc, asset.hint, code="image")
        return False
    ctx.images_used.add(src)
    return True


def render_figure(token: Token, loc: Location, md: MarkdownIt, env: dict[str, Any]) -> str:
    """A figure: the image, or a placeholder of the same shape while it is missing."""
    ctx: MarkupContext = env["ctx"]
    _, arg, options, body = parse_directive(token)
    for key in options:
        if key not in FIGURE_OPTIONS:
            ctx.problems.error(f"unknown figure option ':{key}:'", loc,
                               suggest(key, FIGURE_OPTIONS), code="figure")
    name, alt = options.get("name", ""), options.get("alt", "")
    aspect = options.get("aspect", "3/2")
    if name and not NAME.match(name):
        ctx.problems.error(f"figure name '{name}' must be lowercase ASCII with hyphens", loc,
                           code="figure")
    if not ASPECT.match(aspect):
        ctx.problems.error(f"figure aspect '{aspect}' must look like 16/9", loc, code="figure")
        aspect = "3/2"
    if not alt:
        ctx.problems.warning("figure has no :alt: text", loc,
                             "describe the photo for readers who cannot see it",
                             code="figure-alt")
    src = check_image_path(arg, loc, ctx)
    exists = src is not None and find_image(src, loc, ctx)
    caption = md.renderInline(body, env) if body else ""
    width, height = (float(x) for x in aspect.split("/"))
    style = f'style="--aspect: {aspect}; --ratio: {100 * height / width:.3f}%"'
    if exists:
        media = (f'<img src="{ctx.asset_prefix}{html.escape(src or "")}" '
                 f'alt="{html.escape(alt)}" loading="lazy" {style}>')
    else:
        media = (f'<div class="figure-placeholder" role="img" aria-label="{html.escape(alt)}" '
                 f'{style}><span aria-hidden="true">{ctx.strings["photo_missing"]}</span></div>')
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"{media}\n{caption_html}"


DIRECTIVES = ("figure", "chart", "pullquote")


def render_pullquote(token: Token, loc: Location, block_id: str, md: MarkdownIt,
                     env: dict[str, Any]) -> str:
    """A pull quote repeats the article's own words, larger; it must quote them exactly.

    Screen readers skip it (aria-hidden): they already read the sentence in the text.
    """
    ctx: MarkupContext = env["ctx"]
    body = parse_directive(token)[3]
    quoted = plain_text(md.renderInline(body, env)) if body else ""
    # The section is rendered again only to compare words: quietly, and without marking
    # glossary terms as used (their first use keeps its explanation).
    quiet = {**env, "ctx": replace(ctx, problems=Problems(), terms_seen=set(ctx.terms_seen),
                                   check_wording=False)}
    text = re.sub(r"\s+", "", plain_text(md.renderInline(env["section_text"], quiet)))
    if not quoted or re.sub(r"\s+", "", quoted) not in text:
        ctx.problems.error("a pull quote must repeat words of its own section exactly", loc,
                           "copy the sentence from the section (no new words)",
                           code="pullquote")
    return (f'<aside class="pullquote" id="{block_id}" data-block="{block_id}" '
            f'aria-hidden="true"><p>{html.escape(quoted)}</p></aside>')


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


def option_location(token: Token, key: str, loc: Location) -> Location:
    """Where a directive's `:key: value` line is (the value's column), else the fence."""
    for row, line in enumerate(token.content.split("\n"), start=1):
        option = OPTION_LINE.match(line.strip())
        if option is None:
            break
        if option["key"] == key:
            col = line.find(option["value"]) if option["value"] else -1
            return Location(loc.path, loc.line + row, col + 1 if col >= 0 else 1)
    return loc


def render_directive(token: Token, loc: Location, block_id: str, md: MarkdownIt,
                     env: dict[str, Any]) -> tuple[str, str]:
    """A colon-fence directive: {figure} or {chart}, as (block kind, HTML)."""
    ctx: MarkupContext = env["ctx"]
    name, arg, options, _ = parse_directive(token)
    if name == "chart":
        geometry = ctx.charts.get(arg)
        if geometry is None:
            ctx.problems.error(f"unknown chart '{arg}'", loc,
                               suggest(arg, ctx.charts) or "define it in charts.yaml",
                               code="chart")
            return "chart", ""
        claim_id(f"chart-{arg}", loc, "the chart", ctx, "show each chart once per language")
        return "chart", (f'<figure class="chart" id="chart-{arg}" data-block="{block_id}">\n'
                         f"{render_chart(geometry, ctx.lang)}\n</figure>")
    if name == "pullquote":
        claim_id(block_id, loc, "the pull quote", ctx)
        return "pullquote", render_pullquote(token, loc, block_id, md, env)
    if name != "figure":
        ctx.problems.error(f"unknown directive '{{{name}}}'", loc,
                           suggest(name, DIRECTIVES) or "use {figure}, {chart} or {pullquote}",
                           code="directive")
        return "figure", ""
    anchor = options.get("name") or block_id
    claim_id(anchor, option_location(token, "name", loc), "the figure", ctx,
             "give this figure a :name: of its own" if "name" in options else None)
    return "figure", (f'<figure class="figure" id="{anchor}" data-block="{block_id}">\n'
                      f"{render_figure(token, loc, md, env)}\n</figure>")


BLOCK_OPEN = {"paragraph_open": "paragraph", "heading_open": "heading",
              "blockquote_open": "quote", "table_open": "table", "list_item_open": "item"}
BLOCK_SINGLE = {"colon_fence": "figure", "fence": "code", "code_block": "code",
                "hr": "rule", "html_block": "html"}


def split_blocks(tokens: list[Token]) -> list[tuple[str, list[Token], list[Token], list[Token]]]:
    """Top-level blocks as (kind, opening wrapper, block tokens, closing wrapper).

    List items are blocks of their own (the alignment contract counts them), so a list's
    own open/close tokens travel as wrappers of its first and last item.
    """
    blocks: list[tuple[str, list[Token], list[Token], list[Token]]] = []
    index, pending_open = 0, []
    while index < len(tokens):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            pending_open = [token]
            index += 1
            continue
        if token.type in ("bullet_list_close", "ordered_list_close") and token.level == 0:
            blocks[-1][3].append(token)
            index += 1
            continue
        if token.type in BLOCK_SINGLE and token.level == 0:
            blocks.append((BLOCK_SINGLE[token.type], pending_open, [token], []))
            pending_open, index = [], index + 1
            continue
        if token.type in BLOCK_OPEN and token.level in (0, 1):
            end = index + 1
            while not (tokens[end].type == token.type.replace("_open", "_close")
                       and tokens[end].level == token.level):
                end += 1
            blocks.append((BLOCK_OPEN[token.type], pending_open, tokens[index:end + 1], []))
            pending_open, index = [], end + 1
            continue
        index += 1  # comments, targets and block breaks render nothing
    return blocks


def plain_text(fragment: str) -> str:
    """Visible text of an HTML fragment (for search, checks and alignment)."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def find_untagged_figures(tokens: list[Token], section: Section, ctx: MarkupContext) -> None:
    """Warn about numbers in plain text that state a fact's value but are not tagged."""
    pattern = quantities.figure_pattern(ctx.lang, ctx.units) if ctx.lang in quantities.LANGS \
        else None
    if pattern is None or not ctx.facts:
        return
    lines = section.body.split("\n")
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or []:
            if child.type != "text":
                continue
            for match in pattern.finditer(child.content):
                fact = matching_fact(match.group(0), ctx)
                if fact is not None:
                    loc = locate_text(match.group(0), lines, token.map, section)
                    ctx.problems.warning(
                        f"untagged figure “{match.group(0)}” states fact '{fact.id}'", loc,
                        f"tag it: {{fact}}`{match.group(0)} <{fact.id}>`",
                        code="fact-untagged")


def matching_fact(wording: str, ctx: MarkupContext) -> Fact | None:
    """The fact whose value a number writes, in the same unit (a bare number: a count).

    Years and dates are left out (they are context everywhere), and so are bare numbers
    under 10, which are too common to mean a particular fact.
    """
    try:
        reading = quantities.read_quantity(wording, ctx.lang, ctx.units)
        written = Decimal(reading.text)
    except (quantities.QuantityError, ArithmeticError):
        return None
    unit = reading.unit or "count"
    if unit in ("year", "date") or (reading.unit is None and written < 10):
        return None
    return next((f for f in ctx.facts.values() if f.unit == unit and f.value == written
                 and reading.qualifier in (None, f.qualifier)), None)


def locate_text(needle: str, lines: list[str], span: list[int], section: Section) -> Location:
    for row in range(span[0], span[1]):
        col = lines[row].find(needle)
        if col >= 0:
            return Location(section.path, section.body_line + row, col + 1)
    return Location(section.path, section.body_line + span[0], 1)


def render_section(section: Section, md: MarkdownIt, ctx: MarkupContext) -> RenderedSection:
    """Render one section's blocks, each with its stable id and source location."""
    env: dict[str, Any] = {"ctx": ctx, "section_text": re.sub(
        r"(?ms)^:::\s*\{pullquote\}.*?^:::\s*$", "", section.body)}
    where = section.title_location or Location(section.path)
    for anchor in (section.id, f"s-{section.id}"):  # its heading, and the section around it
        claim_id(anchor, where, "the section", ctx)
    tokens = md.parse(section.body, env)
    locate_roles(tokens, section)
    find_untagged_figures(tokens, section, ctx)
    lines = section.body.split("\n")
    blocks = []
    for number, (kind, before, inner, after) in enumerate(split_blocks(tokens), start=1):
        first = inner[0]
        loc = Location(section.path, section.body_line + (first.map[0] if first.map else 0), 1)
        block_id = f"{section.id}-{number}"
        rows = first.map or [0, 0]
        env["cursor"] = Cursor(section, lines, rows[0], rows[1], loc)
        if kind == "figure":
            kind, fragment = render_directive(first, loc, block_id, md, env)
        else:
            claim_id(block_id, loc, f"block {block_id}", ctx)
            first.attrSet("id", block_id)
            first.attrSet("data-block", block_id)
            if kind == "heading":
                first.tag = inner[-1].tag = f"h{min(6, max(3, int(first.tag[1]) + 1))}"
            fragment = md.renderer.render(inner, md.options, env).strip()
        wrap_open = md.renderer.render(before, md.options, env) if before else ""
        wrap_close = md.renderer.render(after, md.options, env) if after else ""
        source = "\n".join(lines[first.map[0]:first.map[1]]).strip() if first.map else ""
        blocks.append(Block(block_id, kind, loc, wrap_open + fragment + wrap_close,
                            plain_text(fragment), source))
    env["cursor"] = Cursor(section, [], 0, 0, section.title_location or Location(section.path))
    title_html = md.renderInline(section.title, env) if section.title else None
    return RenderedSection(section.id, section.number, section.lang, title_html,
                           plain_text(title_html) if title_html else None, tuple(blocks))
