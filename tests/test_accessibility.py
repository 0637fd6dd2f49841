"""Accessibility and validity of every page of the port-report fixture: axe-core in
Chromium, the Nu Html Checker. tests/content/ runs the same checks on the real content."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browsing import PATHS, axe_violations, open_page, serve
from .conftest import Run
from .site_checks import html_errors, requests_leaving


@pytest.fixture(scope="module")
def server(port_site: tuple[Path, Run]) -> Iterator[str]:
    with serve(port_site[0]) as base:
        yield base


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("path", PATHS)
def test_axe_finds_no_violations(browser, server: str, path: str, width: int,
                                 scheme: str) -> None:
    assert axe_violations(browser, server + path, width, scheme) == []


def test_keyboard_reaches_skip_link_switcher_and_toc(browser, server: str) -> None:
    page = open_page(browser, server + "/zh/", 1366)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    outline = page.evaluate("getComputedStyle(document.activeElement).top")
    assert outline != "-48px"  # the skip link shows itself when focused
    reached = set()
    for _ in range(12):
        page.keyboard.press("Tab")
        reached.add(page.evaluate(
            "document.activeElement.closest('nav, .search, .site-bar')?.className || ''"))
    assert {"language-switch", "toc"} <= {r.split()[0] for r in reached if r}
    page.close()


def test_every_page_is_valid_html(port_site: tuple[Path, Run]) -> None:
    assert html_errors(port_site[0]) == []


def test_no_request_leaves_the_site(port_site: tuple[Path, Run]) -> None:
    assert requests_leaving(port_site[0]) == []
