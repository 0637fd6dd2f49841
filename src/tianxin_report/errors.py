"""Content problems with a source location, and how they are printed."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in a source file: 1-based line and column."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{max(self.col, 1)}"


@dataclass(frozen=True)
class Diagnostic:
    """One message for an editor: an error, a warning or a note."""

    severity: str  # "error" | "warning" | "note" | "normalized"
    message: str
    location: Location | None = None
    hint: str | None = None
    code: str = ""

    def format(self) -> str:
        where = f"{self.location}: " if self.location else ""
        if self.severity == "normalized":
            return f"{where}{self.message}"
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "path": loc.path if loc else None,
            "line": loc.line if loc else None,
            "col": loc.col if loc else None,
            "hint": self.hint,
        }


class ReportError(Exception):
    """The one error family: a content or environment problem that stops the build,
    carrying its source location (file:line:col) and a hint."""

    def __init__(
        self, message: str, location: Location | None = None, hint: str | None = None,
        code: str = "",
    ) -> None:
        super().__init__(message)
        self.diagnostics = [Diagnostic("error", message, location, hint, code)]

    @property
    def diagnostic(self) -> Diagnostic:
        return self.diagnostics[-1]

    def __str__(self) -> str:
        return self.diagnostic.format()


class BuildFailed(ReportError):
    """Raised once a stage has collected errors; carries every diagnostic (warnings too)."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        Exception.__init__(self, "problems stop the build")
        self.diagnostics = list(diagnostics)

    def __str__(self) -> str:
        return f"{len(self.diagnostics)} problem(s)"


class BuildCancelled(Exception):
    """A build stopped at one of its safe points (serve: a newer edit came, or serve stops);
    nothing was written. Not a problem with the report."""


@dataclass
class Problems:
    """Collects diagnostics from every stage so they can be reported together."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, location: Location | None = None,
              hint: str | None = None, code: str = "") -> None:
        self.items.append(Diagnostic("error", message, location, hint, code))

    def warning(self, message: str, location: Location | None = None,
                hint: str | None = None, code: str = "") -> None:
        self.items.append(Diagnostic("warning", message, location, hint, code))

    def note(self, message: str, location: Location | None = None, code: str = "") -> None:
        self.items.append(Diagnostic("note", message, location, None, code))

    def add(self, diagnostic: Diagnostic) -> None:
        self.items.append(diagnostic)

    def failing(self, strict: bool) -> list[Diagnostic]:
        """The diagnostics that fail the build: errors, and warnings too when strict."""
        bad = {"error", "warning"} if strict else {"error"}
        return [d for d in self.items if d.severity in bad]

    def raise_if_failing(self, strict: bool) -> None:
        if self.failing(strict):
            raise BuildFailed(self.items)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean" hint naming the closest choices, or None."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        return None
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"


def display_path(path: Path, root: Path | None = None) -> str:
    """A path as an editor would type it: relative to the working folder when possible.

    A symbolic link is named as itself, not as the file it points to.
    """
    real = path.parent.resolve() / path.name
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return str(real.relative_to(base.resolve()))
        except ValueError:
            continue
    return str(path)
