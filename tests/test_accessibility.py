"""Accessibility and validity of every page: axe-core in Chromium, the Nu Html Checker."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO, Run
from .test_browser import browser, open_page, server  # noqa: F401  (shared fixtures)

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = ["/", "/zh/", "/en/", "/bilingual/", "/404.html", "/zh/facts/", "/en/facts/"]


def require(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path} is missing: `make test` runs `npm ci` to install it")
    return path


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violations(browser, server: str, path: str, width: int,  # noqa: F811
                                 scheme: str) -> None:
    page = open_page(browser, server + path, width, scheme)
    page.add_script_tag(path=str(require(AXE)))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    page.close()


def test_keyboard_reaches_skip_link_switcher_and_toc(browser, server: str) -> None:  # noqa: F811
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


def test_every_page_is_valid_html(real_site: tuple[Path, Run]) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java is missing: `make test` installs default-jre-headless "
                    "(scripts/test-deps)")
    pages = sorted(str(p) for p in real_site[0].rglob("*.html"))
    assert len(pages) == 7
    result = subprocess.run([java, "-jar", str(require(VNU)), "--errors-only", "--format",
                             "json", *pages], capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rsplit("/", 2)[-2:], m.get("lastLine"), m["message"])
            for m in messages] == []


def test_no_request_leaves_the_site(real_site: tuple[Path, Run]) -> None:
    for page in real_site[0].rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for url in set(__import__("re").findall(r'(?:src|href)="(https?://[^"]+)"', text)):
            pytest.fail(f"{page.name} loads {url}")
