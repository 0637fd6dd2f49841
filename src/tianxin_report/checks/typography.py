"""Chinese typography warnings for a Markdown section body, each at an exact line and column.

The rules read the prose of each block as `text.prose` gives it (markup's own parser: code,
URLs, ids, comments and directive options are not prose; captions and alt text are)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from tianxin_report.config import CHINESE_LANGS, TYPOGRAPHY_RULES
from tianxin_report.errors import Diagnostic, Location, Problems
from tianxin_report.model import Report
from tianxin_report.text.prose import Prose, Reading, read_prose

RULES = TYPOGRAPHY_RULES

# The direction of the `cjk-latin-spacing` rule (one rule, two directions; set it here):
#   "none"  - the house rule: Chinese touches Latin letters and digits (`2023年`, `建筑BIM等`)
#             because the browser's text-autospace draws the gap; a typed space is flagged.
#   "space" - the Chinese Copywriting Guidelines: a space is required (`2023 年`), so
#             Chinese directly next to a Latin letter or digit is flagged.
CJK_LATIN_SPACING: Literal["none", "space"] = "none"

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_ZH_PUNCT = "，。、；：？！“”‘’「」『』（）《》〈〉【】〔〕〖〗…—～·"
_LATIN = "A-Za-z0-9\u00c0-\u024f%"
_SPACE = " \t\u00a0\u3000"
_CN = f"[{_HAN}{_ZH_PUNCT}]"  # a Chinese character or Chinese punctuation
_CN_CHAR = re.compile(_CN)
_HAN_CHAR = re.compile(f"[{_HAN}]")

_QUOTES = ("“”", "‘’", "「」", "『』")
_BRACKETS = ("（）", "《》", "〈〉", "【】", "()")
_FULL_WIDTH = {",": "，", ".": "。", ";": "；", ":": "：", "?": "？", "!": "！",
               "(": "（", ")": "）"}
_HALF_BETWEEN = re.compile(rf"(?<={_CN})[,.;:?!](?=[{_SPACE}]*{_CN})")
_REPEATED = re.compile(r"[。，、；：！？!?]{2,}|…{3,}|—{3,}")
_SPACE_IN_CHINESE = re.compile(rf"(?<={_CN})[{_SPACE}]+(?={_CN})")
_LATIN_SPACE = re.compile(rf"(?<=[{_HAN}])[{_SPACE}]+(?=[{_LATIN}])"
                          rf"|(?<=[{_LATIN}])[{_SPACE}]+(?=[{_HAN}])")
_LATIN_TOUCH = re.compile(rf"(?<=[{_HAN}])(?=[{_LATIN}])|(?<=[{_LATIN}])(?=[{_HAN}])")

_Hit = tuple[int, str, str]  # index into the paragraph's text, message, hint


@dataclass
class _Prose:
    """One block's prose as a reader sees it, with each character's source line and column."""

    text: str
    where: list[tuple[int, int]]


def _located(reading: Reading, block: Prose, first_line: int) -> _Prose:
    """A block of `text.prose` with 1-based lines and columns (a character the reader cannot
    place, such as one written in a way the parser rewrote, takes its neighbour's place)."""
    known = [offset for offset in block.offsets if offset is not None]
    last = known[0] if known else 0
    where = []
    for offset in block.offsets:
        last = offset if offset is not None else last
        line, col = reading.place(last)
        where.append((first_line + line, col + 1))
    return _Prose(block.text, where)


def _unmatched(text: str, pair: str) -> tuple[list[int], int, int]:
    """Positions of marks of `pair` that do not pair up, and the opening and closing counts."""
    opening, closing = pair[0], pair[1]
    stack: list[int] = []
    stray: list[int] = []
    counts = [0, 0]
    for index, char in enumerate(text):
        if char == opening:
            stack.append(index)
            counts[0] += 1
        elif char == closing and not (char == "’" and _is_apostrophe(text, index)):
            counts[1] += 1
            if stack:
                stack.pop()
            else:
                stray.append(index)
    return sorted(stray + stack), counts[0], counts[1]


def _is_apostrophe(text: str, index: int) -> bool:
    """’ inside a Latin word (Hunan’s, don’t) is an apostrophe, not a closing quote."""
    return (0 < index < len(text) - 1 and text[index - 1].isascii()
            and text[index - 1].isalpha() and text[index + 1].isascii()
            and text[index + 1].isalpha())


def _pairs(prose: _Prose, pairs: tuple[str, ...], what: str, rule: str) -> Iterator[_Hit]:
    for pair in pairs:
        bad, opened, closed = _unmatched(prose.text, pair)
        if not bad:
            continue
        mark = prose.text[bad[0]]
        counts = f"this paragraph has {opened} {pair[0]} and {closed} {pair[1]}"
        if mark == pair[0]:
            hint = f"add the closing {pair[1]} where the {what} ends, or delete this {mark}"
        else:
            hint = f"add the opening {pair[0]} where the {what} starts, or delete this {mark}"
        off = f"if it is deliberate, set `typography: {{{rule}: false}}` in site.yaml"
        yield bad[0], f"unmatched {mark} ({counts})", f"{hint}; {off}"


def _unbalanced_quotes(prose: _Prose) -> Iterator[_Hit]:
    yield from _pairs(prose, _QUOTES, "quotation", "unbalanced-quotes")


def _unbalanced_brackets(prose: _Prose) -> Iterator[_Hit]:
    yield from _pairs(prose, _BRACKETS, "bracketed text", "unbalanced-brackets")


def _mixed_quotes(blocks: list[_Prose]) -> Iterator[tuple[_Prose, _Hit]]:
    """Each opening mark of the minority primary quote style in a file."""
    found = {mark: [(b, i) for b in blocks for i, c in enumerate(b.text) if c == mark]
             for mark in "“「"}
    if not (found["“"] and found["「"]):
        return
    first = min(found, key=lambda mark: min(b.where[i] for b, i in found[mark]))
    major = max(found, key=lambda mark: (len(found[mark]), mark == first))  # a tie: the first
    minor = "「" if major == "“" else "“"
    close = {"“": "”", "「": "」"}
    for block, index in found[minor]:
        message = (f"{minor} in a file that mostly quotes with {major}…{close[major]} "
                   f"({len(found[major])} {major}, {len(found[minor])} {minor})")
        hint = (f"use this file's main style: write {major} for {minor} "
                f"and {close[major]} for {close[minor]}")
        yield block, (index, message, hint)


def _halfwidth_punctuation(prose: _Prose) -> Iterator[_Hit]:
    text = prose.text
    marks = [m.start() for m in _HALF_BETWEEN.finditer(text)]
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            inner = text[start + 1:index]
            if _HAN_CHAR.search(inner) and (_is_cn(text, start - 1) or _is_cn(text, index + 1)):
                marks += [start, index]
        elif char == ")" and _is_cn(text, index - 1) and _is_cn(text, index + 1):
            marks.append(index)
    marks += [i for i in stack if _is_cn(text, i - 1) and _is_cn(text, i + 1)]
    for index in sorted(marks):
        mark = text[index]
        yield (index, f"half-width '{mark}' in Chinese text",
               f"use the full-width '{_FULL_WIDTH[mark]}'")


def _is_cn(text: str, index: int) -> bool:
    return 0 <= index < len(text) and _CN_CHAR.match(text[index]) is not None


def _repeated_punctuation(prose: _Prose) -> Iterator[_Hit]:
    for match in _REPEATED.finditer(prose.text):
        run = match.group()
        if run[0] in "…—":
            kind = "an ellipsis" if run[0] == "…" else "a dash"
            yield (match.start() + 2, f"'{run}' is {len(run)} {run[0]}",
                   f"{kind} is exactly two marks: {run[0] * 2}")
        elif len(set(run)) == 1:
            yield match.start() + 1, f"repeated punctuation '{run}'", f"write one '{run[0]}'"
        else:
            yield (match.start() + 1, f"stacked punctuation '{run}'",
                   f"keep one mark: {' or '.join(dict.fromkeys(run))}")


def _space_between_chinese(prose: _Prose) -> Iterator[_Hit]:
    for match in _SPACE_IN_CHINESE.finditer(prose.text):
        around = f"{prose.text[match.start() - 1]} {prose.text[match.end()]}"
        yield (match.start(), f"space in Chinese text ('{around}')",
               "delete the space: Chinese is set without spaces between characters")


def _cjk_latin_spacing(prose: _Prose) -> Iterator[_Hit]:
    text = prose.text
    if CJK_LATIN_SPACING == "none":
        for match in _LATIN_SPACE.finditer(text):
            around = f"{text[match.start() - 1]} {text[match.end()]}"
            yield (match.start(), f"space between Chinese and Latin ('{around}')",
                   "delete the space: the house style sets Chinese next to Latin letters "
                   "and digits without one (the browser adds the gap)")
    else:
        for match in _LATIN_TOUCH.finditer(text):
            around = text[match.start() - 1:match.start() + 1]
            yield (match.start(), f"no space between Chinese and Latin ('{around}')",
                   "insert a space between Chinese and Latin letters or digits")


_BLOCK_RULES: dict[str, Callable[[_Prose], Iterator[_Hit]]] = {
    "unbalanced-quotes": _unbalanced_quotes,
    "unbalanced-brackets": _unbalanced_brackets,
    "halfwidth-punctuation": _halfwidth_punctuation,
    "repeated-punctuation": _repeated_punctuation,
    "space-between-chinese": _space_between_chinese,
    "cjk-latin-spacing": _cjk_latin_spacing,
}


def check_typography(text: str, path: str, first_line: int,
                     enabled: dict[str, bool] | None = None,
                     allow_html: bool = False) -> list[Diagnostic]:
    """Typography warnings for one Chinese Markdown body starting at line `first_line` of `path`."""
    return _check_reading(read_prose(text, allow_html), path, first_line, enabled)


def _check_reading(reading: Reading, path: str, first_line: int,
                   enabled: dict[str, bool] | None) -> list[Diagnostic]:
    """The rules switched on, over each block of prose (paragraph, heading, list item, quote,
    caption, alt text), sorted by place."""
    switches = enabled or {}
    blocks = [_located(reading, block, first_line) for block in reading.blocks if block.text]
    found: list[tuple[int, int, int, Diagnostic]] = []
    for order, name in enumerate(RULES):
        if not switches.get(name, True):
            continue
        if name == "mixed-quotes":
            hits = list(_mixed_quotes(blocks))
        else:
            hits = [(block, hit) for block in blocks for hit in _BLOCK_RULES[name](block)]
        for block, (index, message, hint) in hits:
            line, col = block.where[index]
            diagnostic = Diagnostic("warning", message, Location(path, line, col), hint, name)
            found.append((line, col, order, diagnostic))
    return [diagnostic for *_, diagnostic in sorted(found, key=lambda f: f[:3])]


ALLOW = re.compile(r"\ballow:\s*(?P<rules>[a-z-]+(?:\s*,\s*[a-z-]+)*)")


def allowed_spans(reading: Reading, first_line: int) -> list[tuple[int, int, set[str]]]:
    """`% allow: rule, rule` comments: each covers the block that follows it, as
    (first line, line after the end, rules)."""
    spans = []
    for comment in reading.comments:
        for line in comment.text.split("\n"):
            match = ALLOW.search(line)
            if match:
                rules = {r.strip() for r in match["rules"].split(",")}
                start, end = comment.lines
                spans.append((first_line + start, first_line + end, rules))
    return spans


def title_allowed(body: str, rule: str) -> bool:
    """A `% allow:` comment before the body's first paragraph covers the title too."""
    for line in body.split("\n"):
        if line.strip():
            match = ALLOW.search(line) if line.lstrip().startswith("%") else None
            return match is not None and rule in {r.strip() for r in match["rules"].split(",")}
    return False


def check_section(body: str, path: str, first_line: int, title: str | None,
                  title_location: Location | None,
                  enabled: dict[str, bool] | None = None,
                  allow_html: bool = False) -> list[Diagnostic]:
    """A section's typography: its body, its title's quote style, minus deliberate allows."""
    reading = read_prose(body, allow_html)
    found = _check_reading(reading, path, first_line, enabled)
    spans = allowed_spans(reading, first_line)
    found = [d for d in found if not any(
        start <= (d.location.line if d.location else 0) < end and d.code in rules
        for start, end, rules in spans)]
    on = (enabled or {}).get("mixed-quotes", True) and not title_allowed(body, "mixed-quotes")
    if on and title and title_location and "「" in title and "“" in body:
        col = title_location.col + title.index("「")
        found.insert(0, Diagnostic(
            "warning", "the heading quotes with 「」 while the text uses “”",
            Location(path, title_location.line, col),
            "use one quotation style (“” is this section's), or allow it for this title: "
            "% allow: mixed-quotes as the body's first line", "mixed-quotes"))
    return found


def check_report_typography(report: Report, problems: Problems) -> None:
    """The typography rules, on every Chinese section (rules switched in site.yaml)."""
    for lang in CHINESE_LANGS:
        for section in report.sections.get(lang, ()):
            for diagnostic in check_section(
                    section.body, section.path, section.body_line, section.title,
                    section.title_location, report.site.typography,
                    report.site.allow_html):
                problems.add(diagnostic)
