"""Index the written site for search with Pagefind (extended: Chinese segmentation)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tianxin_report.errors import ReportError


def pagefind_command() -> list[str]:
    """The extended binary itself when its package is there (`python -m pagefind` starts
    Python first only to find it: ~0.08 s), else that module."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return [sys.executable, "-m", "pagefind"]
    return [str(get_executable())]


class Indexing:
    """Pagefind running over a staged site (it writes the index into site/pagefind/) while
    the build goes on; `finish` waits for it. Used as a context manager, so that a build
    that fails meanwhile ends it rather than leaving it running.

    Pages opt in with data-pagefind-body; each <html lang> gets its own index.
    """

    def __init__(self, site: Path) -> None:
        self.site = site
        # Pagefind globs the pages when it starts: files staged later (fonts, PDFs) are
        # never read by it
        self.process = subprocess.Popen([*pagefind_command(), "--site", str(site), "--silent"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True)

    def finish(self) -> None:
        """Wait for Pagefind, then tidy its bundle (stable, without the unused UI)."""
        out, err = self.process.communicate()
        if self.process.returncode != 0:
            raise ReportError(f"search indexing failed: {err.strip() or out}",
                              hint="is the pagefind[extended] package installed?",
                              code="search")
        tidy_bundle(self.site / "pagefind")

    def __enter__(self) -> Indexing:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if self.process.poll() is None:  # the build failed before `finish`
            self.process.kill()
            self.process.communicate()


def tidy_bundle(bundle: Path) -> None:
    """Remove Pagefind's UI files (our search box uses its API only) and rewrite its entry
    file with the languages in a stable order (Pagefind writes them in hash order)."""
    for unused in bundle.glob("pagefind-*ui.*"):
        unused.unlink()
    entry = bundle / "pagefind-entry.json"
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                separators=(",", ":")), encoding="utf-8")
