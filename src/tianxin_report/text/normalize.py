"""Normalize stray Traditional characters in Chinese prose to Simplified, reporting each change.

Only prose changes, as `text.prose` reads it with markup's parser: never code, URLs, link
targets, ids, comments, raw HTML or directive options (a figure's `:alt:` text and caption
are prose). The new text is the old one with single characters (or runs) replaced at
their exact offsets, so everything else stays byte-identical. Pure: no file is read or
written here.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

import opencc

from tianxin_report.config import CHINESE_LANGS
from tianxin_report.errors import Location
from tianxin_report.model import Change, Report, Section
from tianxin_report.text.prose import PLACEHOLDER, Prose, read_inline_prose, read_prose

# t2s converts Traditional characters and phrases to Simplified and nothing else. The
# regional configs (tw2sp, hk2s) would also swap Taiwan/Hong Kong vocabulary for mainland
# words, i.e. rewrite the editor's wording rather than normalize the script.
OPENCC_CONFIG = "t2s"

Edit = tuple[int, str, str]  # offset in the source, old text, new text
ColumnChange = tuple[int, str, str]  # 1-based column, old text, new text


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


def prose_edits(prose: Prose, source: str, keep: re.Pattern[str] | None) -> list[Edit]:
    """The conversions one block's prose needs. Its text is converted in stretches between
    placeholders and `keep` terms, as read (so a phrase split by emphasis or a line break
    is still one phrase), and each changed character is replaced where it is written."""
    cuts = [m.span() for m in re.finditer(PLACEHOLDER, prose.text)]
    if keep:
        cuts += [m.span() for m in keep.finditer(prose.text)]
    edits: list[Edit] = []
    done = 0
    for start, end in [*sorted(cuts), (len(prose.text), len(prose.text))]:
        if start > done:
            edits += _stretch_edits(prose, source, list(range(done, start)))
        done = max(done, end)
    return edits


def _stretch_edits(prose: Prose, source: str, indices: list[int]) -> list[Edit]:
    old = "".join(prose.text[i] for i in indices)
    new = convert(old)
    if new == old:
        return []
    if len(new) == len(old):
        return _group(prose, [(i, n) for i, o, n in zip(indices, old, new, strict=True)
                              if o != n and prose.written(source, i)])
    runs = _written_runs(prose, source, indices)
    if runs == [indices]:  # a phrase that changes length: replaced whole, where it stands
        offset = prose.offsets[indices[0]]
        return [(offset, old, new)] if offset is not None else []
    return [edit for run in runs for edit in _stretch_edits(prose, source, run)]


def _written_runs(prose: Prose, source: str, indices: list[int]) -> list[list[int]]:
    """The characters written as themselves, in runs that stand together in the source."""
    runs: list[list[int]] = []
    last: int | None = None
    for i in indices:
        if not prose.written(source, i):
            last = None
            continue
        offset = prose.offsets[i]
        if last is None or offset != last + 1:
            runs.append([])
        runs[-1].append(i)
        last = offset
    return runs


def _group(prose: Prose, changed: list[tuple[int, str]]) -> list[Edit]:
    """Changed characters as edits, one per run that stands together in the source."""
    edits: list[Edit] = []
    last: int | None = None
    for i, new in changed:
        offset = prose.offsets[i]
        assert offset is not None  # only written characters change
        if last is not None and offset == last + 1:
            start, old, repl = edits[-1]
            edits[-1] = (start, old + prose.text[i], repl + new)
        else:
            edits.append((offset, prose.text[i], new))
        last = offset
    return edits


def apply_edits(source: str, edits: list[Edit]) -> str:
    """`source` with each edit's old text replaced by its new text, at its offset."""
    out, done = [], 0
    for offset, old, new in sorted(edits):
        if offset < done or source[offset:offset + len(old)] != old:
            continue  # never happens: each character belongs to one block
        out += [source[done:offset], new]
        done = offset + len(old)
    out.append(source[done:])
    return "".join(out)


def normalize_text(text: str, path: str, first_line: int, keep: re.Pattern[str] | None,
                   allow_html: bool = False) -> tuple[str, list[Change]]:
    """Normalize a Markdown body whose first line is `first_line` of `path`: its prose."""
    reading = read_prose(text, allow_html)
    edits = sorted(e for block in reading.blocks for e in prose_edits(block, text, keep))
    changes = []
    for offset, old, new in edits:
        line, col = reading.place(offset)
        changes.append(Change(Location(path, first_line + line, col + 1), old, new))
    return apply_edits(text, edits), changes


def normalize_line(line: str, keep: re.Pattern[str] | None,
                   allow_html: bool = False) -> tuple[str, list[ColumnChange]]:
    """Normalize one line of inline Markdown (a title); return it and (col, old, new)."""
    edits = sorted(prose_edits(read_inline_prose(line, allow_html), line, keep))
    return apply_edits(line, edits), [(offset + 1, old, new) for offset, old, new in edits]


def normalize_file(text: str, body: str, path: str, body_line: int,
                   keep: re.Pattern[str] | None,
                   allow_html: bool = False) -> tuple[str, list[Change]]:
    """A whole section file whose Markdown body is `body` (from line `body_line`): each
    front-matter line read as inline Markdown, as the title is, then the body."""
    front = text[:len(text) - len(body)]
    lines, changes = [], []
    for number, line in enumerate(front.split("\n"), start=1):
        new, found = normalize_line(line, keep, allow_html)
        lines.append(new)
        changes += [Change(Location(path, number, col), old, repl) for col, old, repl in found]
    new_body, found_body = normalize_text(body, path, body_line, keep, allow_html)
    return "\n".join(lines) + new_body, changes + found_body


def normalize_section(section: Section, keep: re.Pattern[str] | None,
                      allow_html: bool = False) -> tuple[Section, list[Change]]:
    body, changes = normalize_text(section.body, section.path, section.body_line, keep,
                                   allow_html)
    title = section.title
    if title and section.title_location:
        loc = section.title_location
        title, found = normalize_line(title, keep, allow_html)
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
        done = [normalize_section(s, keep, report.site.allow_html) for s in items]
        sections[lang] = tuple(s for s, _ in done)
        changes += [c for _, found in done for c in found]
    return dataclasses.replace(report, sections=sections), changes
