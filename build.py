"""Thin entry point: `python build.py [OPTIONS]` is `tianxin-report build [OPTIONS]`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from tianxin_report.cli import run

if __name__ == "__main__":
    run(["build", *sys.argv[1:]])
