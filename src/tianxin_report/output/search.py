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


def index_site(site: Path) -> None:
    """Run Pagefind over a built site folder; it writes the index into site/pagefind/.

    Pages opt in with data-pagefind-body; each <html lang> gets its own index.
    """
    result = subprocess.run([*pagefind_command(), "--site", str(site), "--silent"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ReportError(f"search indexing failed: {result.stderr.strip() or result.stdout}",
                          hint="is the pagefind[extended] package installed?", code="search")
    bundle = site / "pagefind"
    for unused in bundle.glob("pagefind-*ui.*"):  # our own search box uses the API only
        unused.unlink()
    entry = bundle / "pagefind-entry.json"  # Pagefind writes its languages in hash order
    data = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True,
                                separators=(",", ":")), encoding="utf-8")
