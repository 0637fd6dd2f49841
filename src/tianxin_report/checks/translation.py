"""Keep the translations in step with the source: paired sections and blocks, stale blocks."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

import yaml

from tianxin_report.errors import Location, Problems
from tianxin_report.model import Edition, RenderedSection, Report, Section

LOCK_HEADER = (
    "# Which source block each translated block was made from (a hash and the text).\n"
    "# Written by `tianxin-report translated`; `check` compares it with the source.\n"
)


@dataclass(frozen=True)
class Unit:
    """One alignable unit of a section: its title or one of its blocks."""

    kind: str
    location: Location
    source: str


def block_hash(source: str) -> str:
    """A short hash of a block's Markdown, ignoring how its lines are wrapped."""
    return hashlib.sha256(re.sub(r"\s+", " ", source.strip()).encode()).hexdigest()[:12]


def units(section: Section, rendered: RenderedSection) -> list[Unit]:
    found = []
    if section.title is not None and section.title_location is not None:
        found.append(Unit("title", section.title_location, section.title))
    found += [Unit(b.kind, b.location, b.source) for b in rendered.blocks]
    return found


def file_key(section: Section) -> str:
    """The lock file's key for a section file, e.g. 'en/02-why.md'."""
    return f"{section.lang}/{section.path.rsplit('/', 1)[-1]}"


def check_sections(report: Report, problems: Problems) -> None:
    """Every section file exists in every language."""
    source = report.site.source_language
    names = {lang: {s.path.rsplit("/", 1)[-1]: s for s in sections}
             for lang, sections in report.sections.items()}
    for lang in report.site.languages[1:]:
        for name, section in names[source].items():
            if name not in names.get(lang, {}):
                problems.error(f"{report.root / lang / name} is missing: "
                               f"{section.path} has no {lang} translation",
                               Location(section.path),
                               f"add {lang}/{name}, translating it block by block",
                               code="translation-missing")
        for name, section in names.get(lang, {}).items():
            if name not in names[source]:
                problems.error(f"{section.path} has no source section "
                               f"{report.root / source / name}", Location(section.path),
                               "rename it to match its source, or remove it",
                               code="translation-orphan")


def first_mismatch(source: list[Unit], target: list[Unit], recorded: list[dict[str, str]]) -> int:
    """Where two block lists stop pairing up: a different kind, or (when the lock knows it)
    a translated block that is not the one recorded at that position."""
    for index in range(min(len(source), len(target))):
        if source[index].kind != target[index].kind:
            return index
        if index < len(recorded) and recorded[index].get("translation") != block_hash(
                target[index].source):
            return index
    return min(len(source), len(target))


DIFF_TOKEN = re.compile(r"\d[\d.,]*|[A-Za-z]+|\s+|.", re.DOTALL)


def short_diff(old: str, new: str, context: int = 8, most: int = 3) -> str:
    """The changes from `old` to `new` as …context[-removed-]{+added+}context…

    Compared token by token: a number or a Latin word is one token, any other character
    (a Chinese character, punctuation) is one token, so 361 → 316 reads as one change.
    """
    a, b = DIFF_TOKEN.findall(old), DIFF_TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    parts = []
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before = "".join(a[:a0])[-context:]
        after = "".join(a[a1:])[:context]
        removed, added = "".join(a[a0:a1]), "".join(b[b0:b1])
        change = (f"[-{removed}-]" if removed else "") + (f"{{+{added}+}}" if added else "")
        parts.append(f"…{before}{change}{after}…")
    shown = "  ".join(parts[:most])
    return shown + (f"  (+{len(parts) - most} more)" if len(parts) > most else "")


def check_pair(source_section: Section, target_section: Section, source: list[Unit],
               target: list[Unit], recorded: list[dict[str, str]], problems: Problems) -> None:
    """One section in two languages: same blocks in the same order, none stale."""
    kinds_differ = any(s.kind != t.kind for s, t in zip(source, target, strict=False))
    if len(source) != len(target) or kinds_differ:
        index = first_mismatch(source, target, recorded)
        where = target[index].location if index < len(target) else Location(target_section.path)
        problems.error(
            f"{target_section.path} has {len(target)} blocks but {source_section.path} has "
            f"{len(source)}: they stop matching at block {index + 1}", where,
            f"the {source_section.lang} block there is "
            f"{source[index].location if index < len(source) else 'past the end'}; "
            "each block must translate the block at the same position",
            code="translation-blocks")
        return
    if not recorded:
        problems.warning(f"no translation record for {target_section.path}",
                         Location(target_section.path),
                         f"after checking it, run: {translated_command(target_section.path)}",
                         code="translation-unrecorded")
        return
    known = {entry.get("hash") for entry in recorded}
    by_translation = {entry.get("translation"): entry for entry in recorded}
    for unit, original in zip(source, target, strict=True):
        # Up to date when this source block was recorded (a block inserted in both
        # languages, or an English-only edit, changes nothing about the source).
        if block_hash(unit.source) in known:
            continue
        entry = by_translation.get(block_hash(original.source))
        change = (short_diff(entry.get("source", ""), unit.source) if entry
                  else "a block not yet recorded as translated")
        problems.warning(
            f"stale translation: {unit.location} changed since this block was translated",
            original.location,
            f"the {source_section.lang} changed: {change}; update the translation, then "
            f"run: {translated_command(target_section.path)}",
            code="translation-stale")


def translated_command(section_path: str) -> str:
    """The command that records a section, as it can be pasted (with its content folder)."""
    root = PurePosixPath(section_path).parent.parent
    content = "" if str(root) == "content" else f" --content {root}"
    return f"tianxin-report translated{content} {section_path}"


def check_translations(report: Report, editions: dict[str, Edition], problems: Problems) -> None:
    """Sections paired across languages, block counts equal, translations up to date."""
    check_sections(report, problems)
    source_lang = report.site.source_language
    rendered = {lang: {r.id: r for r in e.sections} for lang, e in editions.items()}
    by_name = {lang: {file_key(s).split("/", 1)[1]: s for s in sections}
               for lang, sections in report.sections.items()}
    for lang in report.site.languages[1:]:
        for name, target in by_name.get(lang, {}).items():
            source = by_name[source_lang].get(name)
            if source is None:
                continue
            check_pair(source, target, units(source, rendered[source_lang][source.id]),
                       units(target, rendered[lang][target.id]),
                       report.lock.get(file_key(target), []), problems)


Lock = dict[str, list[dict[str, str]]]


def record_translations(report: Report, editions: dict[str, Edition],
                        targets: list[Section], problems: Problems) -> Lock:
    """The lock after marking every block of `targets` as translated from today's source."""
    lock = {key: list(value) for key, value in report.lock.items()}
    source_lang = report.site.source_language
    by_name = {file_key(s).split("/", 1)[1]: s for s in report.sections[source_lang]}
    for target in targets:
        source = by_name.get(file_key(target).split("/", 1)[1])
        if source is None:
            continue
        pairs = (units(source, rendered_section(editions, source)),
                 units(target, rendered_section(editions, target)))
        if [u.kind for u in pairs[0]] != [u.kind for u in pairs[1]]:
            check_pair(source, target, *pairs, [], problems)
            continue
        lock[file_key(target)] = [
            {"hash": block_hash(s.source), "translation": block_hash(t.source),
             "source": s.source} for s, t in zip(*pairs, strict=True)]
    return dict(sorted(lock.items()))


def rendered_section(editions: dict[str, Edition], section: Section) -> RenderedSection:
    return next(r for r in editions[section.lang].sections if r.id == section.id)


class _LockDumper(yaml.SafeDumper):
    """Multi-line source blocks as literal blocks, so the lock reads like the Markdown."""


_LockDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


def dump_lock(lock: dict[str, list[dict[str, str]]]) -> str:
    return LOCK_HEADER + yaml.dump(lock, Dumper=_LockDumper, allow_unicode=True,
                                   sort_keys=False, width=1000)
