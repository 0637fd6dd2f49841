"""Pagefind runs while the build goes on: it indexes the pages only, and never outlives a
build that fails before waiting for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tianxin_report.errors import ReportError
from tianxin_report.output.search import Indexing

PAGE = ('<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>t</title>'
        '</head><body data-pagefind-body><p>{text}</p></body></html>')


def site_with_pages(root: Path) -> Path:
    (root / "zh").mkdir(parents=True)
    (root / "en").mkdir()
    (root / "zh" / "index.html").write_text(PAGE.format(lang="zh-Hans", text="港口吞吐量"),
                                            encoding="utf-8")
    (root / "en" / "index.html").write_text(PAGE.format(lang="en", text="port throughput"),
                                            encoding="utf-8")
    return root


def test_the_index_has_one_language_each_in_a_stable_order_and_no_ui(tmp_path: Path) -> None:
    site = site_with_pages(tmp_path / "site")
    with Indexing(site) as indexing:
        indexing.finish()
    entry = (site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert sorted(json.loads(entry)["languages"]) == ["en", "zh-hans"]
    assert entry == json.dumps(json.loads(entry), ensure_ascii=False, sort_keys=True,
                               separators=(",", ":"))
    assert not list((site / "pagefind").glob("pagefind-*ui.*"))


def test_a_build_that_fails_while_pagefind_runs_ends_it(tmp_path: Path) -> None:
    site = site_with_pages(tmp_path / "site")
    with pytest.raises(RuntimeError), Indexing(site) as indexing:
        raise RuntimeError("a PDF failed")
    assert indexing.process.returncode is not None  # ended and reaped, not left running


def test_pagefind_failing_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="search indexing failed"), \
            Indexing(tmp_path / "missing") as indexing:
        indexing.finish()
