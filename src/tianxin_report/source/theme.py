"""Read the theme: Jinja templates, static files and the engine's interface words.

The theme folder (templates/, static/) follows the content folder's rule: no symbolic link
may lead out of it. Everything is read here, once; later stages render from memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from tianxin_report.errors import Location, Problems, ReportError
from tianxin_report.source.load import check_links, walk_files


@cache
def load_strings(lang: str) -> dict[str, str]:
    """Interface words for a language (the engine's, not the article's)."""
    package = resources.files("tianxin_report")
    name = lang if package.joinpath(f"strings/{lang}.yaml").is_file() else "en"
    text = package.joinpath(f"strings/{name}.yaml").read_text("utf-8")
    return {k: str(v) for k, v in yaml.safe_load(text).items()}


@dataclass(frozen=True)
class Templates:
    """A Jinja environment over the theme's templates folder."""

    env: jinja2.Environment
    folder: Path

    def render(self, name: str, **context: Any) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except jinja2.TemplateSyntaxError as exc:
            raise ReportError(f"template error: {exc.message}",
                              Location(self.shown(exc.filename or name), exc.lineno or 0, 1),
                              code="template") from None
        except jinja2.UndefinedError as exc:
            raise ReportError(f"template error: {exc.message}", self.locate(exc, name),
                              hint="guard optional values with {% if … %}",
                              code="template") from None

    def shown(self, filename: str) -> str:
        path = Path(filename)
        return str(path if path.is_absolute() else self.folder / path)

    def locate(self, exc: BaseException, name: str) -> Location:
        """The template file and line that raised, from the traceback's template frames."""
        tb, found = exc.__traceback__, Location(self.shown(name))
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(str(self.folder)):
                found = Location(filename, tb.tb_lineno, 1)
            tb = tb.tb_next
        return found


@dataclass(frozen=True)
class Theme:
    """The theme as read: templates ready to render, static files by their path."""

    folder: Path
    templates: Templates
    static: dict[str, bytes]  # posix path under static/ -> contents (hidden files left out)

    @property
    def print_stylesheet(self) -> Path:
        """The PDFs' stylesheet (WeasyPrint reads it by its URL)."""
        return self.folder / "static" / "css" / "pdf.css"


def check_theme(folder: Path, problems: Problems) -> None:
    """No link may lead out of templates/ or static/ (a template is read and rendered, a
    static file published as it is)."""
    for sub in ("templates", "static"):
        for diagnostic in check_links(folder / sub, f"the theme's {sub}/ folder", hidden=True):
            problems.add(diagnostic)


def read_templates(folder: Path) -> dict[str, tuple[str, str]]:
    """Every template's text and file name, by its name."""
    return {path.relative_to(folder).as_posix(): (path.read_text(encoding="utf-8"), str(path))
            for path in walk_files(folder) if path.is_file()}


def make_templates(folder: Path, filters: dict[str, Callable[..., Any]] | None = None
                   ) -> Templates:
    """A Jinja environment (StrictUndefined, autoescape) over the theme's templates."""
    sources = read_templates(folder)

    def source(name: str) -> tuple[str, str, Callable[[], bool]] | None:
        found = sources.get(name)
        return (found[0], found[1], lambda: True) if found else None

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(source),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(filters or {})
    return Templates(env, folder)


def load_theme(folder: Path, filters: dict[str, Callable[..., Any]] | None = None) -> Theme:
    """The theme folder's templates and static files."""
    if not (folder / "templates").is_dir():
        raise ReportError(f"theme not found: {folder}/templates/ does not exist",
                          Location(str(folder)), hint="pass --theme DIR pointing at a folder "
                          "with templates/ and static/", code="theme")
    static = folder / "static"
    files = {path.relative_to(static).as_posix(): path.read_bytes()
             for path in walk_files(static) if path.is_file()} if static.is_dir() else {}
    return Theme(folder, make_templates(folder / "templates", filters), files)
