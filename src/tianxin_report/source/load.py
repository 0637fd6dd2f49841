"""Read the content folder into plain data: text files, YAML with locations, images."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tianxin_report.errors import (
    BuildFailed,
    Diagnostic,
    Location,
    Problems,
    ReportError,
    display_path,
)
from tianxin_report.model import Asset, MarkdownFile, Sources, YamlDocument
from tianxin_report.source.images import ImageRefused, check_name, publishable_image

TEXT_SUFFIXES = {".md", ".yaml", ".yml", ".lock"}
LOCK_FILE = "translations.lock"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def read_text(path: Path, shown: str) -> str:
    """A file's text: UTF-8 (a BOM is accepted), CRLF and CR line endings become LF."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        raise ReportError(
            f"file is not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}",
            Location(shown, line, col),
            hint="save the file as UTF-8 (without changing its text)",
            code="encoding",
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


class _MarkingLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as text: validate parses them with a located error."""


_MarkingLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class _FastMarkingLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same with libyaml's parser (~20x faster; its nodes have the same marks). Its
    error messages are worded differently, so a file it refuses is parsed again by
    _MarkingLoader for the message editors see."""


_FastMarkingLoader.yaml_implicit_resolvers = _MarkingLoader.yaml_implicit_resolvers


def compose_and_construct(text: str, loader: type[Any]) -> tuple[yaml.Node | None, Any]:
    """One parse: the node tree (for the marks) and the data built from it."""
    parser = loader(text)
    try:
        node = parser.get_single_node()
        return node, parser.construct_document(node) if node is not None else None
    finally:
        parser.dispose()


def _compose_marks(node: yaml.Node, path: tuple[str | int, ...], shown: str,
                   marks: dict[tuple[str | int, ...], Location]) -> None:
    marks[path] = Location(shown, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            _compose_marks(value_node, (*path, key), shown, marks)
            marks[(*path, key, "<key>")] = Location(
                shown, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _compose_marks(item, (*path, index), shown, marks)


def parse_yaml(text: str, shown: str, line_offset: int = 0) -> YamlDocument:
    """Parse YAML, keeping value locations; a syntax error names its line and column."""
    try:
        try:
            node, data = compose_and_construct(text, _FastMarkingLoader)
        except (yaml.YAMLError, ValueError):
            node, data = compose_and_construct(text, _MarkingLoader)  # for its message
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(shown, mark.line + 1 + line_offset, mark.column + 1) if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        if exc.context and exc.context_mark and exc.problem_mark:
            problem += (f" ({exc.context} that starts at line "
                        f"{exc.context_mark.line + 1 + line_offset}, "
                        f"column {exc.context_mark.column + 1})")
        raise ReportError(f"malformed YAML: {problem}", where,
                          hint="check indentation, colons and quotes near this place",
                          code="yaml") from None
    except (yaml.YAMLError, ValueError) as exc:
        raise ReportError(f"malformed YAML: {exc}", Location(shown, 1 + line_offset, 1),
                          code="yaml") from None
    marks: dict[tuple[str | int, ...], Location] = {}
    if node is not None:
        _compose_marks(node, (), shown, marks)
    if line_offset:
        marks = {k: Location(v.path, v.line + line_offset, v.col) for k, v in marks.items()}
    return YamlDocument(shown, data, marks, "\n" * line_offset + text)


def load_yaml_file(path: Path, root: Path) -> YamlDocument:
    shown = display_path(path)
    return parse_yaml(read_text(path, shown), shown)


def split_front_matter(text: str, shown: str) -> tuple[YamlDocument | None, str, int]:
    """Front matter (between `---` lines at the top), the body, and the body's first line."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    front = parse_yaml(match.group(1) or "", shown, line_offset=1)
    body_line = text.count("\n", 0, match.end()) + 1
    return front, text[match.end():], body_line


def load_markdown(path: Path, lang: str) -> MarkdownFile:
    shown = display_path(path)
    front, body, body_line = split_front_matter(read_text(path, shown), shown)
    return MarkdownFile(shown, lang, path.name, front, body, body_line)


def walk_files(root: Path, hidden: bool = False) -> Iterator[Path]:
    """Every file and link under `root` (hidden ones only if asked); links to folders are
    listed, never entered."""
    for folder, dirs, files in os.walk(root):  # os.walk does not follow links to folders
        dirs[:] = sorted(d for d in dirs if hidden or not d.startswith("."))
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
            if hidden or not name.startswith("."):
                yield Path(folder, name)


def link_problem(link: Path, inside: Path, what: str) -> tuple[str, str] | None:
    """Why a symbolic link may not be followed, and what to do; None for a file inside."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # a missing target, or a loop of links
        return "which leads to no file", "remove the link, or put the file itself in its place"
    if not target.is_relative_to(inside):
        return (f"outside {what}", f"the build reads only files inside {what}: "
                "put the file itself there, not a link to it")
    if target.is_dir():
        return ("a folder: only links to files are followed",
                "move the folder itself here, or link its files one by one")
    return None


def check_links(root: Path, what: str, hidden: bool = False) -> list[Diagnostic]:
    """An error for every symbolic link under `root` that leads outside it (or nowhere).

    The folder is untrusted input: a link could make the build read, and publish, any file
    of the machine it runs on. A link to a file inside the folder is read as that file.
    """
    inside, found = root.resolve(), []
    for path in walk_files(root, hidden):
        problem = link_problem(path, inside, what) if path.is_symlink() else None
        if problem:
            name, (why, hint) = path.relative_to(root).as_posix(), problem
            found.append(Diagnostic("error", f"'{name}' is a symbolic link to "
                                             f"'{os.readlink(path)}', {why}",
                                    Location(display_path(path)), hint, code="symlink"))
    return found


def load_asset(path: Path, name: str) -> Asset:
    """A content file as the site may publish it: a whole image of a supported type."""
    try:
        check_name(name)  # other files are never read
        return Asset(name, publishable_image(name, path.read_bytes()))
    except ImageRefused as refused:
        return Asset(name, None, refused.problem, refused.hint)


def load_assets(root: Path) -> dict[str, Asset]:
    """Every non-text file under the content folder, by posix path relative to it."""
    files = (p for p in walk_files(root)
             if p.is_file() and p.suffix.lower() not in TEXT_SUFFIXES)
    return {name: load_asset(p, name)
            for p in files for name in [p.relative_to(root).as_posix()]}


def load_sources(root: Path, problems: Problems | None = None) -> Sources:
    """Read site.yaml, the optional YAML files and every language folder's sections.

    Nothing is read before every symbolic link in the folder is known to stay inside it.
    """
    site_path = root / "site.yaml"
    if not root.is_dir():
        raise ReportError(f"content folder not found: {root}",
                          hint="pass --content DIR pointing at a folder with site.yaml")
    problems = problems if problems is not None else Problems()
    links = check_links(root, "the content folder")
    if links:
        problems.items.extend(links)
        raise BuildFailed(problems.items)
    if not site_path.is_file():
        raise ReportError("site.yaml is missing", Location(display_path(site_path)),
                          hint="every report needs content/site.yaml with slug, languages, "
                               "title, authors and date", code="site-missing")
    optional = {name: root / f"{name}.yaml" for name in ("facts", "glossary", "charts", "units")}
    sections = {
        folder.name: tuple(load_markdown(p, folder.name) for p in sorted(folder.glob("*.md")))
        for folder in sorted(root.iterdir())
        if folder.is_dir() and any(folder.glob("*.md"))
    }
    return Sources(
        root=root,
        site=load_yaml_file(site_path, root),
        facts=load_yaml_file(optional["facts"], root) if optional["facts"].is_file() else None,
        glossary=(load_yaml_file(optional["glossary"], root)
                  if optional["glossary"].is_file() else None),
        sections=sections,
        charts=load_yaml_file(optional["charts"], root) if optional["charts"].is_file() else None,
        assets=load_assets(root),
        lock=load_yaml_file(root / LOCK_FILE, root) if (root / LOCK_FILE).is_file() else None,
        units=load_yaml_file(optional["units"], root) if optional["units"].is_file() else None,
    )
