"""The markdown-it setup: CommonMark, CJK-friendly line breaks, MyST roles, colon
fences, comments; links and images checked where they are written."""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_cjk_friendly import cjk_friendly
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.myst_blocks import myst_block_plugin
from mdit_py_plugins.myst_role import myst_role_plugin

from tianxin_report.config import CHINESE_LANGS, lang_tag
from tianxin_report.errors import Location
from tianxin_report.model import Section
from tianxin_report.text.markup.context import ROLE_TARGET, MarkupContext
from tianxin_report.text.markup.roles import render_role
from tianxin_report.text.quotes import ENGLISH_QUOTES

WIDE_PUNCTUATION = "“”‘’—…·"
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff](?:[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff"
                     r"\uff00-\uffef“”‘’—…·]*[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])?")


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


def apostrophes(state: Any) -> None:
    """After smartquotes: a straight ' it left (before a digit: '90s) is an apostrophe."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "text" and "'" in child.content:
                child.content = child.content.replace("'", "’")


def build_parser(allow_html: bool, english: bool = False) -> MarkdownIt:
    """The markdown-it setup: CommonMark, CJK-friendly, MyST roles, colon fences, comments.

    English text gets typographic quotes and apostrophes from straight ones (markdown-it's
    smartquotes, none of its other replacements); Chinese text is left as written.
    """
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": english,
                                   "quotes": ENGLISH_QUOTES})
    if english:
        md.enable("smartquotes")
        md.core.ruler.after("smartquotes", "apostrophes", apostrophes)
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


