"""The only writer: build the site in a temporary folder, then swap it in whole."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from tianxin_report.errors import ReportError
from tianxin_report.model import OutputFile

DIR_MODE, FILE_MODE = 0o755, 0o644


def safe_target(root: Path, relative: str) -> Path:
    """The output path for `relative`, refusing anything that would leave `root`."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ReportError(f"refusing to write outside the output folder: {relative}")
    return root.joinpath(*pure.parts)


def stage_files(files: Iterable[OutputFile], staging: Path,
                seen: set[str] | None = None) -> None:
    seen = set() if seen is None else seen
    for item in files:
        if item.path in seen:
            raise ReportError(f"two outputs want the same file: {item.path}")
        seen.add(item.path)
        target = safe_target(staging, item.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if item.copy_from is not None:
            shutil.copyfile(item.copy_from, target)
        else:
            target.write_bytes(item.data or b"")


def set_modes(root: Path) -> None:
    """Ordinary permissions, so a web server running as another user can read the site."""
    os.chmod(root, DIR_MODE)
    for folder, dirs, files in os.walk(root):
        for name in dirs:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in files:
            os.chmod(os.path.join(folder, name), FILE_MODE)


class Staging:
    """A fresh folder beside `out` that becomes `out` in one step (`swap`), or is removed
    if anything fails first: a failed build leaves the previous site as it was."""

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-new-", dir=self.out.parent))
        self.seen: set[str] = set()

    def add(self, files: Iterable[OutputFile]) -> None:
        """Write files into the staging folder (refusing paths that leave it, duplicates)."""
        stage_files(files, self.root, self.seen)

    def has(self, path: str) -> bool:
        return path in self.seen

    def swap(self) -> None:
        """Replace `out` with the staged site, with ordinary permissions."""
        set_modes(self.root)
        old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}-old-", dir=self.out.parent))
        if self.out.exists():
            os.replace(self.out, old / "site")
        os.replace(self.root, self.out)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is not None or self.root.exists():  # failed, or never swapped
            self.discard()


def rewrite_source(path: Path, text: str) -> None:
    """Replace one content file's text atomically (only `normalize --write` does this)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def previous_downloads(out: Path) -> list[OutputFile]:
    """The PDFs already published (serve's pages-only rebuilds keep them)."""
    folder = out / "downloads"
    return [OutputFile(f"downloads/{p.name}", copy_from=p) for p in sorted(folder.glob("*.pdf"))]


@contextlib.contextmanager
def temporary_site() -> Iterator[Path]:
    """An output folder of its own for `serve` without --out (as `mkdocs serve` does), in
    the system's temporary folder; it and the staging folders beside it go afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="tianxin-serve-"))
    try:
        yield folder / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)
