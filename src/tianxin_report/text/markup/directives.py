"""Colon-fence directives: {figure}, {chart} and {pullquote}."""

from __future__ import annotations

import html
import math
import posixpath
import re
from dataclasses import replace
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from tianxin_report import config
from tianxin_report.errors import Location, Problems, suggest
from tianxin_report.source.images import displayed_size
from tianxin_report.text.charts import render_chart
from tianxin_report.text.markup.context import (
    MarkupContext,
    claim_id,
    plain_text,
)

OPTION_LINE = re.compile(r"^:(?P<key>[a-z_]+):\s*(?P<value>.*)$")
FIGURE_OPTIONS = ("name", "alt", "aspect", "unavailable")
NAME = re.compile(r"^[a-z][a-z0-9-]*$")
ASPECT = re.compile(r"^\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?$")


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


def find_image(src: str, loc: Location, ctx: MarkupContext, unavailable: bool = False) -> bool:
    """True if the site can show this image; otherwise say why (missing, not an image).

    `:unavailable:` declares a photo the source does not have: its placeholder is expected
    and the build stays quiet until someone drops the real file in.
    """
    asset = ctx.assets.get(src)
    if asset is not None and unavailable:
        ctx.problems.note(f"'{src}' is here now: remove :unavailable: from its figure", loc,
                          code="image-unavailable")
    if asset is None:
        if unavailable:
            return False
        ctx.problems.warning(f"image not found: {ctx.content_root}/{src}; "
                             "a placeholder is shown", loc,
                             "add the photo, correct the path, or declare it with "
                             ":unavailable: (the source has none)", code="image-missing")
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
    exists = src is not None and find_image(src, loc, ctx, "unavailable" in options)
    caption = md.renderInline(body, env) if body else ""
    width, height = (float(x) for x in aspect.split("/"))
    style = f'style="--aspect: {aspect}; --ratio: {100 * height / width:.3f}%"'
    if exists and src is not None:
        # the original's place and size; the site stage turns it into the versions it
        # publishes (site/photos.py: <picture> on the web, the print version in the PDFs)
        pixels_wide, pixels_high = displayed_size(ctx.assets[src].data or b"")
        check_print_resolution(src, pixels_wide, loc, ctx)
        media = (f'<img src="{ctx.asset_prefix}{html.escape(src)}" alt="{html.escape(alt)}" '
                 f'width="{pixels_wide}" height="{pixels_high}" data-photo="{html.escape(src)}">')
    else:
        media = (f'<div class="figure-placeholder" role="img" aria-label="{html.escape(alt)}" '
                 f'{style}><span aria-hidden="true">{ctx.strings["photo_missing"]}</span></div>')
    caption_html = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"{media}\n{caption_html}"


def check_print_resolution(src: str, width: int, loc: Location, ctx: MarkupContext) -> None:
    """Warn when a photo has too few pixels for the width it is printed at in the PDFs."""
    printed = config.print_figure_width_mm(ctx.paper) / 25.4  # inches
    dpi = width / printed
    if dpi < config.PRINT_SHARP_DPI:
        ctx.problems.warning(
            f"photo '{src}' is {width} px wide: {dpi:.0f} dpi at its printed width "
            f"({printed * 25.4:.0f} mm), too few to print sharply", loc,
            f"use a photo at least {math.ceil(printed * config.PRINT_DPI)} px wide "
            f"({config.PRINT_DPI} dpi); the web versions are not affected",
            code="photo-resolution")


DIRECTIVES = ("figure", "chart", "pullquote")


CLOSING_PUNCTUATION = ".,;:!?。，；：！？、”’\"'"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def quote_difference(quote: str, text: str) -> str:
    """Where a pull quote leaves its section's words: the longest start of the quote the
    section has (compared without spaces, shown as written), then what follows."""
    words = squeeze(quote)
    if not words:
        return ""
    found = next((n for n in range(len(words), 0, -1) if words[:n] in text), 0)
    cut = [i for i, char in enumerate(quote) if not char.isspace()][found - 1] + 1 \
        if found else 0
    if found == 0:
        return f": “{quote[:20]}” is not in the section"
    return (f": the section has “…{quote[max(0, cut - 16):cut]}” but then not "
            f"“{quote[cut:cut + 16].strip()}…”")


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
    text = squeeze(plain_text(md.renderInline(env["section_text"], quiet)))
    words = squeeze(quoted).rstrip(CLOSING_PUNCTUATION)  # “card.” quotes prose “card,”
    if not words or words not in text:
        ctx.problems.error("a pull quote must repeat words of its own section exactly"
                           + quote_difference(quoted.strip(), text), loc,
                           "copy the sentence from the section (no new words)",
                           code="pullquote")
    return (f'<aside class="pullquote" id="{block_id}" data-block="{block_id}" '
            f'aria-hidden="true"><p>{html.escape(quoted)}</p></aside>')




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
