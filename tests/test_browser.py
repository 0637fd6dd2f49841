"""Pages in a real headless Chromium (Debian's, driven by Playwright): load, fonts, layout,
the language switch and search, on the port-report fixture (tests/fixtures/port-report).
The real content's pages are loaded by tests/content/test_sample_in_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browsing import PATHS, face_gaps, load_problems, open_page, serve
from .conftest import Run


@pytest.fixture(scope="module")
def server(port_site: tuple[Path, Run]) -> Iterator[str]:
    with serve(port_site[0]) as base:
        yield base


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("width", [320, 390, 1366, 1920])
def test_pages_load_cleanly_with_their_fonts(browser, server: str, path: str,
                                             width: int, scheme: str) -> None:
    name = path.strip("/").replace("/", "-").replace(".html", "") or "landing"
    assert load_problems(browser, server, path, width, scheme,
                         screenshot=f"{name}-{width}-{scheme}.png") == []


def test_chinese_wrapped_text_has_no_stray_spaces_in_the_dom(browser, server: str) -> None:
    # zh/01-lede.md wraps its first paragraph after 还没散尽。 and after 接电箱，
    page = open_page(browser, server + "/zh/", 1366)
    text = page.inner_text("article")
    assert "薄雾还没散尽。一艘满载集装箱的江轮" in text
    assert "岸边的接电箱，机舱里的柴油辅机" in text
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
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
    ("/zh/", "English", "lede-3"),
    ("/en/", "中文", "shore-power-4"),
    ("/zh/", "中英对照", "shore-power-3"),
    ("/bilingual/", "English", "rail-and-wetland-1"),
    ("/en/", "中文", "fig-quay"),
])
def test_language_switch_keeps_the_paragraph(browser, server: str, start: str,
                                             link: str, block: str) -> None:
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
    page = open_page(browser, f"{server}/zh/#lede-2", 1366)
    page.locator(".language-switch a", has_text="English").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/#lede-2")
    page.close()


def test_bilingual_page_is_two_columns_wide_and_interleaved_on_a_phone(browser,
                                                                       server: str) -> None:
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
    ("/zh/", "岸电", "岸电"), ("/zh/", "铁水联运", "铁水联运"),
    ("/en/", "shore power", "shore power"),
])
def test_search_finds_the_query_in_its_edition(browser, server: str, path: str,
                                               query: str, expected: str) -> None:
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


@pytest.mark.parametrize("path", PATHS)
def test_each_face_covers_the_text_set_in_it(browser, server: str, path: str,
                                            port_site: tuple[Path, Run]) -> None:
    """A subset must hold every character its face draws (the pull quote, in the heading
    face, is the case that once showed tofu)."""
    assert face_gaps(browser, server, port_site[0], path) == []


# test_serve.py takes the Chromium fixture from here, where it was defined before conftest
from .conftest import browser as browser  # noqa: E402
