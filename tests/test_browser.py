"""Pages in a real headless Chromium (Debian's, driven by Playwright): load, fonts, layout."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO, Run

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "tests" / "artifacts"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(real_site: tuple[Path, Run]) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(real_site[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield chromium
        chromium.close()


def open_page(browser, url: str, width: int, scheme: str = "light"):
    """Open `url`, recording console errors and failed requests."""
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    return page


@pytest.mark.parametrize("path", ["/", "/zh/", "/en/"])
@pytest.mark.parametrize("width", [390, 1366])
def test_pages_load_cleanly_with_their_fonts(browser, server: str, path: str,
                                             width: int) -> None:
    page = open_page(browser, server + path, width)
    assert page.problems == []
    statuses = page.evaluate("[...document.fonts].map(f => f.family + ' ' + f.status)")
    assert statuses and not [s for s in statuses if s.endswith("error")]
    assert page.evaluate("document.fonts.check('700 20px \"Report Sans\"', '天心')")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily"
                         ).startswith('"Report Sans"')
    if path != "/":
        assert "Report Serif loaded" in statuses
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    ARTIFACTS.mkdir(exist_ok=True)
    name = path.strip("/") or "landing"
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.close()


def test_chinese_wrapped_text_has_no_stray_spaces_in_the_dom(browser, server: str) -> None:
    page = open_page(browser, server + "/zh/", 1366)
    text = page.inner_text("article")
    assert "岁末年初，长沙市天心经开区推出了一组记忆2023" in text.replace(" ", "")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    heading = page.locator("h1")
    assert heading.evaluate("e => getComputedStyle(e).fontFamily").startswith('"Report Sans"')
    page.close()


def test_toc_links_reach_their_sections(browser, server: str) -> None:
    page = open_page(browser, server + "/zh/", 390)
    link = page.locator("nav.toc a").nth(1)
    target = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == target
    box = page.locator(target).bounding_box()
    assert box is not None and abs(box["y"]) < 40  # the heading is scrolled to the top
    page.close()
