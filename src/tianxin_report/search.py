"""Index the written site for search with Pagefind (extended: Chinese segmentation)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tianxin_report.errors import ReportError


def index_site(site: Path) -> None:
    """Run Pagefind over a built site folder; it writes the index into site/pagefind/.

    Pages opt in with data-pagefind-body; each <html lang> gets its own index.
    """
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ReportError(f"search indexing failed: {result.stderr.strip() or result.stdout}",
                          hint="is the pagefind[extended] package installed?", code="search")
