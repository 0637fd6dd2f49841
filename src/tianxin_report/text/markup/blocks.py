"""A section's Markdown as blocks, each with its stable id and source location."""

from __future__ import annotations

import re
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tianxin_report.config import CHINESE_LANGS
from tianxin_report.errors import Location, Problems, display_path
from tianxin_report.model import Block, Edition, RenderedSection, Report, Section
from tianxin_report.source.theme import load_strings
from tianxin_report.text.charts import Geometry
from tianxin_report.text.markup.context import MarkupContext, claim_id, plain_text
from tianxin_report.text.markup.directives import render_directive
from tianxin_report.text.markup.parser import Cursor, build_parser
from tianxin_report.text.markup.roles import locate_roles

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




def render_section(section: Section, md: MarkdownIt, ctx: MarkupContext) -> RenderedSection:
    """Render one section's blocks, each with its stable id and source location."""
    env: dict[str, Any] = {"ctx": ctx, "section_text": re.sub(
        r"(?ms)^:::\s*\{pullquote\}.*?^:::\s*$", "", section.body)}
    where = section.title_location or Location(section.path)
    for anchor in (section.id, f"s-{section.id}"):  # its heading, and the section around it
        claim_id(anchor, where, "the section", ctx)
    tokens = md.parse(section.body, env)
    locate_roles(tokens, section)
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


def render_edition(report: Report, lang: str, problems: Problems,
                   charts: dict[str, Geometry], check_wording: bool = True) -> Edition:
    """Render every section of one language."""
    md = build_parser(report.site.allow_html, english=lang not in CHINESE_LANGS)
    ctx = MarkupContext(lang=lang, facts=report.facts, glossary=report.glossary, charts=charts,
                        assets=report.assets, strings=load_strings(lang), problems=problems,
                        check_wording=check_wording, content_root=display_path(report.root),
                        units=report.units, paper=report.site.paper)
    sections = tuple(render_section(s, md, ctx) for s in report.sections[lang])
    return Edition(lang, sections, frozenset(ctx.images_used))
