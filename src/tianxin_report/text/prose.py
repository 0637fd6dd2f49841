"""Markdown's prose as the markup parser reads it: the words of each block that a reader
sees, every character with its offset in the source.

normalize and the typography checks read prose from here, through the same markdown-it
set-up as markup (`build_parser`), so the three agree on what is prose:

- prose: text in paragraphs, headings, list items and block quotes (link text included);
  a role's shown wording ({fact}`667亿元 <id>`) and the content of a role that is not an
  id ({elision}`…`, {nofact}`20`); a directive's body (a figure's caption, a pull quote)
  and its `:alt:` text;
- not prose: fenced and indented code, inline code, a role's `<id>` or bare id
  ({term}`id`), `%` comments, link and image targets, autolinks and URLs typed as text,
  raw HTML, a directive's `:::` lines, its argument and its other options, option names.

Code, URLs, images and bare ids leave one PLACEHOLDER in the text (nothing converts it, no
typography rule looks at it); markup (`*`, `[`, line breaks) leaves nothing. The parser
gives blocks their lines (`Token.map`) but not the columns of inline text, so each inline
token's children are found in its source in order, as `markup.roles.locate_roles` finds
roles. The body is parsed once per call.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination, parseLinkTitle
from markdown_it.token import Token

from tianxin_report.text.markup.context import ROLE_TARGET
from tianxin_report.text.markup.directives import OPTION_LINE
from tianxin_report.text.markup.parser import build_parser
from tianxin_report.text.markup.roles import ID_ROLES

PLACEHOLDER = "\ufffc"  # stands for code, a URL, an image or a bare id
PROSE_OPTIONS = ("alt",)  # directive options whose value is read (aloud, or in its place)

# A URL typed as text (no autolink): it runs to a space or to Chinese punctuation, and
# keeps its non-ASCII letters (https://例子.tw/說); trailing punctuation is the sentence's.
_URL_CHAR = r"[^\s<>`\"()\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014]"
BARE_URL = re.compile(rf"(?:(?:https?|ftp)://|www\.)(?:{_URL_CHAR}|\({_URL_CHAR}*\))+"
                      r"(?<![.,:;!?'])")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


@dataclass(frozen=True)
class Prose:
    """One block's prose as a reader sees it, and where each character is written: an
    offset into the source, or None where it cannot be placed."""

    text: str
    offsets: tuple[int | None, ...]

    def written(self, source: str, index: int) -> bool:
        """True if character `index` stands as itself in the source (not as an entity)."""
        offset = self.offsets[index]
        return offset is not None and source[offset:offset + 1] == self.text[index]


@dataclass(frozen=True)
class Comment:
    """A `%` comment (its lines, without the `%`) and the lines it covers: from the comment
    to the end of the block that follows it (0-based, end excluded)."""

    text: str
    lines: tuple[int, int]


@dataclass(frozen=True)
class Reading:
    """A Markdown body's prose blocks in reading order, and its comments."""

    source: str
    blocks: tuple[Prose, ...]
    comments: tuple[Comment, ...]
    starts: tuple[int, ...] = field(repr=False)  # offset of each line's first character

    def place(self, offset: int) -> tuple[int, int]:
        """The 0-based line and column of a source offset."""
        line = bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]


@lru_cache(maxsize=2)
def parser(allow_html: bool) -> MarkdownIt:
    """markup's parser: prose is whatever the page shows as text."""
    return build_parser(allow_html)


def read_prose(source: str, allow_html: bool = False) -> Reading:
    """Parse a Markdown body once: its prose blocks and its comments."""
    lines = _as_parsed(source).split("\n")
    starts = tuple(_line_starts(lines))
    md = parser(allow_html)
    tokens = md.parse(source, {})
    blocks: list[Prose] = []
    comments: list[Comment] = []
    for index, token in enumerate(tokens):
        if not token.map:
            continue
        if token.type == "inline":
            places = _places(token.content, range(*token.map), lines, starts)
            blocks.append(_Inline(token.content, places).read(token.children or []))
        elif token.type == "colon_fence":
            blocks += _directive_prose(token, md, lines, starts)
        elif token.type == "myst_line_comment":
            comments.append(Comment(token.content, (token.map[0], _covered(tokens, index))))
    return Reading(source, tuple(blocks), tuple(comments), starts)


def read_inline_prose(text: str, allow_html: bool = False) -> Prose:
    """The prose of inline Markdown on its own (a title); offsets are into `text`."""
    lines = _as_parsed(text).split("\n")
    [inline] = parser(allow_html).parseInline(text, {})
    places = _places(inline.content, range(len(lines)), lines, _line_starts(lines))
    return _Inline(inline.content, places).read(inline.children or [])


def _as_parsed(source: str) -> str:
    """The source as the parser reads it (markdown-it replaces NUL), character for character."""
    return source.replace("\0", "\ufffd")


def _line_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _places(content: str, rows: range, lines: list[str],
            starts: Sequence[int]) -> list[int | None]:
    """The source offset of each character of a token's content. Its lines are (the end of)
    source lines in `rows`, in order, less what the block parser removed: indentation,
    `> ` and list markers, a heading's #s, blank or blank-looking lines around it."""
    places: list[int | None] = []
    row, before = rows.start, None
    for number, piece in enumerate(content.split("\n")):
        if number:  # the line break before this piece ends the line before
            places.append(starts[before] + len(lines[before]) if before is not None else None)
        before = None
        for candidate in range(row, min(max(rows.stop, row + 1), len(lines))):
            found = _column(piece, lines[candidate])
            if found is not None:
                col, lead = found
                places += [None] * lead
                places += [starts[candidate] + col + k for k in range(len(piece) - lead)]
                row, before = candidate + 1, candidate
                break
        else:
            places += [None] * len(piece)
            row += 1
    return places


def _column(piece: str, line: str) -> tuple[int, int] | None:
    """Where a content line stands in its source line: the column of its first character
    and how many leading spaces the parser added (a tab widened to spaces), or None."""
    col = line.rfind(piece)
    if col >= 0:
        return col, 0
    stripped = piece.lstrip(" ")
    col = line.rfind(stripped) if stripped else -1
    return (col, len(piece) - len(stripped)) if col >= 0 else None


def _directive_prose(token: Token, md: MarkdownIt, lines: list[str],
                     starts: Sequence[int]) -> list[Prose]:
    """A colon fence's prose: its `:alt:` text and its body, read as markup reads them
    (`parse_directive`: option lines first, then the body as inline Markdown)."""
    assert token.map is not None
    rows = token.content.split("\n")
    first = token.map[0] + 1
    found = []
    count = 0
    while count < len(rows) and (option := OPTION_LINE.match(rows[count].strip())):
        value = option["value"].strip()
        if option["key"] in PROSE_OPTIONS and value:
            places = _places(value, range(first + count, first + count + 1), lines, starts)
            found.append(_Inline(value, places).read_plain(value))
        count += 1
    start = next((k for k in range(count, len(rows)) if rows[k].strip()), len(rows))
    body = "\n".join(rows[start:]).strip()
    if body:
        [inline] = md.parseInline(body, {})
        places = _places(body, range(first + start, token.map[1]), lines, starts)
        found.append(_Inline(body, places).read(inline.children or []))
    return found


def _covered(tokens: list[Token], index: int) -> int:
    """Where the block after comment `index` ends (the next block at its level); the
    comment's own end if none follows it in its container."""
    comment = tokens[index]
    assert comment.map is not None
    for token in tokens[index + 1:]:
        if token.level < comment.level:
            break
        if token.level == comment.level and token.map and token.type != "myst_line_comment":
            return token.map[1]
    return comment.map[1]


def _after_link(src: str, pos: int) -> int:
    """The end of a link's tail, from just after its `]`: `(target "title")` or `[label]`."""
    end = len(src)
    if pos < end and src[pos] == "(":
        at = _skip_space(src, pos + 1)
        target = parseLinkDestination(src, at, end)
        if target.ok:
            at = _skip_space(src, target.pos)
            title = parseLinkTitle(src, at, end)
            if title.ok and at != target.pos:
                at = _skip_space(src, title.pos)
        if at < end and src[at] == ")":
            return at + 1
    if pos < end and src[pos] == "[":
        close = src.find("]", pos + 1)
        if close >= 0:
            return close + 1
    return pos


def _skip_space(src: str, pos: int, space: str = " \t\n") -> int:
    while pos < len(src) and src[pos] in space:
        pos += 1
    return pos


class _Inline:
    """Walks one inline token's children over its content, collecting the prose."""

    def __init__(self, content: str, places: list[int | None]) -> None:
        self.content = content
        self.places = places  # content index -> source offset
        self.pos = 0  # how far the children have been found in the content
        self.chars: list[str] = []
        self.offsets: list[int | None] = []

    def read(self, children: Sequence[Token]) -> Prose:
        index = 0
        while index < len(children):
            index = self.step(children, index)
        return Prose("".join(self.chars), tuple(self.offsets))

    def read_plain(self, text: str) -> Prose:
        """Text that is not Markdown (an option value): all prose but its URLs."""
        self.text(text, list(range(len(text))))
        return Prose("".join(self.chars), tuple(self.offsets))

    def emit(self, char: str, at: int | None) -> None:
        self.chars.append(char)
        self.offsets.append(self.places[at] if at is not None and at < len(self.places)
                            else None)

    def step(self, children: Sequence[Token], index: int) -> int:
        """Read child `index`; the index of the next child to read."""
        token = children[index]
        kind = token.type
        if kind in ("text", "text_special"):
            self.text(token.content)
        elif kind == "myst_role":
            self.role(token)
        elif kind == "code_inline":
            self.code(token.markup)
        elif kind in ("softbreak", "hardbreak"):
            self.newline()
        elif kind == "html_inline":
            self.skip_past(token.content)
        elif kind == "link_open" and token.markup == "autolink":
            return self.autolink(children, index)
        elif kind == "link_open":
            self.skip_past("[")
        elif kind == "link_close":
            self.link_tail()
        elif kind == "image":
            self.image(token)
        elif token.markup and self.content.startswith(token.markup, self.pos):
            self.pos += len(token.markup)  # emphasis: * ** _ __
        return index + 1

    def text(self, text: str, where: list[int | None] | None = None) -> None:
        """A text run: its characters, less the URLs typed in it (one placeholder each)."""
        where = self.locate(text) if where is None else where
        done = 0
        for url in [*BARE_URL.finditer(text), None]:
            start, end = url.span() if url else (len(text), len(text))
            for k in range(done, start):
                self.emit(text[k], where[k])
            if url:
                self.emit(PLACEHOLDER, where[start])
            done = end

    def locate(self, text: str) -> list[int | None]:
        """The content index of each character of a text token, found in order. Markup the
        token does not show is passed over; an escaped character is found after its
        backslash, an entity's characters at its `&`."""
        src, end = self.content, len(self.content)
        where: list[int | None] = []
        while len(where) < len(text):
            char, at = text[len(where)], self.pos
            while at < end:
                if src[at] == "\\" and src[at + 1:at + 2] == char and char in _ESCAPABLE:
                    where.append(at + 1)
                    self.pos = at + 2
                    break
                entity = _ENTITY.match(src, at) if src[at] == "&" else None
                shown = html.unescape(entity.group()) if entity else ""
                if entity and shown != entity.group() and text.startswith(shown, len(where)):
                    where += [at] * len(shown)
                    self.pos = entity.end()
                    break
                if src[at] == char:
                    where.append(at)
                    self.pos = at + 1
                    break
                at += 1
            else:  # not in the source as written: keep it, unplaced
                where += [None] * (len(text) - len(where))
        return where

    def role(self, token: Token) -> None:
        """{name}`content`: the shown wording of `shown <id>`, nothing of a bare id, else
        the content (a line break inside it reads as nothing, like a soft break)."""
        name = token.meta.get("name", "")
        start = self.content.find("{" + name + "}", self.pos)
        if start < 0:
            return
        ticks = body = start + len(name) + 2
        while body < len(self.content) and self.content[body] == "`":
            body += 1
        self.pos = body + len(token.content) + (body - ticks)
        target = ROLE_TARGET.match(token.content)
        if target is None and name in ID_ROLES:
            self.emit(PLACEHOLDER, start)
            return
        shown = target.end("shown") if target else len(token.content)
        for k in range(shown):
            if self.content[body + k:body + k + 1] != "\n":
                self.emit(token.content[k], body + k)

    def code(self, markup: str) -> None:
        """`code`: a placeholder. Its opening run may touch what came before (a role's
        closing backtick); its closing run is the next run of the same length."""
        run = re.compile(rf"(?<!`){markup}(?!`)")
        here = re.compile(rf"{markup}(?!`)").match(self.content, self.pos)
        opening = here or run.search(self.content, self.pos)
        if opening is None:
            return
        self.emit(PLACEHOLDER, opening.start())
        closing = run.search(self.content, opening.end())
        self.pos = closing.end() if closing else opening.end()

    def newline(self) -> None:
        at = self.content.find("\n", self.pos)
        if at >= 0:  # one line break, then the next line's indentation
            self.pos = _skip_space(self.content, at + 1, " \t")

    def skip_past(self, written: str) -> None:
        at = self.content.find(written, self.pos)
        if at >= 0:
            self.pos = at + len(written)

    def autolink(self, children: Sequence[Token], index: int) -> int:
        """<https://…>: a placeholder for the whole link."""
        start = self.content.find("<", self.pos)
        if start >= 0:
            self.emit(PLACEHOLDER, start)
            close = self.content.find(">", start)
            self.pos = close + 1 if close >= 0 else start + 1
        while index < len(children) and children[index].type != "link_close":
            index += 1
        return index + 1

    def link_tail(self) -> None:
        close = self.content.find("]", self.pos)
        if close >= 0:
            self.pos = _after_link(self.content, close + 1)

    def image(self, token: Token) -> None:
        """![alt](target): a placeholder (markup refuses it: images are figures)."""
        start = self.content.find("![", self.pos)
        if start < 0:
            return
        self.emit(PLACEHOLDER, start)
        kept = len(self.chars)
        self.pos = start + 2
        for child in token.children or []:  # pass over the alt text
            self.step([child], 0)
        del self.chars[kept:], self.offsets[kept:]
        self.link_tail()
