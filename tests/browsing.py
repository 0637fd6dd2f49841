"""Browser helpers shared by the engine's browser tests and tests/content/: serve a built
site on a free port, open a page recording its problems, find text a face cannot draw."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .conftest import REPO, require_file

ARTIFACTS = REPO / "tests" / "artifacts"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PATHS = ["/", "/zh/", "/en/", "/bilingual/", "/zh/facts/", "/en/facts/", "/404.html"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A built site served over HTTP on 127.0.0.1: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def open_page(browser: Any, url: str, width: int, scheme: str = "light") -> Any:
    """Open `url`, recording console errors and failed requests in `page.problems`."""
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(f"{r.status} {r.url}"))
    page.goto(url, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    return page


def load_problems(browser: Any, base: str, path: str, width: int, scheme: str = "light",
                  screenshot: str | None = None) -> list[str]:
    """What goes wrong loading a page: console errors, failed requests, a font that did
    not load, a heading not in the heading face, a page wider than the screen."""
    page = open_page(browser, base + path, width, scheme)
    problems = list(page.problems)
    statuses = page.evaluate("[...document.fonts].map(f => f.family + ' ' + f.status)")
    problems += [s for s in statuses if s.endswith("error")]
    if not statuses:
        problems.append("no web fonts")
    if path != "/" and "Report Serif loaded" not in statuses:
        problems.append(f"the body face did not load: {statuses}")
    heading = page.evaluate("document.querySelector('h1').textContent.trim()")
    if not page.evaluate("t => document.fonts.check('700 20px \"Report Sans\"', t)", heading):
        problems.append(f"the heading face cannot draw the h1 {heading!r}")
    if not page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily"
                         ).startswith('"Report Sans"'):
        problems.append("the h1 is not set in Report Sans")
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"wider than the {width}px screen: it scrolls sideways")
    if screenshot:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
    page.close()
    return problems


def axe_violations(browser: Any, url: str, width: int, scheme: str) -> list[tuple]:
    """What axe-core finds wrong with a page: (rule, the first three elements)."""
    page = open_page(browser, url, width, scheme)
    page.add_script_tag(path=str(require_file(AXE)))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    page.close()
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


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


def face_gaps(browser: Any, base: str, out: Path, path: str) -> list[tuple[str, str]]:
    """Characters set in a face whose subset cannot draw them: (family|weight, chars). A
    heading-face pull quote whose characters are only in the body face shows tofu."""
    from fontTools.ttLib import TTFont

    page = open_page(browser, base + path, 1366)
    text_by_face = page.evaluate(FACE_TEXT)
    html = page.content()
    page.close()
    faces = {}
    for family, weight, url in re.findall(
            r'font-family: "([^"]+)"; font-weight: (\d+);[^}]*?src: url\("([^"]+)"\)', html):
        local = (out / (path.lstrip("/") if path.endswith("/") else "")).resolve()
        target = out / url.lstrip("/") if url.startswith("/") else local / url
        faces[(family, int(weight))] = set(TTFont(target.resolve()).getBestCmap())
    gaps = []
    for key, text in text_by_face.items():
        family, weight = key.split("|")
        candidates = [w for f, w in faces if f == family]
        if not candidates:
            continue  # a system font for form controls and the like
        nearest = min(candidates, key=lambda w: abs(w - int(weight)))
        missing = sorted({c for c in text if not c.isspace()
                          and ord(c) not in faces[(family, nearest)]})
        if missing:
            gaps.append((key, "".join(missing)))
    return gaps
