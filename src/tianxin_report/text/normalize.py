"""Normalize stray Traditional characters in Chinese text to Simplified, reporting each change."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

import opencc

from tianxin_report.config import CHINESE_LANGS
from tianxin_report.errors import Location
from tianxin_report.model import Change, Report, Section

# t2s converts Traditional characters and phrases to Simplified and nothing else. The
# regional configs (tw2sp, hk2s) would also swap Taiwan/Hong Kong vocabulary for mainland
# words, i.e. rewrite the editor's wording rather than normalize the script.
OPENCC_CONFIG = "t2s"

# Spans of a Markdown line that are not prose: inline code (but not a role's content),
# URLs, link and image targets, and directive option lines.
PROTECTED = re.compile(
    r"(?<!})(`+)(?:(?!\1).)+?\1"  # `code` (a role is {name}`…`, whose content is prose)
    r"|https?://\S+"
    r"|\]\([^)]*\)"
    r"|<[a-z0-9_]+>`"  # the fact id inside {fact}`shown <id>`
)
SKIPPED_LINE = re.compile(r"^\s*(%|:::|:[a-z_]+:|```|~~~)")


@lru_cache(maxsize=1)
def converter() -> opencc.OpenCC:
    return opencc.OpenCC(OPENCC_CONFIG)


def convert(text: str) -> str:
    """Pure str -> str: OpenCC t2s."""
    return converter().convert(text)


def keep_pattern(keep: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keep:
        return None
    return re.compile("|".join(re.escape(k) for k in sorted(keep, key=len, reverse=True)))


ColumnChange = tuple[int, str, str]  # 1-based column, old text, new text


def normalize_line(line: str, keep: re.Pattern[str] | None) -> tuple[str, list[ColumnChange]]:
    """Normalize one line outside protected spans; return it and (col, old, new) changes."""
    spans = [m.span() for m in PROTECTED.finditer(line)]
    if keep:
        spans += [m.span() for m in keep.finditer(line)]
    out, changes, pos = [], [], 0
    for start, end in [*sorted(spans), (len(line), len(line))]:
        if start < pos:
            continue
        out.append(_convert_chunk(line[pos:start], pos, changes))
        out.append(line[start:end])
        pos = end
    return "".join(out), changes


def _convert_chunk(chunk: str, offset: int, changes: list[ColumnChange]) -> str:
    new = convert(chunk) if chunk else chunk
    if new == chunk:
        return chunk
    if len(new) != len(chunk):
        changes.append((offset + 1, chunk, new))
        return new
    index = 0
    while index < len(chunk):
        if chunk[index] != new[index]:
            end = index
            while end < len(chunk) and chunk[end] != new[end]:
                end += 1
            changes.append((offset + index + 1, chunk[index:end], new[index:end]))
            index = end
        else:
            index += 1
    return new


def normalize_text(text: str, path: str, first_line: int, keep: re.Pattern[str] | None,
                   markdown: bool = True) -> tuple[str, list[Change]]:
    """Normalize a block of text whose first line is `first_line` of `path`."""
    lines, changes, fenced = [], [], False
    for number, line in enumerate(text.split("\n"), start=first_line):
        if markdown and re.match(r"^\s*(```|~~~)", line):
            fenced = not fenced
        if markdown and (fenced or SKIPPED_LINE.match(line)):
            lines.append(line)
            continue
        new, found = normalize_line(line, keep)
        lines.append(new)
        changes += [Change(Location(path, number, col), old, repl) for col, old, repl in found]
    return "\n".join(lines), changes


def normalize_section(section: Section,
                      keep: re.Pattern[str] | None) -> tuple[Section, list[Change]]:
    body, changes = normalize_text(section.body, section.path, section.body_line, keep)
    title = section.title
    if title and section.title_location:
        loc = section.title_location
        title, found = normalize_line(title, keep)
        changes = [Change(Location(loc.path, loc.line, loc.col + c - 1), o, n)
                   for c, o, n in found] + changes
    return dataclasses.replace(section, body=body, title=title), changes


def normalize_report(report: Report) -> tuple[Report, list[Change]]:
    """Normalize the Chinese sections of the report; other languages are left alone."""
    keep = keep_pattern(report.site.keep)
    sections: dict[str, tuple[Section, ...]] = {}
    changes: list[Change] = []
    for lang, items in report.sections.items():
        if lang not in CHINESE_LANGS:
            sections[lang] = items
            continue
        done = [normalize_section(s, keep) for s in items]
        sections[lang] = tuple(s for s, _ in done)
        changes += [c for _, found in done for c in found]
    return dataclasses.replace(report, sections=sections), changes
