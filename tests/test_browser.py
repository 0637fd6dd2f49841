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
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium "
                    "(scripts/test-deps)")
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


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/zh/", "/en/", "/bilingual/", "/zh/facts/", "/en/facts/",
                                  "/404.html"])
@pytest.mark.parametrize("width", [320, 390, 1366, 1920])
def test_pages_load_cleanly_with_their_fonts(browser, server: str, path: str,
                                             width: int, scheme: str) -> None:
    page = open_page(browser, server + path, width, scheme)
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
    name = path.strip("/").replace("/", "-").replace(".html", "") or "landing"
    page.screenshot(path=str(ARTIFACTS / f"{name}-{width}-{scheme}.png"), full_page=True)
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
    bar = page.locator(".site-bar").bounding_box()
    assert box is not None and bar["y"] + bar["height"] <= box["y"] < bar["y"] + bar["height"] + 40
    page.close()


@pytest.mark.parametrize(("start", "link", "block"), [
    ("/zh/", "English", "why-digital-economy-6"),
    ("/en/", "中文", "act-fast-12"),
    ("/zh/", "中英对照", "deliver-5"),
    ("/bilingual/", "English", "act-fast-3"),
])
def test_language_switch_keeps_the_paragraph(browser, server: str, start: str, link: str,
                                             block: str) -> None:
    page = open_page(browser, f"{server}{start}#{block}", 1366)
    assert 30 < page.locator(f"#{block}").bounding_box()["y"] < 80  # below the sticky bar
    with page.expect_navigation():
        page.locator(".language-switch").get_by_text(link, exact=True).click()
    assert page.evaluate("location.hash") == f"#{block}"
    box = page.locator(f"#{block}").bounding_box()
    assert box is not None and 30 < box["y"] < 80  # the same paragraph, at the top
    assert page.problems == []
    page.close()


def test_language_switch_works_from_the_keyboard(browser, server: str) -> None:
    page = open_page(browser, f"{server}/zh/#lede-5", 1366)
    page.locator(".language-switch a", has_text="English").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/#lede-5")
    page.close()


def test_bilingual_page_is_two_columns_wide_and_interleaved_on_a_phone(browser, server: str):
    wide = open_page(browser, server + "/bilingual/", 1366)
    zh, en = (wide.locator("#lede-1 > .side").nth(i).bounding_box() for i in (0, 1))
    assert abs(zh["y"] - en["y"]) < 2 and en["x"] > zh["x"] + zh["width"]  # side by side
    wide.close()
    phone = open_page(browser, server + "/bilingual/", 390)
    zh, en = (phone.locator("#lede-1 > .side").nth(i).bounding_box() for i in (0, 1))
    assert en["y"] >= zh["y"] + zh["height"] and abs(en["x"] - zh["x"]) < 30  # stacked
    following = phone.locator("#lede-2 > .side").first.bounding_box()
    assert following["y"] > en["y"]  # Chinese, English, then the next Chinese paragraph
    phone.close()


@pytest.mark.parametrize(("path", "query", "expected"), [
    ("/zh/", "腾笼换鸟", "腾笼换鸟"), ("/zh/", "算力", "算力"),
    ("/en/", "data exchange", "data exchange"),
])
def test_search_finds_the_query_in_its_edition(browser, server: str, path: str, query: str,
                                               expected: str) -> None:
    page = open_page(browser, server + path, 1366)
    page.fill("#search-input", query)
    page.wait_for_selector(".search-results li", timeout=10000)
    hits = page.locator(".search-results li")
    texts = [t.lower() for t in hits.all_inner_texts()]
    assert any(expected.lower() in t for t in texts), texts
    hrefs = [a.get_attribute("href") for a in hits.locator("a").all()]
    assert all(h.startswith(path) for h in hrefs)  # hits in the same edition only
    assert page.problems == []
    page.close()


FACE_TEXT = """() => {
  const found = {};
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, element = node.parentElement;
    if (!node.textContent.trim() || !element || element.closest('script, style')) continue;
    const style = getComputedStyle(element);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const family = style.fontFamily.split(',')[0].replace(/"/g, '').trim();
    const key = family + '|' + style.fontWeight;
    found[key] = (found[key] || '') + node.textContent;
  }
  return found;
}"""


@pytest.mark.parametrize("path", ["/", "/zh/", "/en/", "/bilingual/", "/zh/facts/", "/en/facts/",
                                  "/404.html"])
def test_each_face_covers_the_text_set_in_it(browser, server: str, path: str,
                                            real_site: tuple[Path, Run]) -> None:
    """A subset must hold every character its face draws: a heading-face pull quote whose
    characters are only in the body face shows tofu (and wrong glyphs in the PDF)."""
    import re

    from fontTools.ttLib import TTFont

    page = open_page(browser, server + path, 1366)
    text_by_face = page.evaluate(FACE_TEXT)
    html = page.content()
    page.close()
    faces = {}
    for family, weight, url in re.findall(
            r'font-family: "([^"]+)"; font-weight: (\d+);[^}]*?src: url\("([^"]+)"\)', html):
        local = (real_site[0] / (path.lstrip("/") if path.endswith("/") else "")).resolve()
        target = real_site[0] / url.lstrip("/") if url.startswith("/") else local / url
        faces[(family, int(weight))] = set(TTFont(target.resolve()).getBestCmap())
    for key, text in text_by_face.items():
        family, weight = key.split("|")
        candidates = [w for f, w in faces if f == family]
        if not candidates:
            continue  # a system font for form controls and the like
        nearest = min(candidates, key=lambda w: abs(w - int(weight)))
        missing = sorted({c for c in text if not c.isspace()
                          and ord(c) not in faces[(family, nearest)]})
        assert missing == [], (path, key, "".join(missing))
